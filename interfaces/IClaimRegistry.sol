// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IClaimRegistry
/// @notice Claims keyed by investor identity, and the issuers trusted to attest them: the roles of
/// ERC-3643's trusted issuers registry and of the claims an ONCHAINID holds, kept in one shared
/// contract so that one KYC serves every token of an issuer.
/// @dev Claim topics (sectoken numbering): 1 KYC, 2 AML, 3 US accredited investor, 4 US qualified
/// purchaser, 5 UK professional client, 6 UK certified high-net-worth, 7 UK certified sophisticated,
/// 8 non-US person. Topics are kept in bitmaps, so a topic must be below {MAX_TOPICS}.
///
/// A claim counts for an identity while it is unexpired and its issuer is trusted now for its topic.
/// Removing an issuer invalidates all its claims at once, and they stay invalid if the issuer is trusted
/// again later (each period of trust has its own generation number).
interface IClaimRegistry {
    /// @notice Emitted when `trustedIssuer` becomes trusted for `claimTopics` (ERC-3643 name).
    event TrustedIssuerAdded(address indexed trustedIssuer, uint256[] claimTopics);
    /// @notice Emitted when `trustedIssuer` is no longer trusted (ERC-3643 name).
    event TrustedIssuerRemoved(address indexed trustedIssuer);
    /// @notice Emitted when the topics `trustedIssuer` may attest change (ERC-3643 name).
    event ClaimTopicsUpdated(address indexed trustedIssuer, uint256[] claimTopics);
    /// @notice Emitted when `issuer` adds (or renews) a claim of `topic` for `identity`, valid until `expiry`.
    event ClaimAdded(address indexed identity, uint256 indexed topic, address indexed issuer, uint64 expiry);
    /// @notice Emitted when `issuer` revokes its claim of `topic` for `identity` (or a resync removes a claim
    /// imported from ONCHAINID, see {IOnchainIdClaims}).
    event ClaimRevoked(address indexed identity, uint256 indexed topic, address indexed issuer);
    /// @notice Emitted when the cached topics of `identity` are recomputed from its claims.
    event IdentityRefreshed(address indexed identity, uint256 topics, uint64 validUntil);
    /// @notice Emitted when the trust epoch advances, making every cached identity record stale.
    event TrustEpochAdvanced(uint64 epoch);
    /// @notice Emitted when `issuer`'s outstanding signed claims for `identity` stop counting (a revocation,
    /// or {invalidateClaimSignatures}); `nextNonce` is the nonce its next signature must carry.
    event ClaimSignaturesInvalidated(address indexed issuer, address indexed identity, uint256 nextNonce);

    /// @notice The caller is not a trusted issuer for `topic`.
    error ClaimIssuerNotTrusted(address issuer, uint256 topic);
    /// @notice `topic` is not below {MAX_TOPICS}.
    error ClaimTopicOutOfRange(uint256 topic);
    /// @notice The claim's expiry is not in the future.
    error ClaimAlreadyExpired(uint64 expiry);
    /// @notice There is no live claim of `topic` by `issuer` for `identity` to revoke.
    error ClaimNotFound(address identity, uint256 topic, address issuer);
    /// @notice The zero address was given for an identity or an issuer.
    error ClaimZeroAddress();
    /// @notice A signed claim's `deadline` has passed.
    error ClaimSignatureExpired(uint256 deadline);
    /// @notice A signed claim carries `nonce`, not the `expected` {claimNonce} of its issuer and identity: it
    /// was submitted already, or the issuer revoked a claim or invalidated its signatures since, or the
    /// issuer was removed and trusted again.
    error ClaimSignatureNonceInvalid(address issuer, address identity, uint256 nonce, uint256 expected);
    /// @notice The signature is not `issuer`'s (EOA or ERC-1271 contract).
    error ClaimSignatureInvalid(address issuer);
    /// @notice `issuer` is not a trusted issuer.
    error ClaimIssuerNotFound(address issuer);
    /// @notice `issuer` is already trusted.
    error ClaimIssuerAlreadyTrusted(address issuer);
    /// @notice The list of topics for an issuer is empty.
    error ClaimIssuerTopicsEmpty();
    /// @notice No more than {MAX_TRUSTED_ISSUERS} issuers may be trusted at once.
    error ClaimTooManyIssuers(uint256 max);
    /// @notice The arrays of a batch call differ in length.
    error ClaimLengthMismatch();

    /// @notice Topics are numbered 0 .. MAX_TOPICS - 1 (they live in bitmaps).
    function MAX_TOPICS() external view returns (uint256);

    /// @notice Cap on trusted issuers; it bounds the exact recomputation of a stale identity record.
    function MAX_TRUSTED_ISSUERS() external view returns (uint256);

    /// @notice Trust `trustedIssuer` to attest `claimTopics` (ERC-3643 name).
    /// @dev Emits a {TrustedIssuerAdded} event.
    /// Requirements: caller is the owner; the issuer is not trusted yet; topics non-empty, each below
    /// {MAX_TOPICS}; fewer than {MAX_TRUSTED_ISSUERS} issuers trusted.
    function addTrustedIssuer(address trustedIssuer, uint256[] calldata claimTopics) external;

    /// @notice Stop trusting `trustedIssuer`: all its claims stop counting at once (ERC-3643 name).
    /// @dev Advances the trust epoch. Emits {TrustedIssuerRemoved} and {TrustEpochAdvanced} events.
    /// Requirements: caller is the owner; the issuer is trusted.
    function removeTrustedIssuer(address trustedIssuer) external;

    /// @notice Replace the topics `trustedIssuer` may attest (ERC-3643 name).
    /// @dev Advances the trust epoch. Emits {ClaimTopicsUpdated} and {TrustEpochAdvanced} events.
    /// Requirements: caller is the owner; the issuer is trusted; topics as for {addTrustedIssuer}.
    function updateIssuerClaimTopics(address trustedIssuer, uint256[] calldata claimTopics) external;

    /// @notice The issuers trusted now (ERC-3643 name).
    function getTrustedIssuers() external view returns (address[] memory);

    /// @notice Whether `issuer` is trusted now (ERC-3643 name).
    function isTrustedIssuer(address issuer) external view returns (bool);

    /// @notice The issuers trusted for `claimTopic` (ERC-3643 trusted issuers registry name).
    function getTrustedIssuersForClaimTopic(uint256 claimTopic) external view returns (address[] memory);

    /// @notice The topics `trustedIssuer` may attest (ERC-3643 name); empty if it is not trusted.
    function getTrustedIssuerClaimTopics(address trustedIssuer) external view returns (uint256[] memory);

    /// @notice Whether `issuer` is trusted now for `claimTopic` (ERC-3643 name).
    function hasClaimTopic(address issuer, uint256 claimTopic) external view returns (bool);

    /// @notice As a trusted issuer, add or renew the claim of `topic` for `identity`, valid until `expiry`
    /// (a unix time; `type(uint64).max` for no expiry).
    /// @dev Emits a {ClaimAdded} event. Requirements: caller trusted for `topic`; `identity` non-zero;
    /// `expiry` in the future.
    function addClaim(address identity, uint256 topic, uint64 expiry) external;

    /// @notice {addClaim} for each entry: the claim of `topics[i]` for `identities[i]`, valid until
    /// `expiries[i]`, in one transaction.
    /// @dev Emits a {ClaimAdded} and an {IdentityRefreshed} event per entry. Requirements: arrays of
    /// equal length; each entry as for {addClaim}.
    function batchAddClaim(address[] calldata identities, uint256[] calldata topics, uint64[] calldata expiries)
        external;

    /// @notice As its issuer, revoke the claim of `topic` for `identity`. Every signature the caller made for
    /// `identity` and not submitted yet stops counting too (the nonce moves on), so a revocation cannot be
    /// undone by submitting an older signature.
    /// @dev Emits {ClaimRevoked}, {ClaimSignaturesInvalidated} and {IdentityRefreshed} events.
    /// Requirements: a live claim of the caller.
    function revokeClaim(address identity, uint256 topic) external;

    /// @notice As an issuer, make every signed claim for `identity` the caller made and that was not submitted
    /// yet stop counting. Affects only the caller's own signatures. Emits {ClaimSignaturesInvalidated}.
    function invalidateClaimSignatures(address identity) external;

    /// @notice The nonce `issuer`'s next signed claim for `identity` must carry: the issuer's trust
    /// generation in the high 128 bits (trusting a removed issuer again voids its old signatures), and the
    /// count of its signatures submitted or invalidated for `identity` in the low 128 bits.
    function claimNonce(address issuer, address identity) external view returns (uint256);

    /// @notice Submit a claim signed by `issuer` under EIP-712 (investor self-onboarding); anyone may
    /// call it. The typed data is
    /// `Claim(address issuer,address identity,uint256 topic,uint64 expiry,uint256 nonce,uint256 deadline)`
    /// in the domain
    /// (name "sectoken IdentityRegistryStorage", version "1", chain id, this contract).
    /// @param nonce {claimNonce} of `issuer` and `identity` when the signature is submitted: signatures for
    /// one identity count once each, in nonce order, and none made before a revocation counts after it.
    /// @param deadline Last unix time at which the signature may be submitted.
    /// @dev Emits a {ClaimAdded} event. Requirements: as {addClaim} for `issuer`; `deadline` not passed;
    /// `nonce` is {claimNonce}; the signature is `issuer`'s (ECDSA or ERC-1271).
    function submitSignedClaim(
        address issuer,
        address identity,
        uint256 topic,
        uint64 expiry,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external;

    /// @notice The EIP-712 digest an issuer signs for {submitSignedClaim}.
    function claimDigest(
        address issuer,
        address identity,
        uint256 topic,
        uint64 expiry,
        uint256 nonce,
        uint256 deadline
    ) external view returns (bytes32);

    /// @notice Expiry of the claim of `topic` for `identity` by `issuer`, or 0 if there is no claim that
    /// counts now (none, revoked, expired, or the issuer is not trusted now for the topic).
    function claimExpiry(address identity, uint256 topic, address issuer) external view returns (uint64);

    /// @notice Bitmap of topics `identity` holds a claim for that counts now (exact, never stale).
    function identityTopics(address identity) external view returns (uint256);

    /// @notice The trust epoch; a cached identity record from an older epoch is recomputed exactly.
    function trustEpoch() external view returns (uint64);

    /// @notice Recompute and store the cached topics of `identity`, so transfers read it cheaply again
    /// after an issuer change or a claim expiry. Anyone may call it.
    /// @dev Emits an {IdentityRefreshed} event.
    function refreshIdentity(address identity) external;

    /// @notice {refreshIdentity} for each of `identities`, in one transaction. Anyone may call it.
    /// @dev Emits an {IdentityRefreshed} event per entry.
    function batchRefreshIdentity(address[] calldata identities) external;

    /// @notice Whether the cached record of `identity` is fresh: computed in the current trust epoch and
    /// before its earliest counting claim expires, so transfers read it without recomputing. It goes stale
    /// when an issuer is removed or its topics change, or when that claim expires (a stale record still
    /// answers exactly, at a cost that grows with the trusted (issuer, topic) pairs), and is fresh again
    /// after any claim write or refresh of the identity.
    function identityRecordFresh(address identity) external view returns (bool);
}
