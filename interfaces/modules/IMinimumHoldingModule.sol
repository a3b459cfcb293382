// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title IMinimumHoldingModule
/// @notice Minimum holdings and whole-position transfers. A holder's transfer or a mint that would leave
/// the sender or the recipient investor identity with a positive holding below the minimum (its country's
/// own when set, else the token's) is refused with code 26 (`BELOW_MINIMUM_HOLDING`). With full transfers
/// required, a holder's transfer must move its identity's whole holding (code 27,
/// `FULL_TRANSFER_REQUIRED`). Moves between wallets of one identity, burns and forced transfers are not
/// judged by this rule.
interface IMinimumHoldingModule is IConfigurableModule {
    /// @notice Emitted when the token's minimum holding or the full-transfer requirement changes.
    event MinimumHoldingSet(address indexed compliance, uint256 amount, bool fullTransfer);
    /// @notice Emitted when the minimum holding of `country` changes (0: the token's applies).
    event CountryMinimumHoldingSet(address indexed compliance, uint16 indexed country, uint256 amount);

    /// @notice Set the minimum positive holding of an investor identity (0: none).
    /// Emits a {MinimumHoldingSet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`);
    /// - `amount` fits in 112 bits.
    function setMinimumHolding(uint256 amount) external;

    /// @notice Set `country`'s own minimum holding (0: the token's applies).
    /// Emits a {CountryMinimumHoldingSet} event.
    ///
    /// Requirements: as {setMinimumHolding}; `country` is in 1-999.
    function setCountryMinimumHolding(uint16 country, uint256 amount) external;

    /// @notice Require (or not) that a holder's transfer moves its whole holding.
    /// Emits a {MinimumHoldingSet} event.
    function setFullTransfer(bool on) external;

    /// @notice The token's minimum holding and whether full transfers are required.
    function minimumHolding(address compliance) external view returns (uint256 amount, bool fullTransfer);

    /// @notice `country`'s own minimum holding and its minimum transfer.
    function countryMinimums(address compliance, uint16 country)
        external
        view
        returns (uint256 minHolding, uint256 minTransfer);
}
