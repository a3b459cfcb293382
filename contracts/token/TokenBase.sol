// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {Ownable2StepUpgradeable} from "@openzeppelin/contracts-upgradeable/access/Ownable2StepUpgradeable.sol";
import {IToken} from "../../interfaces/IToken.sol";
import {IERC7943Fungible} from "../../interfaces/IERC7943.sol";
import {ISecurityToken} from "../../interfaces/ISecurityToken.sol";
import {Flags, Ledger, TokenStorage} from "./TokenStorage.sol";

/// @title TokenBase
/// @notice What the security token and its admin companion share: the owner (Ownable2Step), the agents'
/// five powers (AccessControl roles, granted by the owner only), the namespaced state, and the internals of
/// freezes. The token's full interface is {ISecurityToken}; its functions are split between
/// {SecurityToken} (balances, the rule engine, agent operations) and {TokenAdmin} (settings and views),
/// whose code runs in the token's storage.
/// @dev Events and errors are those of the interfaces, emitted and raised by qualified name.
abstract contract TokenBase is AccessControlUpgradeable, Ownable2StepUpgradeable, TokenStorage {
    /// @notice Power to mint and burn.
    bytes32 public constant SUPPLY_ROLE = keccak256("SUPPLY_ROLE");
    /// @notice Power to freeze and unfreeze wallets and tokens.
    bytes32 public constant FREEZE_ROLE = keccak256("FREEZE_ROLE");
    /// @notice Power to force transfers.
    bytes32 public constant TRANSFER_ROLE = keccak256("TRANSFER_ROLE");
    /// @notice Power to recover a lost wallet.
    bytes32 public constant RECOVERY_ROLE = keccak256("RECOVERY_ROLE");
    /// @notice Power to pause and unpause.
    bytes32 public constant PAUSE_ROLE = keccak256("PAUSE_ROLE");

    /// @dev The implementation version both halves report.
    string internal constant _VERSION = "2.0.0";

    /// @notice Whether `account` holds `role` (AccessControl): one of the five agent powers is read from the
    /// account's powers word, any other role (and a power granted by an implementation before the powers
    /// word) from AccessControl's own storage.
    function hasRole(bytes32 role, address account) public view override returns (bool) {
        uint256 bit = _powerBit(role);
        if (bit != 0 && _state().powers[account] & bit != 0) return true;
        return super.hasRole(role, account);
    }

    /// @dev Grant `role` to `account`: an agent power as a bit of its powers word. Emits a {RoleGranted}
    /// event if new.
    function _grantRole(bytes32 role, address account) internal override returns (bool) {
        uint256 bit = _powerBit(role);
        if (bit == 0) return super._grantRole(role, account);
        if (hasRole(role, account)) return false;
        _state().powers[account] |= bit;
        emit RoleGranted(role, account, _msgSender());
        return true;
    }

    /// @dev Revoke `role` from `account`, wherever it is kept. Emits one {RoleRevoked} event if held.
    function _revokeRole(bytes32 role, address account) internal override returns (bool) {
        uint256 bit = _powerBit(role);
        if (bit == 0) return super._revokeRole(role, account);
        TokenState storage $ = _state();
        uint256 powers = $.powers[account];
        if (powers & bit != 0) $.powers[account] = powers & ~bit;
        if (super.hasRole(role, account)) return super._revokeRole(role, account);
        if (powers & bit == 0) return false;
        emit RoleRevoked(role, account, _msgSender());
        return true;
    }

    /// @dev The bit of an agent power in a powers word; 0 for any other role.
    function _powerBit(bytes32 role) private pure returns (uint256) {
        if (role == SUPPLY_ROLE) return 1;
        if (role == FREEZE_ROLE) return 2;
        if (role == TRANSFER_ROLE) return 4;
        if (role == RECOVERY_ROLE) return 8;
        if (role == PAUSE_ROLE) return 16;
        return 0;
    }

    /// @dev The frozen amount of a wallet whose account flags are `flags` (one more read only if flagged).
    function _frozenOf(address wallet, uint8 flags) internal view returns (uint256) {
        return flags & Flags.PARTIAL != 0 ? _state().frozenTokens[wallet] : 0;
    }

    /// @dev The part of `balance` not frozen, given `frozen` (which may exceed it).
    function _unfrozen(uint256 balance, uint256 frozen) internal pure returns (uint256) {
        // Cannot underflow: only taken when balance > frozen.
        unchecked {
            return balance > frozen ? balance - frozen : 0;
        }
    }

    /// @dev Freeze or unfreeze the wallet `account`; the caller is recorded as the acting agent.
    function _setAddressFrozen(address account, bool freeze) internal {
        Ledger storage a = _state().accounts[account];
        a.flags = freeze ? a.flags | Flags.FROZEN : a.flags & ~Flags.FROZEN;
        emit IToken.AddressFrozen(account, freeze, msg.sender);
    }

    /// @dev Set the frozen amount of `account`, emitting the ERC-3643 difference and the ERC-7943 total.
    function _setFrozen(address account, uint256 amount) internal {
        TokenState storage $ = _state();
        uint256 before = $.frozenTokens[account];
        $.frozenTokens[account] = amount;
        Ledger storage a = $.accounts[account];
        a.flags = amount != 0 ? a.flags | Flags.PARTIAL : a.flags & ~Flags.PARTIAL;
        // Cannot underflow: each difference is taken in the direction of the comparison.
        unchecked {
            if (amount > before) emit IToken.TokensFrozen(account, amount - before);
            else if (amount < before) emit IToken.TokensUnfrozen(account, before - amount);
        }
        emit IERC7943Fungible.Frozen(account, amount);
    }

    /// @dev Reverts on a length mismatch of batch arguments.
    function _checkLengths(uint256 a, uint256 b) internal pure {
        if (a != b) revert ISecurityToken.TokenLengthMismatch();
    }
}
