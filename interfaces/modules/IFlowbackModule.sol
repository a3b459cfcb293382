// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title IFlowbackModule
/// @notice Regulation S flowback: until the end of the distribution compliance period (40 days, 6 months
/// or 1 year from the offering's closing, by Regulation S category), the security may not go to a US
/// person. A recipient registered in the United States (840), or without the non-US-person claim when its
/// topic is set, is refused with code 24 (`FLOWBACK_RESTRICTED`) on mints, transfers and forced transfers.
/// From the end time on, the rule refuses nothing.
interface IFlowbackModule is IConfigurableModule {
    /// @notice Emitted when the end of the period or the non-US-person topic changes.
    event FlowbackSet(address indexed compliance, uint64 endTime, uint256 topic);

    /// @notice Set the end of the distribution compliance period (unix seconds; 0: no period).
    /// Emits a {FlowbackSet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`);
    /// - `endTime` fits in 40 bits.
    function setFlowbackEnd(uint64 endTime) external;

    /// @notice Set the claim topic (0-95) that certifies a non-US person. Emits a {FlowbackSet} event.
    ///
    /// Requirements: as {setFlowbackEnd}; `topic` is at most 95.
    function setNonUsPersonTopic(uint256 topic) external;

    /// @notice The end of the period and the non-US-person topic (`type(uint256).max` when none is set).
    function flowback(address compliance) external view returns (uint64 endTime, uint256 topic);
}
