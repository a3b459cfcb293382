// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IERC3009
/// @notice EIP-3009 "Transfer With Authorization": a holder signs an EIP-712 message off-chain and anyone
/// (a relayer, a payee, a settlement contract) submits it, so the holder moves tokens without sending a
/// transaction or holding ether. Authorizations carry a random 32-byte nonce rather than a sequential one,
/// so several can be outstanding at once and used in any order, each at most once.
/// @dev The signed structs, hashed with the token's EIP-712 domain:
/// - `TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)`
/// - `ReceiveWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)`
/// - `CancelAuthorization(address authorizer,bytes32 nonce)`
///
/// An authorization is valid strictly after `validAfter` and strictly before `validBefore` (block
/// timestamps, in seconds), as in the EIP and Circle's FiatToken.
interface IERC3009 {
    /// @notice Emitted when the authorization `nonce` of `authorizer` has been used (a transfer was made).
    event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce);

    /// @notice Emitted when `authorizer` has cancelled the unused authorization `nonce`.
    event AuthorizationCanceled(address indexed authorizer, bytes32 indexed nonce);

    /// @notice keccak256 of the `TransferWithAuthorization` type string.
    function TRANSFER_WITH_AUTHORIZATION_TYPEHASH() external view returns (bytes32);

    /// @notice keccak256 of the `ReceiveWithAuthorization` type string.
    function RECEIVE_WITH_AUTHORIZATION_TYPEHASH() external view returns (bytes32);

    /// @notice keccak256 of the `CancelAuthorization` type string.
    function CANCEL_AUTHORIZATION_TYPEHASH() external view returns (bytes32);

    /// @notice Whether the authorization `nonce` of `authorizer` has been used or cancelled.
    /// @param authorizer The account that signs authorizations.
    /// @param nonce The authorization's unique nonce.
    /// @return True once the nonce is used or cancelled, false while it is still available.
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool);

    /// @notice Move `value` tokens from `from` to `to` with `from`'s signed authorization; anyone may submit.
    /// @dev Emits an {AuthorizationUsed} event and an {IERC20-Transfer} event.
    ///
    /// Requirements:
    /// - `validAfter < block.timestamp < validBefore`;
    /// - `nonce` unused and not cancelled for `from`;
    /// - `v`, `r`, `s` sign the `TransferWithAuthorization` struct for `from` (low-s form);
    /// - the transfer itself is allowed (balance, pause, blacklist).
    /// @param from The payer (the signer).
    /// @param to The payee.
    /// @param value The amount, in base units.
    /// @param validAfter The time after which the authorization is valid (exclusive).
    /// @param validBefore The time before which the authorization is valid (exclusive).
    /// @param nonce A unique nonce chosen by the signer.
    /// @param v Signature recovery byte.
    /// @param r Signature r value.
    /// @param s Signature s value.
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Like {transferWithAuthorization}, but only the payee `to` may submit it, so a front-runner
    /// cannot use a signature meant for a contract that must act on the payment in the same call.
    /// @dev Emits an {AuthorizationUsed} event and an {IERC20-Transfer} event.
    ///
    /// Requirements: those of {transferWithAuthorization} for the `ReceiveWithAuthorization` struct, and
    /// the caller is `to`.
    /// @param from The payer (the signer).
    /// @param to The payee, who must be the caller.
    /// @param value The amount, in base units.
    /// @param validAfter The time after which the authorization is valid (exclusive).
    /// @param validBefore The time before which the authorization is valid (exclusive).
    /// @param nonce A unique nonce chosen by the signer.
    /// @param v Signature recovery byte.
    /// @param r Signature r value.
    /// @param s Signature s value.
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Cancel the unused authorization `nonce` of `authorizer`, with `authorizer`'s signature.
    /// @dev Emits an {AuthorizationCanceled} event.
    ///
    /// Requirements: `nonce` unused and not cancelled; `v`, `r`, `s` sign the `CancelAuthorization`
    /// struct for `authorizer`.
    /// @param authorizer The account whose authorization is cancelled (the signer).
    /// @param nonce The nonce to cancel.
    /// @param v Signature recovery byte.
    /// @param r Signature r value.
    /// @param s Signature s value.
    function cancelAuthorization(address authorizer, bytes32 nonce, uint8 v, bytes32 r, bytes32 s) external;
}
