// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IAgentRole} from "../../interfaces/IAgentRole.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ISecurityToken} from "../../interfaces/ISecurityToken.sol";
import {IToken} from "../../interfaces/IToken.sol";
import {IERC1404} from "../../interfaces/IERC1404.sol";
import {IERC7943Fungible} from "../../interfaces/IERC7943.sol";

/// @title TokenRoles
/// @notice The token's owner and its agents' five powers (supply, freeze, transfer, recovery, pause).
/// @dev Powers are OpenZeppelin AccessControl roles. The owner (Ownable2Step) is the only account that
/// grants and revokes them: `DEFAULT_ADMIN_ROLE` is held by nobody, and {grantRole}/{revokeRole} check
/// ownership instead, so a role can never outlive or escape the owner's control. ERC-3643's agent
/// functions grant or revoke all five powers at once.
abstract contract TokenRoles is AccessControl, Ownable2Step, ISecurityToken {
    /// @dev ERC-165 id of ERC-20 (`type(IERC20).interfaceId`).
    bytes4 private constant _ERC20_INTERFACE_ID = 0x36372b07;
    /// @dev ERC-165 id of the standard's `IERC3643` (0xb97d944c): T-REX's {IToken} without the ERC-20
    /// metadata getters, which the standard's interface inherits rather than declares.
    bytes4 private constant _ERC3643_INTERFACE_ID = type(IToken).interfaceId ^ IERC20Metadata.name.selector
        ^ IERC20Metadata.symbol.selector ^ IERC20Metadata.decimals.selector;

    /// @notice Power to mint and burn.
    bytes32 public constant override SUPPLY_ROLE = keccak256("SUPPLY_ROLE");
    /// @notice Power to freeze and unfreeze wallets and tokens.
    bytes32 public constant override FREEZE_ROLE = keccak256("FREEZE_ROLE");
    /// @notice Power to force transfers.
    bytes32 public constant override TRANSFER_ROLE = keccak256("TRANSFER_ROLE");
    /// @notice Power to recover a lost wallet.
    bytes32 public constant override RECOVERY_ROLE = keccak256("RECOVERY_ROLE");
    /// @notice Power to pause and unpause.
    bytes32 public constant override PAUSE_ROLE = keccak256("PAUSE_ROLE");

    /// @inheritdoc IAgentRole
    function addAgent(address _agent) external onlyOwner {
        if (_agent == address(0)) revert AgentRoleZeroAddress();
        if (isAgent(_agent)) revert AgentRoleAlreadyAgent(_agent);
        bytes32[5] memory roles = _agentRoles();
        for (uint256 i; i < roles.length; ++i) _grantRole(roles[i], _agent);
        emit AgentAdded(_agent);
    }

    /// @inheritdoc IAgentRole
    function removeAgent(address _agent) external onlyOwner {
        if (!isAgent(_agent)) revert AgentRoleNotAgent(_agent);
        bytes32[5] memory roles = _agentRoles();
        for (uint256 i; i < roles.length; ++i) _revokeRole(roles[i], _agent);
        emit AgentRemoved(_agent);
    }

    /// @notice Grant one power. Requirements: caller is the owner. Emits a {RoleGranted} event if new.
    function grantRole(bytes32 role, address account) public override onlyOwner {
        _grantRole(role, account);
    }

    /// @notice Revoke one power. Requirements: caller is the owner. Emits a {RoleRevoked} event if held.
    function revokeRole(bytes32 role, address account) public override onlyOwner {
        _revokeRole(role, account);
    }

    /// @inheritdoc IAgentRole
    function isAgent(address _agent) public view returns (bool) {
        bytes32[5] memory roles = _agentRoles();
        for (uint256 i; i < roles.length; ++i) {
            if (!hasRole(roles[i], _agent)) return false;
        }
        return true;
    }

    /// @notice Whether this token implements `interfaceId`: ERC-165, AccessControl, ERC-20, ERC-3643 (the
    /// standard's `IERC3643`, 0xb97d944c, and T-REX's {IToken}), ERC-1404 and ERC-7943 (fungible, 0x3edbb4c4).
    function supportsInterface(bytes4 interfaceId) public view override(AccessControl, IERC165) returns (bool) {
        return interfaceId == _ERC3643_INTERFACE_ID || interfaceId == type(IToken).interfaceId
            || interfaceId == type(IERC1404).interfaceId
            || interfaceId == type(IERC7943Fungible).interfaceId || interfaceId == _ERC20_INTERFACE_ID
            || super.supportsInterface(interfaceId);
    }

    /// @dev The five agent powers.
    function _agentRoles() private pure returns (bytes32[5] memory) {
        return [SUPPLY_ROLE, FREEZE_ROLE, TRANSFER_ROLE, RECOVERY_ROLE, PAUSE_ROLE];
    }
}
