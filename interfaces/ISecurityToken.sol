// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IToken} from "./IToken.sol";
import {IERC1404} from "./IERC1404.sol";
import {IERC7943Fungible} from "./IERC7943.sol";
import {IAgentRole} from "./IAgentRole.sol";

/// @title ISecurityToken
/// @notice sectoken's security token: ERC-3643 ({IToken}), ERC-1404 and ERC-7943 in one, with ERC-3643's
/// agents split into five powers. `addAgent` grants all five, `removeAgent` revokes all five, and
/// `isAgent` holds for an account that has all five; the owner may also grant single powers with
/// `grantRole`.
/// @dev A refused balance change reverts with `TransferRestricted(code)` (RestrictionCodes.sol), whether
/// the token's own checks (codes 1-6) or its compliance (16 and up) refuse it.
interface ISecurityToken is IToken, IERC1404, IERC7943Fungible, IAgentRole {
    /// @notice Batch arrays differ in length.
    error TokenLengthMismatch();
    /// @notice A zero address was given where a contract is needed.
    error TokenZeroAddress();
    /// @notice An empty name or symbol was given.
    error TokenEmptyString();
    /// @notice The token is paused already.
    error TokenEnforcedPause();
    /// @notice The token is not paused.
    error TokenExpectedPause();
    /// @notice Freezing would take `account`'s frozen tokens to `frozenAfter`, above its `balance`.
    error TokenFreezeExceedsBalance(address account, uint256 balance, uint256 frozenAfter);
    /// @notice Only `frozen` tokens of `account` are frozen, fewer than `amount`.
    error TokenUnfreezeExceedsFrozen(address account, uint256 frozen, uint256 amount);
    /// @notice `wallet` is not registered to `identity` in the identity registry.
    error TokenRecoveryIdentityMismatch(address wallet, address identity);
    /// @notice `wallet` holds no tokens to recover.
    error TokenRecoveryNothingToRecover(address wallet);
    /// @notice `compliance` is not bound to this token (its owner binds it first).
    error TokenComplianceNotBound(address compliance);

    /// @notice Move tokens without the holder's consent (ERC-3643 and ERC-7943 share this function).
    function forcedTransfer(address _from, address _to, uint256 _amount)
        external
        override(IToken, IERC7943Fungible)
        returns (bool);

    /// @notice Frozen tokens of a wallet (ERC-3643 and ERC-7943 share this function).
    /// @dev ERC-7943's reading: the amount as set, which may exceed the balance (ERC-7943's
    /// `setFrozenTokens` is absolute and may freeze what the wallet has not received yet; ERC-3643's partial
    /// freezes never go above the balance). It is kept rather than capped so that the agent's setting reads
    /// back as set; every unfrozen-balance computation here saturates at zero, and so must a client's.
    /// Amounts from `type(uint248).max` up read as `type(uint256).max` ("all").
    function getFrozenTokens(address _userAddress) external view override(IToken, IERC7943Fungible) returns (uint256);

    /// @notice Power to mint and burn.
    function SUPPLY_ROLE() external view returns (bytes32);
    /// @notice Power to freeze and unfreeze wallets and tokens.
    function FREEZE_ROLE() external view returns (bytes32);
    /// @notice Power to force transfers.
    function TRANSFER_ROLE() external view returns (bytes32);
    /// @notice Power to recover a lost wallet.
    function RECOVERY_ROLE() external view returns (bytes32);
    /// @notice Power to pause and unpause.
    function PAUSE_ROLE() external view returns (bytes32);
}
