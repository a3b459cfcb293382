// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Proxy} from "@openzeppelin/contracts/proxy/Proxy.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {AccessControlUpgradeable} from "@openzeppelin/contracts-upgradeable/access/AccessControlUpgradeable.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IAgentRole} from "../../interfaces/IAgentRole.sol";
import {IToken} from "../../interfaces/IToken.sol";
import {IERC1404} from "../../interfaces/IERC1404.sol";
import {IERC7943Fungible} from "../../interfaces/IERC7943.sol";
import {IIdentityRegistry} from "../../interfaces/IIdentityRegistry.sol";
import {ICompliance} from "../../interfaces/ICompliance.sol";
import {ISecurityToken} from "../../interfaces/ISecurityToken.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";
import {Flags, Ledger, Switches} from "./TokenStorage.sol";
import {TokenEngine} from "./TokenEngine.sol";

/// @title SecurityToken
/// @notice A permissioned security token: ERC-20 whose every balance change checks who the parties are
/// (identity registry) and what the rules allow (the compliance rules compiled into the token, switched
/// and set through its ERC-3643 compliance), with ERC-3643's agent operations, ERC-1404 reasons and
/// ERC-7943 queries. Its interface is {ISecurityToken} and {IRuleEngine}.
/// @dev Runs behind an ERC-1967 proxy (UUPS, upgraded by the owner only). This contract holds the balance
/// changes and the rule engine; calls it does not implement (settings, freezes, metadata, views) run the
/// code of its {TokenAdmin} companion in the token's storage, which keeps each within the EIP-170 size
/// limit. Which token checks apply depends on the kind of change:
/// - Transfer: paused (1), sender frozen (2), recipient frozen (3), unfrozen balance (4), sender
///   verified (5), recipient verified (6). Code 4 reverts with the standard errors rather than
///   `TransferRestricted(4)`: `ERC20InsufficientBalance` above the balance,
///   `ERC7943InsufficientUnfrozenBalance` above the unfrozen part.
/// - Mint: recipient frozen (3) and verified (6); minting is an agent operation that pause does not stop.
/// - Burn: none; frozen tokens burnt are unfrozen first.
/// - Forced (forced transfer, recovery): recipient frozen (3) and verified (6) still apply, and so do the
///   rules that do not exempt forced transfers (country rules, eligibility, maximum balance, holder caps).
///   It overrides pause (1), a frozen sender (2), frozen tokens (4; unfrozen first), an unverified sender
///   (5), lock-ups (locked tokens taken are released, or move with them to another wallet of the same
///   identity) and transfer limits.
contract SecurityToken is TokenEngine, UUPSUpgradeable, Proxy {
    /// @dev ERC-165 id of ERC-20 (`type(IERC20).interfaceId`).
    bytes4 private constant _ERC20_INTERFACE_ID = 0x36372b07;
    /// @dev ERC-165 id of the standard's `IERC3643` (0xb97d944c): T-REX's {IToken} without the ERC-20
    /// metadata getters, which the standard's interface inherits rather than declares.
    bytes4 private constant _ERC3643_INTERFACE_ID = type(IToken).interfaceId ^ IERC20Metadata.name.selector
        ^ IERC20Metadata.symbol.selector ^ IERC20Metadata.decimals.selector;

    /// @dev The {TokenAdmin} contract whose code serves the calls this one does not implement.
    address private immutable _admin;

    /// @dev The implementation itself can never be initialised: only proxies are.
    /// @param admin The {TokenAdmin} companion of this implementation.
    constructor(address admin) {
        if (admin == address(0)) revert ISecurityToken.TokenZeroAddress();
        _admin = admin;
        _disableInitializers();
    }

    // ---------------------------------------------------------------- owner: powers

    /// @notice Grant one power. Requirements: caller is the owner. Emits a {RoleGranted} event if new.
    /// @dev The owner, not `DEFAULT_admin_ROLE` (held by nobody), grants and revokes every power.
    function grantRole(bytes32 role, address account) public override onlyOwner {
        _grantRole(role, account);
    }

    /// @notice Revoke one power. Requirements: caller is the owner. Emits a {RoleRevoked} event if held.
    function revokeRole(bytes32 role, address account) public override onlyOwner {
        _revokeRole(role, account);
    }

    // ---------------------------------------------------------------- agents

    /// @notice Issue `_amount` to `_to`. Requirements: supply power; the rules allow it.
    function mint(address _to, uint256 _amount) public onlyRole(SUPPLY_ROLE) {
        _mint(_to, _amount);
    }

    /// @notice Destroy `_amount` of `_userAddress`'s tokens (frozen ones unfrozen first). Requirements: supply power.
    function burn(address _userAddress, uint256 _amount) public onlyRole(SUPPLY_ROLE) {
        _burn(_userAddress, _amount);
    }

    /// @notice Move `_amount` from `_from` to `_to` without the holder's consent (court order, correction).
    /// @dev See the contract's notes for what it overrides. Frozen tokens taken are unfrozen first, with
    /// {TokensUnfrozen} and {Frozen} before `Transfer`. Emits {ForcedTransfer}.
    /// Requirements: transfer power; `_amount` at most `_from`'s balance.
    function forcedTransfer(address _from, address _to, uint256 _amount)
        public
        onlyRole(TRANSFER_ROLE)
        returns (bool)
    {
        _forcedMove(_from, _to, _amount);
        emit IERC7943Fungible.ForcedTransfer(_from, _to, _amount);
        return true;
    }

    /// @notice Move a lost wallet's whole balance, its frozen tokens and its wallet freeze to `_newWallet`.
    /// @dev The move is a forced one (see {forcedTransfer}). Both wallets must be registered to
    /// `_investorOnchainID` in the identity registry (an identity agent registers the new wallet first;
    /// the lost one may be deleted afterwards). Emits {RecoverySuccess}.
    /// Requirements: recovery power; the lost wallet holds tokens.
    function recoveryAddress(address _lostWallet, address _newWallet, address _investorOnchainID)
        external
        onlyRole(RECOVERY_ROLE)
        returns (bool)
    {
        TokenState storage $ = _state();
        Ledger memory lost = $.accounts[_lostWallet];
        if (lost.balance == 0) revert ISecurityToken.TokenRecoveryNothingToRecover(_lostWallet);
        IIdentityRegistry registry = $.registry;
        if (registry.identity(_lostWallet) != _investorOnchainID) {
            revert ISecurityToken.TokenRecoveryIdentityMismatch(_lostWallet, _investorOnchainID);
        }
        if (registry.identity(_newWallet) != _investorOnchainID) {
            revert ISecurityToken.TokenRecoveryIdentityMismatch(_newWallet, _investorOnchainID);
        }
        uint256 lostFrozen = _frozenOf(_lostWallet, lost.flags);
        _forcedMove(_lostWallet, _newWallet, lost.balance);
        if (lostFrozen != 0) {
            uint256 kept = $.frozenTokens[_newWallet];
            // Saturating: either amount may be "all" (type(uint256).max).
            _setFrozen(_newWallet, kept > type(uint256).max - lostFrozen ? type(uint256).max : kept + lostFrozen);
        }
        if (lost.flags & Flags.FROZEN != 0) _setAddressFrozen(_newWallet, true);
        emit IToken.RecoverySuccess(_lostWallet, _newWallet, _investorOnchainID);
        return true;
    }

    /// @notice {transfer} to several recipients.
    function batchTransfer(address[] calldata _toList, uint256[] calldata _amounts) external {
        _checkLengths(_toList.length, _amounts.length);
        for (uint256 i; i < _toList.length; ++i) _transfer(msg.sender, _toList[i], _amounts[i]);
    }

    /// @notice {forcedTransfer} for several moves.
    function batchForcedTransfer(address[] calldata _fromList, address[] calldata _toList, uint256[] calldata _amounts)
        external
    {
        _checkLengths(_fromList.length, _toList.length);
        _checkLengths(_toList.length, _amounts.length);
        for (uint256 i; i < _fromList.length; ++i) forcedTransfer(_fromList[i], _toList[i], _amounts[i]);
    }

    /// @notice {mint} to several recipients.
    function batchMint(address[] calldata _toList, uint256[] calldata _amounts) external {
        _checkLengths(_toList.length, _amounts.length);
        for (uint256 i; i < _toList.length; ++i) mint(_toList[i], _amounts[i]);
    }

    /// @notice {burn} from several holders.
    function batchBurn(address[] calldata _userAddresses, uint256[] calldata _amounts) external {
        _checkLengths(_userAddresses.length, _amounts.length);
        for (uint256 i; i < _userAddresses.length; ++i) burn(_userAddresses[i], _amounts[i]);
    }

    // ---------------------------------------------------------------- views

    /// @notice ERC-1404: the restriction code of a holder transfer `from` -> `to` of `value` (0: allowed).
    function detectTransferRestriction(address from, address to, uint256 value) external view returns (uint8) {
        return _detect(from, to, value);
    }

    /// @notice ERC-7943: whether a holder transfer `from` -> `to` of `amount` is allowed now.
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return _detect(from, to, amount) == RestrictionCodes.SUCCESS;
    }

    /// @notice Whether this token implements `interfaceId`: ERC-165, AccessControl, ERC-20, ERC-3643 (the
    /// standard's `IERC3643`, 0xb97d944c, and T-REX's {IToken}), ERC-1404 and ERC-7943 (fungible, 0x3edbb4c4).
    function supportsInterface(bytes4 interfaceId) public view override(AccessControlUpgradeable) returns (bool) {
        return interfaceId == _ERC3643_INTERFACE_ID || interfaceId == type(IToken).interfaceId
            || interfaceId == type(IERC1404).interfaceId || interfaceId == type(IERC7943Fungible).interfaceId
            || interfaceId == _ERC20_INTERFACE_ID || super.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------- internals

    /// @dev Upgrades: the owner only.
    function _authorizeUpgrade(address) internal override onlyOwner {}

    /// @dev Calls this contract does not implement run {TokenAdmin}'s code in this token's storage.
    function _implementation() internal view override returns (address) {
        return _admin;
    }

    /// @dev An ERC-20 move flagged as forced for {_update}, which clears the flag as it reads it.
    function _forcedMove(address from, address to, uint256 amount) private {
        _state().config.switches |= Switches.FORCING;
        _transfer(from, to, amount);
    }
}
