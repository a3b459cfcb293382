// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IOnchainIdClaimHolder
/// @notice The read side of an ONCHAINID identity (ERC-735 claim holder, `@onchain-id/solidity` 2.x) that
/// the registry uses to import claims. Identities are plain addresses here (ONCHAINID types them
/// `IIdentity`; the ABI is the same).
interface IOnchainIdClaimHolder {
    /// @notice The claim `claimId` (ONCHAINID: `keccak256(abi.encode(issuer, topic))`); all zero when the
    /// identity holds no such claim.
    function getClaim(bytes32 claimId)
        external
        view
        returns (
            uint256 topic,
            uint256 scheme,
            address issuer,
            bytes memory signature,
            bytes memory data,
            string memory uri
        );

    /// @notice The ids of the claims of `topic` the identity holds.
    function getClaimIdsByTopic(uint256 topic) external view returns (bytes32[] memory claimIds);
}

/// @title IOnchainIdClaimIssuer
/// @notice The verification side of an ONCHAINID `ClaimIssuer`: whether a claim it issued still holds
/// (signed by one of its CLAIM keys over `keccak256(abi.encode(identity, topic, data))` as an Ethereum
/// signed message, and not revoked).
interface IOnchainIdClaimIssuer {
    /// @notice Whether the claim of `claimTopic` for `identity` with `sig` and `data` is valid now.
    function isClaimValid(address identity, uint256 claimTopic, bytes calldata sig, bytes calldata data)
        external
        view
        returns (bool);
}
