// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IAgentRole} from "../../interfaces/IAgentRole.sol";

/// @title AgentRole
/// @notice ERC-3643's owner-appointed agents, for contracts with a single agent power.
abstract contract AgentRole is Ownable2Step, IAgentRole {
    mapping(address account => bool) private _agents;

    /// @dev Only an agent appointed by the owner.
    modifier onlyAgent() {
        _checkAgent();
        _;
    }

    /// @dev The check of {onlyAgent}, in one place (not copied into every function the modifier guards).
    function _checkAgent() internal view {
        if (!_agents[msg.sender]) revert AgentRoleUnauthorized(msg.sender);
    }

    /// @inheritdoc IAgentRole
    function addAgent(address _agent) external onlyOwner {
        if (_agent == address(0)) revert AgentRoleZeroAddress();
        if (_agents[_agent]) revert AgentRoleAlreadyAgent(_agent);
        _agents[_agent] = true;
        emit AgentAdded(_agent);
    }

    /// @inheritdoc IAgentRole
    function removeAgent(address _agent) external onlyOwner {
        if (!_agents[_agent]) revert AgentRoleNotAgent(_agent);
        _agents[_agent] = false;
        emit AgentRemoved(_agent);
    }

    /// @inheritdoc IAgentRole
    function isAgent(address _agent) external view returns (bool) {
        return _agents[_agent];
    }
}
