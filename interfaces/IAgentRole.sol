// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IAgentRole
/// @notice ERC-3643's agent role: the owner appoints agents who run day-to-day operations.
interface IAgentRole {
    /// @notice Emitted when `_agent` becomes an agent (ERC-3643 name).
    event AgentAdded(address indexed _agent);
    /// @notice Emitted when `_agent` stops being an agent (ERC-3643 name).
    event AgentRemoved(address indexed _agent);

    /// @notice The caller is not an agent.
    error AgentRoleUnauthorized(address caller);
    /// @notice `agent` is already an agent.
    error AgentRoleAlreadyAgent(address agent);
    /// @notice `agent` is not an agent.
    error AgentRoleNotAgent(address agent);
    /// @notice The zero address cannot be an agent.
    error AgentRoleZeroAddress();

    /// @notice Appoint `_agent`. Emits an {AgentAdded} event. Requirements: caller is the owner.
    function addAgent(address _agent) external;

    /// @notice Dismiss `_agent`. Emits an {AgentRemoved} event. Requirements: caller is the owner.
    function removeAgent(address _agent) external;

    /// @notice Whether `_agent` is an agent.
    function isAgent(address _agent) external view returns (bool);
}
