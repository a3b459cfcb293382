// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IClaimRegistry} from "./IClaimRegistry.sol";

/// @notice What the ONCHAINID side says of a claim, as {IOnchainIdClaims-onchainClaimState} reads it.
/// @dev `Valid`: the identity holds the claim of the topic by the ClaimIssuer and the ClaimIssuer says it
/// is valid, and the ClaimIssuer is trusted here for the topic. Otherwise the first reason that fails, in
/// this order: `IssuerNotTrusted` (here, for the topic), `IdentityNotContract` (no code at the identity),
/// `ClaimNotFound` (the identity holds no such claim: never added, or removed), `ClaimInvalid` (the
/// ClaimIssuer says it is not valid: revoked, or not signed by one of its CLAIM keys, or the ClaimIssuer
/// is not a contract).
enum OnchainClaimState {
    Valid,
    IssuerNotTrusted,
    IdentityNotContract,
    ClaimNotFound,
    ClaimInvalid
}

/// @title IOnchainIdClaims
/// @notice Claims imported from ONCHAINID identities (ERC-734/735, `@onchain-id/solidity` 2.x), checked
/// once at onboarding and never read again on a transfer.
///
/// An ONCHAINID claim of `topic` issued by a `ClaimIssuer` contract lives in the investor's identity
/// contract under the id `keccak256(abi.encode(claimIssuer, topic))`. {importClaimFromOnchainId} reads it
/// there, asks the ClaimIssuer whether it is valid (`isClaimValid`, which checks the signature by one of
/// its CLAIM keys and its revocation list), checks that the ClaimIssuer is trusted here for the topic, and
/// stores it as an ordinary claim of the ClaimIssuer (its contract address is the issuer) for the
/// identity: from then on transfers read the stored claim like any other, at the same cost, and never call
/// ONCHAINID.
///
/// Expiry: ONCHAINID 2.x claims carry none, and their data has no standard layout, so an imported claim is
/// stored without expiry (`type(uint64).max`); it stops counting when its ClaimIssuer is no longer trusted
/// here (at once, as every claim of that issuer), or when a resync finds it revoked or removed on the
/// ONCHAINID side. Nobody can shorten or extend it: the caller chooses nothing but which claim to import.
///
/// {resyncOnchainClaim} re-checks an imported claim against its sources and removes it when it no longer
/// holds (revoked by the ClaimIssuer, removed from the identity, issuer no longer trusted), or stores it
/// again when it still holds but changed (a new signature, or its issuer trusted again). Both functions
/// are permissionless: they only copy what trusted sources say. A failing read of the identity or the
/// ClaimIssuer reverts the whole call (never a removal), so a caller cannot drop a valid claim by starving
/// the calls of gas.
interface IOnchainIdClaims is IClaimRegistry {
    /// @notice Emitted when the ONCHAINID claim of `topic` for `identity` by `claimIssuer` is imported (or
    /// stored again by a resync); `signatureHash` is the keccak256 of its signature.
    /// @dev Follows the {ClaimAdded} event of the stored claim.
    event OnchainClaimImported(
        address indexed identity, uint256 indexed topic, address indexed claimIssuer, bytes32 signatureHash
    );
    /// @notice Emitted when a resync removes the imported claim of `topic` for `identity` by `claimIssuer`
    /// because of `reason`.
    /// @dev Follows the {ClaimRevoked} event of the stored claim.
    event OnchainClaimDropped(
        address indexed identity, uint256 indexed topic, address indexed claimIssuer, OnchainClaimState reason
    );

    /// @notice The identity has no code, so it cannot hold ONCHAINID claims.
    error ClaimOnchainIdentityNotContract(address identity);
    /// @notice The identity holds no claim of `topic` by `claimIssuer`.
    error ClaimOnchainNotFound(address identity, uint256 topic, address claimIssuer);
    /// @notice `claimIssuer` says its claim of `topic` for `identity` is not valid (revoked, or not signed
    /// by one of its CLAIM keys).
    error ClaimOnchainInvalid(address identity, uint256 topic, address claimIssuer);
    /// @notice No claim of `topic` by `claimIssuer` was imported from ONCHAINID for `identity`.
    error ClaimOnchainNotImported(address identity, uint256 topic, address claimIssuer);

    /// @notice Import the ONCHAINID claim of `topic` by `claimIssuer` held by `identity`. Anyone may call it.
    /// Importing a claim already imported checks it and stores it again.
    /// @dev Emits {ClaimAdded}, {IdentityRefreshed} and {OnchainClaimImported} events.
    /// Requirements: `topic` below {MAX_TOPICS}; `claimIssuer` trusted for `topic`
    /// ({ClaimIssuerNotTrusted}); `identity` a contract holding the claim, and `claimIssuer` saying it is
    /// valid ({ClaimOnchainIdentityNotContract}, {ClaimOnchainNotFound}, {ClaimOnchainInvalid}).
    function importClaimFromOnchainId(address identity, uint256 topic, address claimIssuer) external;

    /// @notice {importClaimFromOnchainId} of `topics[i]` by `claimIssuers[i]` for `identity`, in one
    /// transaction.
    /// @dev Requirements: arrays of equal length ({ClaimLengthMismatch}); each entry as for
    /// {importClaimFromOnchainId}.
    function importClaimsFromOnchainId(
        address identity,
        uint256[] calldata topics,
        address[] calldata claimIssuers
    ) external;

    /// @notice Re-check the imported claim of `topic` by `claimIssuer` for `identity`: remove it if it no
    /// longer holds on the ONCHAINID side or `claimIssuer` is no longer trusted for `topic`; store it again if
    /// it holds but its signature changed or its issuer was trusted again since; otherwise change nothing.
    /// Anyone may call it.
    /// @return state What the ONCHAINID side says now ({OnchainClaimState.Valid}: the claim is kept).
    /// @dev Emits {ClaimRevoked}, {OnchainClaimDropped} and {IdentityRefreshed} events on a removal, the
    /// events of {importClaimFromOnchainId} when stored again, none when unchanged.
    /// Requirements: the claim was imported ({ClaimOnchainNotImported}); the reads of the identity and the
    /// ClaimIssuer succeed (a failing read reverts, it never removes).
    function resyncOnchainClaim(address identity, uint256 topic, address claimIssuer)
        external
        returns (OnchainClaimState state);

    /// @notice What the ONCHAINID side says now of the claim of `topic` by `claimIssuer` for `identity`, and
    /// the keccak256 of its signature when it is {OnchainClaimState.Valid} (zero otherwise). Whether it was
    /// imported does not matter: this is the check {importClaimFromOnchainId} and {resyncOnchainClaim} make.
    function onchainClaimState(address identity, uint256 topic, address claimIssuer)
        external
        view
        returns (OnchainClaimState state, bytes32 signatureHash);

    /// @notice The keccak256 of the signature of the imported claim of `topic` by `claimIssuer` for
    /// `identity` as last imported, or zero if it was not imported (or a resync removed it).
    function importedOnchainClaim(address identity, uint256 topic, address claimIssuer)
        external
        view
        returns (bytes32 signatureHash);
}
