// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title IMaxBalanceModule
/// @notice Caps what one investor identity holds, all its wallets summed: a mint, transfer or forced
/// transfer that would take the recipient identity above the cap is refused with code 18
/// (`MAX_BALANCE_EXCEEDED`). Moves between wallets of one identity never change its holding.
/// @dev The module keeps each identity's balance from the changes it sees, so add it before the first
/// issuance. A wallet with no identity counts as its own identity. A cap of zero means no cap.
interface IMaxBalanceModule is IConfigurableModule {
    /// @notice Emitted when the cap changes.
    event MaxBalanceSet(address indexed compliance, uint256 maxBalance);

    /// @notice Set the cap per identity (zero: no cap). Holdings already above it stay, but cannot grow.
    /// Emits a {MaxBalanceSet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`).
    function setMaxBalance(uint256 maxBalance) external;

    /// @notice The cap per identity (zero: none).
    function maxBalance(address compliance) external view returns (uint256);

    /// @notice What `identity` holds across all its wallets, as this module has counted it.
    function identityBalance(address compliance, address identity) external view returns (uint256);
}
