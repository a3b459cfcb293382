// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IERC3009Receive
/// @notice The part of EIP-3009 (transfer with authorization) that settlement calls: the payee pulls a
/// transfer the payer signed off-chain. Only the payee (`to`) may submit it, which rules out front-running.
interface IERC3009Receive {
    /// @notice Receive `value` from `from`, with `from`'s EIP-712 signature of a `ReceiveWithAuthorization`.
    /// @param from The payer, who signed the authorization.
    /// @param to The payee; must be the caller.
    /// @param value Base units transferred.
    /// @param validAfter The authorization is valid strictly after this timestamp.
    /// @param validBefore The authorization is valid strictly before this timestamp.
    /// @param nonce A unique 32-byte nonce chosen by the payer.
    /// @param v, r, s The payer's signature.
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
}
