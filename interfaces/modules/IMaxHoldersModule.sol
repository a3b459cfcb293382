// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title IMaxHoldersModule
/// @notice Caps the number of distinct investor identities holding a balance, overall and per country.
/// A balance change that would make a new identity a holder while the cap (overall, or for the
/// recipient's country) is reached is refused with code 19 (`MAX_HOLDERS_EXCEEDED`), unless the same
/// change makes another identity of the same scope stop holding.
/// @dev Counts identities, not wallets, exactly under mint, burn, transfer, forced transfer and
/// recovery: the module keeps each identity's balance, summed over its wallets, so add it before the
/// first issuance. An identity is counted under the country it had when it became a holder. A wallet
/// with no identity counts as its own identity. A cap of zero means no cap.
interface IMaxHoldersModule is IConfigurableModule {
    /// @notice Emitted when the overall cap changes.
    event HolderCapSet(address indexed compliance, uint256 cap);
    /// @notice Emitted when the cap for `country` changes.
    event CountryHolderCapSet(address indexed compliance, uint16 indexed country, uint256 cap);

    /// @notice A cap does not fit in 32 bits.
    error ModuleHolderCapTooLarge(uint256 cap);

    /// @notice Set the overall cap (zero: none). A cap below the current count blocks new holders only.
    /// Emits a {HolderCapSet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`); `cap` fits in 32 bits.
    function setHolderCap(uint256 cap) external;

    /// @notice Set the cap for holders from `country` (zero: none).
    /// Emits a {CountryHolderCapSet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`); `country` is in 1-999; `cap` fits in 32 bits.
    function setCountryHolderCap(uint16 country, uint256 cap) external;

    /// @notice The overall cap and the number of identities holding a balance.
    function holders(address compliance) external view returns (uint256 cap, uint256 count);

    /// @notice The cap for `country` and the number of holders counted under it.
    function countryHolders(address compliance, uint16 country) external view returns (uint256 cap, uint256 count);

    /// @notice What `identity` holds across its wallets, and the country it is counted under.
    function holding(address compliance, address identity) external view returns (uint256 balance, uint16 country);
}
