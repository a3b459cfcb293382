// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2StepUpgradeable} from "@openzeppelin/contracts-upgradeable/access/Ownable2StepUpgradeable.sol";
import {IAgentRole} from "../../interfaces/IAgentRole.sol";

/// @title AgentRole
/// @notice ERC-3643's owner-appointed agents, for contracts with a single agent power.
/// @dev For contracts behind a proxy: the agents live in an ERC-7201 namespace, the owner in OpenZeppelin's.
abstract contract AgentRole is Ownable2StepUpgradeable, IAgentRole {
    /// @custom:storage-location erc7201:sectoken.storage.AgentRole
    struct AgentRoleState {
        mapping(address account => bool) agents;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.AgentRole")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _AGENT_ROLE_SLOT = 0x7c5e7185b279746d41c38be50d13d6aa83243e9006387f19d5fb0329fd253800;

    /// @dev Only an agent appointed by the owner.
    modifier onlyAgent() {
        _checkAgent();
        _;
    }

    /// @dev The check of {onlyAgent}, in one place (not copied into every function the modifier guards).
    function _checkAgent() internal view {
        if (!_agentRole().agents[msg.sender]) revert AgentRoleUnauthorized(msg.sender);
    }

    /// @inheritdoc IAgentRole
    function addAgent(address _agent) external onlyOwner {
        if (_agent == address(0)) revert AgentRoleZeroAddress();
        AgentRoleState storage $ = _agentRole();
        if ($.agents[_agent]) revert AgentRoleAlreadyAgent(_agent);
        $.agents[_agent] = true;
        emit AgentAdded(_agent);
    }

    /// @inheritdoc IAgentRole
    function removeAgent(address _agent) external onlyOwner {
        AgentRoleState storage $ = _agentRole();
        if (!$.agents[_agent]) revert AgentRoleNotAgent(_agent);
        $.agents[_agent] = false;
        emit AgentRemoved(_agent);
    }

    /// @inheritdoc IAgentRole
    function isAgent(address _agent) external view returns (bool) {
        return _agentRole().agents[_agent];
    }

    /// @dev The agents' state.
    function _agentRole() private pure returns (AgentRoleState storage $) {
        assembly {
            $.slot := _AGENT_ROLE_SLOT
        }
    }
}
