// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title IMinimumTransferModule
/// @notice A minimum amount per transfer, by the sender's country: a holder's transfer of less is refused
/// with code 28 (`TRANSFER_BELOW_MINIMUM`). Moves between wallets of one identity, mints, burns and forced
/// transfers are not judged by this rule.
interface IMinimumTransferModule is IConfigurableModule {
    /// @notice Emitted when the minimum transfer of `country` changes (0: none).
    event CountryMinimumTransferSet(address indexed compliance, uint16 indexed country, uint256 amount);

    /// @notice Set the minimum transfer for senders from `country` (0: none).
    /// Emits a {CountryMinimumTransferSet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`);
    /// - `country` is in 1-999; `amount` fits in 112 bits.
    function setCountryMinimumTransfer(uint16 country, uint256 amount) external;

    /// @notice The minimum transfer for senders from `country`.
    function countryMinimumTransfer(address compliance, uint16 country) external view returns (uint256);
}
