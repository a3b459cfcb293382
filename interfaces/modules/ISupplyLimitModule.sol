// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title ISupplyLimitModule
/// @notice Caps the total supply: a mint that would take it above the limit is refused with code 20
/// (`SUPPLY_LIMIT_EXCEEDED`). Transfers cost no storage read.
/// @dev The module counts the supply itself from the mints and burns it sees, so add it before the
/// first issuance. A limit of zero means no limit.
interface ISupplyLimitModule is IConfigurableModule {
    /// @notice Emitted when the limit changes.
    event SupplyLimitSet(address indexed compliance, uint256 limit);

    /// @notice Set the supply limit (zero: no limit). A limit below the current supply blocks mints
    /// until burns bring the supply under it.
    /// Emits a {SupplyLimitSet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`); `limit` fits in 128 bits.
    function setSupplyLimit(uint256 limit) external;

    /// @notice The supply limit (zero: none).
    function supplyLimit(address compliance) external view returns (uint256);

    /// @notice The supply as this module has counted it (mints minus burns).
    function supply(address compliance) external view returns (uint256);
}
