// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IToken} from "../../interfaces/IToken.sol";
import {IERC1404} from "../../interfaces/IERC1404.sol";
import {IERC7943Fungible} from "../../interfaces/IERC7943.sol";
import {IIdentityRegistry} from "../../interfaces/IIdentityRegistry.sol";
import {ICompliance} from "../../interfaces/ICompliance.sol";
import {TransferKind, TransferContext} from "../../interfaces/ITransferTypes.sol";
import {RestrictionCodes, TransferRestricted} from "../libraries/RestrictionCodes.sol";
import {TokenFreezes} from "./TokenFreezes.sol";
import {TokenInfo} from "./TokenInfo.sol";

/// @title SecurityToken
/// @notice A permissioned security token: ERC-20 whose every balance change checks who the parties are
/// (identity registry) and what the rules allow (compliance), with ERC-3643's agent operations, ERC-1404
/// reasons and ERC-7943 queries.
/// @dev Every balance change (transfer, transferFrom, mint, burn, forced transfer, recovery) goes through
/// the one {_update} override. It reads each non-zero party once from the registry, applies the token's
/// own checks (codes 1-6), builds a {TransferContext} and has the compliance check and record it before
/// balances move. Which token checks apply depends on the kind of change:
/// - Transfer: paused (1), sender frozen (2), recipient frozen (3), unfrozen balance (4), sender
///   verified (5), recipient verified (6). Code 4 reverts with the standard errors rather than
///   `TransferRestricted(4)`: `ERC20InsufficientBalance` above the balance,
///   `ERC7943InsufficientUnfrozenBalance` above the unfrozen part.
/// - Mint: recipient frozen (3) and verified (6); minting is an agent operation that pause does not stop.
/// - Burn: none; frozen tokens burnt are unfrozen first.
/// - Forced (forced transfer, recovery): recipient frozen (3) and verified (6) still apply, and so do
///   the compliance modules that do not exempt forced transfers (e.g. country rules). It overrides
///   pause (1), a frozen sender (2), frozen tokens (4; they are unfrozen first) and an unverified sender
///   (5); compliance modules for lock-ups and transfer limits let `Forced` changes pass.
contract SecurityToken is TokenFreezes {
    // The registry, the pause flag and the forced-transfer flag share one slot (read on every change).
    IIdentityRegistry private _identityRegistry;
    bool private _paused;
    bool private _forcing;
    ICompliance private _compliance;

    /// @param name_ Token name.
    /// @param symbol_ Token symbol.
    /// @param decimals_ Decimals (0 for whole shares).
    /// @param identityRegistry_ Registry of investors.
    /// @param compliance_ Compliance; its owner binds it to this token once deployed (until then every
    /// balance change is refused by the compliance, `ComplianceOnlyToken`).
    /// @param onchainID_ The token's own ONCHAINID (may be zero).
    /// @param initialOwner Owner of the token.
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        address identityRegistry_,
        address compliance_,
        address onchainID_,
        address initialOwner
    ) TokenInfo(name_, symbol_, decimals_, onchainID_) Ownable(initialOwner) {
        _setIdentityRegistry(identityRegistry_);
        if (compliance_ == address(0)) revert TokenZeroAddress();
        _compliance = ICompliance(compliance_);
        emit ComplianceAdded(compliance_);
    }

    // ---------------------------------------------------------------- owner

    /// @inheritdoc IToken
    function setIdentityRegistry(address _newIdentityRegistry) external onlyOwner {
        _setIdentityRegistry(_newIdentityRegistry);
    }

    /// @inheritdoc IToken
    function setCompliance(address _newCompliance) external onlyOwner {
        _setCompliance(_newCompliance);
    }

    // ---------------------------------------------------------------- agents

    /// @inheritdoc IToken
    function pause() external onlyRole(PAUSE_ROLE) {
        if (_paused) revert TokenEnforcedPause();
        _paused = true;
        emit Paused(msg.sender);
    }

    /// @inheritdoc IToken
    function unpause() external onlyRole(PAUSE_ROLE) {
        if (!_paused) revert TokenExpectedPause();
        _paused = false;
        emit Unpaused(msg.sender);
    }

    /// @inheritdoc IToken
    function mint(address _to, uint256 _amount) public onlyRole(SUPPLY_ROLE) {
        _mint(_to, _amount);
    }

    /// @inheritdoc IToken
    function burn(address _userAddress, uint256 _amount) public onlyRole(SUPPLY_ROLE) {
        _burn(_userAddress, _amount);
    }

    /// @notice Move `_amount` from `_from` to `_to` without the holder's consent (court order, correction).
    /// @dev Overrides pause, a frozen sender wallet, frozen tokens (unfrozen first, with {TokensUnfrozen}
    /// and {Frozen} before `Transfer`), an unverified sender, and the compliance rules that exempt forced
    /// transfers (lock-ups, transfer limits). Never lands tokens with an unverified or frozen wallet, nor
    /// where any other compliance rule (e.g. the recipient's country) refuses. Emits {ForcedTransfer}.
    /// Requirements: transfer power; `_amount` at most `_from`'s balance.
    function forcedTransfer(address _from, address _to, uint256 _amount)
        public
        override
        onlyRole(TRANSFER_ROLE)
        returns (bool)
    {
        _forcedMove(_from, _to, _amount);
        emit ForcedTransfer(_from, _to, _amount);
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
        uint256 balance = balanceOf(_lostWallet);
        if (balance == 0) revert TokenRecoveryNothingToRecover(_lostWallet);
        IIdentityRegistry registry = _identityRegistry;
        if (registry.identity(_lostWallet) != _investorOnchainID) {
            revert TokenRecoveryIdentityMismatch(_lostWallet, _investorOnchainID);
        }
        if (registry.identity(_newWallet) != _investorOnchainID) {
            revert TokenRecoveryIdentityMismatch(_newWallet, _investorOnchainID);
        }
        FreezeState memory lost = _freezeOf(_lostWallet);
        _forcedMove(_lostWallet, _newWallet, balance);
        if (lost.tokens != 0) {
            uint256 kept = _freezeOf(_newWallet).tokens;
            // Saturating: either amount may be "all" (type(uint256).max).
            _setFrozen(_newWallet, kept > type(uint256).max - lost.tokens ? type(uint256).max : kept + lost.tokens);
        }
        if (lost.frozen) _setAddressFrozen(_newWallet, true);
        emit RecoverySuccess(_lostWallet, _newWallet, _investorOnchainID);
        return true;
    }

    /// @inheritdoc IToken
    function batchTransfer(address[] calldata _toList, uint256[] calldata _amounts) external {
        if (_toList.length != _amounts.length) revert TokenLengthMismatch();
        for (uint256 i; i < _toList.length; ++i) _transfer(msg.sender, _toList[i], _amounts[i]);
    }

    /// @inheritdoc IToken
    function batchForcedTransfer(address[] calldata _fromList, address[] calldata _toList, uint256[] calldata _amounts)
        external
    {
        if (_fromList.length != _toList.length || _toList.length != _amounts.length) revert TokenLengthMismatch();
        for (uint256 i; i < _fromList.length; ++i) forcedTransfer(_fromList[i], _toList[i], _amounts[i]);
    }

    /// @inheritdoc IToken
    function batchMint(address[] calldata _toList, uint256[] calldata _amounts) external {
        if (_toList.length != _amounts.length) revert TokenLengthMismatch();
        for (uint256 i; i < _toList.length; ++i) mint(_toList[i], _amounts[i]);
    }

    /// @inheritdoc IToken
    function batchBurn(address[] calldata _userAddresses, uint256[] calldata _amounts) external {
        if (_userAddresses.length != _amounts.length) revert TokenLengthMismatch();
        for (uint256 i; i < _userAddresses.length; ++i) burn(_userAddresses[i], _amounts[i]);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IERC1404
    function detectTransferRestriction(address from, address to, uint256 value) public view returns (uint8) {
        (TransferContext memory ctx, uint8 code) = _evaluate(TransferKind.Transfer, from, to, value);
        if (code != RestrictionCodes.SUCCESS) return code;
        return _compliance.checkTransfer(ctx);
    }

    /// @inheritdoc IERC1404
    function messageForTransferRestriction(uint8 restrictionCode) external pure returns (string memory) {
        return RestrictionCodes.message(restrictionCode);
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev Account-level rules: the wallet is not frozen and is a verified investor.
    function canSend(address account) public view returns (bool) {
        return !_freezeOf(account).frozen && _identityRegistry.isVerified(account);
    }

    /// @inheritdoc IERC7943Fungible
    /// @dev Same account-level rules as {canSend}.
    function canReceive(address account) external view returns (bool) {
        return canSend(account);
    }

    /// @inheritdoc IERC7943Fungible
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return detectTransferRestriction(from, to, amount) == RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc IToken
    function identityRegistry() external view returns (IIdentityRegistry) {
        return _identityRegistry;
    }

    /// @inheritdoc IToken
    function compliance() external view returns (ICompliance) {
        return _compliance;
    }

    /// @inheritdoc IToken
    function paused() external view returns (bool) {
        return _paused;
    }

    // ---------------------------------------------------------------- internals

    /// @dev The one hook for every balance change: token checks, then compliance, then the ERC-20 move.
    function _update(address from, address to, uint256 value) internal override {
        TransferKind kind = TransferKind.Transfer;
        if (from == address(0)) {
            kind = TransferKind.Mint;
        } else if (to == address(0)) {
            kind = TransferKind.Burn;
        } else if (_forcing) {
            kind = TransferKind.Forced;
            // Cleared before any external call: a call back into the token from the compliance or a
            // module during a forced transfer is an ordinary transfer, with every check.
            _forcing = false;
        }
        (TransferContext memory ctx, uint8 code) = _evaluate(kind, from, to, value);
        if (code == RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE) _revertInsufficient(from, ctx.fromBalance, value);
        if (code != RestrictionCodes.SUCCESS) revert TransferRestricted(code);
        if (kind == TransferKind.Burn || kind == TransferKind.Forced) {
            uint256 balance = ctx.fromBalance;
            if (value > balance) revert ERC20InsufficientBalance(from, balance, value);
            uint256 frozen = _freezeOf(from).tokens;
            // Frozen tokens taken by an agent are unfrozen first: what stays frozen is what stays.
            if (value > _unfrozen(balance, frozen)) _setFrozen(from, balance - value);
        }
        _compliance.applyTransfer(ctx);
        super._update(from, to, value);
    }

    /// @dev The context of a balance change and the first token restriction code that refuses it (0 if none).
    function _evaluate(TransferKind kind, address from, address to, uint256 value)
        private
        view
        returns (TransferContext memory ctx, uint8)
    {
        ctx.kind = kind;
        ctx.from = from;
        ctx.to = to;
        ctx.amount = value;
        IIdentityRegistry registry = _identityRegistry;
        if (from != address(0)) {
            ctx.fromBalance = balanceOf(from);
            // Both parties in one registry call.
            if (to != address(0)) (ctx.sender, ctx.recipient) = registry.investors(from, to);
            else ctx.sender = registry.investor(from);
        } else if (to != address(0)) {
            ctx.recipient = registry.investor(to);
        }
        if (kind == TransferKind.Burn) return (ctx, RestrictionCodes.SUCCESS);
        if (kind == TransferKind.Transfer) {
            if (_paused) return (ctx, RestrictionCodes.PAUSED);
            FreezeState memory sender = _freezeOf(from);
            if (sender.frozen) return (ctx, RestrictionCodes.SENDER_FROZEN);
            if (_freezeOf(to).frozen) return (ctx, RestrictionCodes.RECIPIENT_FROZEN);
            if (value > _unfrozen(ctx.fromBalance, sender.tokens)) {
                return (ctx, RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE);
            }
            if (!ctx.sender.verified) return (ctx, RestrictionCodes.SENDER_NOT_VERIFIED);
        } else if (_freezeOf(to).frozen) {
            return (ctx, RestrictionCodes.RECIPIENT_FROZEN);
        }
        if (!ctx.recipient.verified) return (ctx, RestrictionCodes.RECIPIENT_NOT_VERIFIED);
        return (ctx, RestrictionCodes.SUCCESS);
    }

    /// @dev A holder's transfer of more than it may send reverts with the errors wallets and SDKs decode
    /// (ERC-1404's code 4 stays what {detectTransferRestriction} answers): OpenZeppelin's (ERC-6093)
    /// `ERC20InsufficientBalance` above the balance, ERC-7943's `ERC7943InsufficientUnfrozenBalance` above
    /// the part of it not frozen.
    function _revertInsufficient(address from, uint256 balance, uint256 value) private view {
        if (value > balance) revert ERC20InsufficientBalance(from, balance, value);
        revert ERC7943InsufficientUnfrozenBalance(from, value, _unfrozen(balance, _freezeOf(from).tokens));
    }

    /// @dev An ERC-20 move flagged as forced for {_update}, which clears the flag as it reads it.
    function _forcedMove(address from, address to, uint256 amount) private {
        _forcing = true;
        _transfer(from, to, amount);
    }

    /// @dev Set the identity registry.
    function _setIdentityRegistry(address registry) private {
        if (registry == address(0)) revert TokenZeroAddress();
        _identityRegistry = IIdentityRegistry(registry);
        emit IdentityRegistryAdded(registry);
    }

    /// @dev Switch to `newCompliance`, which its owner bound to this token, and unbind the old one if it is
    /// still bound to this token.
    function _setCompliance(address newCompliance) private {
        if (newCompliance == address(0)) revert TokenZeroAddress();
        if (ICompliance(newCompliance).getTokenBound() != address(this)) revert TokenComplianceNotBound(newCompliance);
        ICompliance old = _compliance;
        _compliance = ICompliance(newCompliance);
        emit ComplianceAdded(newCompliance);
        if (old.getTokenBound() == address(this)) old.unbindToken(address(this));
    }
}
