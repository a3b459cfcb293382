// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IToken} from "../../interfaces/IToken.sol";
import {IERC7943Fungible} from "../../interfaces/IERC7943.sol";
import {ISecurityToken} from "../../interfaces/ISecurityToken.sol";
import {TokenInfo} from "./TokenInfo.sol";

/// @title TokenFreezes
/// @notice Wallet freezes and partial token freezes (ERC-3643), and ERC-7943's absolute frozen amount.
/// @dev One packed slot per wallet holds the wallet freeze flag and its frozen token amount, so the
/// transfer path reads a party's freeze state in one read. ERC-3643's partial freezes keep the frozen
/// amount within the balance; ERC-7943's {setFrozenTokens} may set more than the balance. Every change
/// of the frozen amount emits ERC-3643's {TokensFrozen}/{TokensUnfrozen} with the difference and then
/// ERC-7943's {Frozen} with the new amount.
///
/// The amount fits 248 bits of the slot; any amount from `type(uint248).max` up (e.g. ERC-7943's
/// customary `type(uint256).max`, "freeze everything, including what arrives later") is kept as "all"
/// and reads back as `type(uint256).max`.
abstract contract TokenFreezes is TokenInfo {
    /// @dev One wallet's freeze state as stored, packed in one slot.
    struct StoredFreeze {
        bool frozen;
        uint248 tokens;
    }

    /// @dev One wallet's freeze state as read: `tokens` is `type(uint256).max` for "all".
    struct FreezeState {
        bool frozen;
        uint256 tokens;
    }

    /// @dev The stored amount that stands for "all" (every amount from it up).
    uint248 private constant _ALL = type(uint248).max;

    mapping(address account => StoredFreeze) private _freezes;

    /// @inheritdoc IToken
    function setAddressFrozen(address _userAddress, bool _freeze) public onlyRole(FREEZE_ROLE) {
        _setAddressFrozen(_userAddress, _freeze);
    }

    /// @inheritdoc IToken
    function freezePartialTokens(address _userAddress, uint256 _amount) public onlyRole(FREEZE_ROLE) {
        uint256 frozen = getFrozenTokens(_userAddress);
        uint256 balance = balanceOf(_userAddress);
        // Compared without adding first: the sum may not fit 256 bits (it is reported saturated).
        if (_amount > balance || frozen > balance - _amount) {
            uint256 frozenAfter = frozen > type(uint256).max - _amount ? type(uint256).max : frozen + _amount;
            revert TokenFreezeExceedsBalance(_userAddress, balance, frozenAfter);
        }
        _setFrozen(_userAddress, frozen + _amount);
    }

    /// @inheritdoc IToken
    function unfreezePartialTokens(address _userAddress, uint256 _amount) public onlyRole(FREEZE_ROLE) {
        uint256 frozen = getFrozenTokens(_userAddress);
        if (_amount > frozen) revert TokenUnfreezeExceedsFrozen(_userAddress, frozen, _amount);
        // Cannot underflow: checked just above.
        unchecked {
            _setFrozen(_userAddress, frozen - _amount);
        }
    }

    /// @inheritdoc IERC7943Fungible
    function setFrozenTokens(address account, uint256 amount) external onlyRole(FREEZE_ROLE) returns (bool) {
        _setFrozen(account, amount);
        return true;
    }

    /// @inheritdoc IToken
    function batchSetAddressFrozen(address[] calldata _userAddresses, bool[] calldata _freeze) external {
        if (_userAddresses.length != _freeze.length) revert TokenLengthMismatch();
        for (uint256 i; i < _userAddresses.length; ++i) setAddressFrozen(_userAddresses[i], _freeze[i]);
    }

    /// @inheritdoc IToken
    function batchFreezePartialTokens(address[] calldata _userAddresses, uint256[] calldata _amounts) external {
        if (_userAddresses.length != _amounts.length) revert TokenLengthMismatch();
        for (uint256 i; i < _userAddresses.length; ++i) freezePartialTokens(_userAddresses[i], _amounts[i]);
    }

    /// @inheritdoc IToken
    function batchUnfreezePartialTokens(address[] calldata _userAddresses, uint256[] calldata _amounts) external {
        if (_userAddresses.length != _amounts.length) revert TokenLengthMismatch();
        for (uint256 i; i < _userAddresses.length; ++i) unfreezePartialTokens(_userAddresses[i], _amounts[i]);
    }

    /// @inheritdoc IToken
    function isFrozen(address _userAddress) external view returns (bool) {
        return _freezes[_userAddress].frozen;
    }

    /// @inheritdoc ISecurityToken
    function getFrozenTokens(address _userAddress) public view override returns (uint256) {
        return _freezeOf(_userAddress).tokens;
    }

    /// @dev The freeze state of `account` in one read.
    function _freezeOf(address account) internal view returns (FreezeState memory state) {
        StoredFreeze memory stored = _freezes[account];
        state.frozen = stored.frozen;
        state.tokens = stored.tokens == _ALL ? type(uint256).max : stored.tokens;
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
        _freezes[account].frozen = freeze;
        emit AddressFrozen(account, freeze, msg.sender);
    }

    /// @dev Set the frozen amount of `account`, emitting the ERC-3643 difference and the ERC-7943 total.
    function _setFrozen(address account, uint256 amount) internal {
        uint256 before = getFrozenTokens(account);
        if (amount >= _ALL) amount = type(uint256).max; // "all": stored as _ALL, read as the maximum
        _freezes[account].tokens = amount == type(uint256).max ? _ALL : uint248(amount);
        // Cannot underflow: each difference is taken in the direction of the comparison.
        unchecked {
            if (amount > before) emit TokensFrozen(account, amount - before);
            else if (amount < before) emit TokensUnfrozen(account, before - amount);
        }
        emit Frozen(account, amount);
    }
}
