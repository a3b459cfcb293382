// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IClaimRegistry} from "../../interfaces/IClaimRegistry.sol";
import {TrustedIssuers} from "./TrustedIssuers.sol";

/// @title ClaimStore
/// @notice Claims keyed by identity, and a cached per-identity record of the topics that count now.
/// @dev Gas design: the transfer path must learn an identity's topics in a constant number of reads.
/// Each identity has an {IdentityRecord} packed in one slot: the topics bitmap, `validUntil` (no
/// earlier than the expiry of the claims that make up the bitmap, so the bitmap is exact before then)
/// and the trust epoch it was computed in. A record is *fresh* when its epoch is the current trust epoch
/// and `block.timestamp < validUntil`; then one read of the record (plus the epoch) answers. Otherwise
/// (an issuer was removed or its topics changed since, or a claim expired) {_exactTopics} recomputes
/// the answer from the claims of the trusted issuers: correct, but its cost grows with the number of
/// (issuer, topic) pairs trusted. Every claim write stores a fresh record; {refreshIdentity} and
/// {batchRefreshIdentity} let anyone restore the fast path after an issuer change or an expiry, and
/// {identityRecordFresh} tells whether an identity needs it.
abstract contract ClaimStore is TrustedIssuers, EIP712 {
    /// @dev One claim: its expiry and the issuer generation it was issued under.
    struct Claim {
        uint64 expiry;
        uint32 generation;
    }

    /// @dev The cached topics of one identity, packed in one slot, and the identity's investor type (0
    /// individual, 1 entity: not a claim, set by a registry agent; every write of the record keeps it).
    struct IdentityRecord {
        uint96 topics;
        uint64 validUntil;
        uint64 epoch;
        uint8 investorType;
    }

    bytes32 private constant _CLAIM_TYPEHASH = keccak256(
        "Claim(address issuer,address identity,uint256 topic,uint64 expiry,uint256 nonce,uint256 deadline)"
    );

    mapping(address identity => mapping(uint256 topic => mapping(address issuer => Claim))) private _claims;
    mapping(address identity => IdentityRecord) private _identityRecords;
    mapping(address issuer => mapping(address identity => uint128 count)) private _signatureCounts;

    constructor() EIP712("sectoken IdentityRegistryStorage", "1") {}

    /// @inheritdoc IClaimRegistry
    function addClaim(address identity, uint256 topic, uint64 expiry) external {
        _addClaim(msg.sender, identity, topic, expiry);
    }

    /// @inheritdoc IClaimRegistry
    function batchAddClaim(address[] calldata identities, uint256[] calldata topics, uint64[] calldata expiries)
        external
    {
        uint256 n = identities.length;
        if (topics.length != n || expiries.length != n) revert ClaimLengthMismatch();
        for (uint256 i; i < n; ++i) {
            _addClaim(msg.sender, identities[i], topics[i], expiries[i]);
        }
    }

    /// @inheritdoc IClaimRegistry
    function revokeClaim(address identity, uint256 topic) external {
        if (topic >= MAX_TOPICS) revert ClaimTopicOutOfRange(topic);
        if (_claims[identity][topic][msg.sender].expiry == 0) revert ClaimNotFound(identity, topic, msg.sender);
        delete _claims[identity][topic][msg.sender];
        emit ClaimRevoked(identity, topic, msg.sender);
        _invalidateSignatures(msg.sender, identity);
        _storeExact(identity);
    }

    /// @inheritdoc IClaimRegistry
    function invalidateClaimSignatures(address identity) external {
        _invalidateSignatures(msg.sender, identity);
    }

    /// @inheritdoc IClaimRegistry
    function claimNonce(address issuer, address identity) public view returns (uint256) {
        return uint256(_issuer(issuer).generation) << 128 | _signatureCounts[issuer][identity];
    }

    /// @inheritdoc IClaimRegistry
    function submitSignedClaim(
        address issuer,
        address identity,
        uint256 topic,
        uint64 expiry,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external {
        if (block.timestamp > deadline) revert ClaimSignatureExpired(deadline);
        if (!hasClaimTopic(issuer, topic)) revert ClaimIssuerNotTrusted(issuer, topic);
        uint256 expected = claimNonce(issuer, identity);
        if (nonce != expected) revert ClaimSignatureNonceInvalid(issuer, identity, nonce, expected);
        bytes32 digest = claimDigest(issuer, identity, topic, expiry, nonce, deadline);
        if (!SignatureChecker.isValidSignatureNow(issuer, digest, signature)) revert ClaimSignatureInvalid(issuer);
        // Cannot overflow: one more per signature submitted or invalidation, 2**128 of them will never happen.
        unchecked {
            ++_signatureCounts[issuer][identity];
        }
        _addClaim(issuer, identity, topic, expiry);
    }

    /// @inheritdoc IClaimRegistry
    function refreshIdentity(address identity) external {
        _storeExact(identity);
    }

    /// @inheritdoc IClaimRegistry
    function batchRefreshIdentity(address[] calldata identities) external {
        for (uint256 i; i < identities.length; ++i) {
            _storeExact(identities[i]);
        }
    }

    /// @inheritdoc IClaimRegistry
    function identityRecordFresh(address identity) external view returns (bool) {
        IdentityRecord memory r = _identityRecords[identity];
        return _fresh(r.validUntil, r.epoch);
    }

    /// @inheritdoc IClaimRegistry
    function claimDigest(
        address issuer,
        address identity,
        uint256 topic,
        uint64 expiry,
        uint256 nonce,
        uint256 deadline
    ) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(_CLAIM_TYPEHASH, issuer, identity, topic, expiry, nonce, deadline)));
    }

    /// @inheritdoc IClaimRegistry
    function claimExpiry(address identity, uint256 topic, address issuer) public view returns (uint64) {
        if (!hasClaimTopic(issuer, topic)) return 0;
        Claim memory c = _claims[identity][topic][issuer];
        if (c.generation != _issuer(issuer).generation || c.expiry <= block.timestamp) return 0;
        return c.expiry;
    }

    /// @inheritdoc IClaimRegistry
    function identityTopics(address identity) external view returns (uint256) {
        return _currentTopics(identity);
    }

    /// @dev The topics of `identity` that count now: the cached record when fresh, else exact.
    function _currentTopics(address identity) internal view returns (uint256 topics) {
        (topics, ) = _currentTopicsAndType(identity);
    }

    /// @dev {_currentTopics} and the identity's investor type, from the one read of its record.
    function _currentTopicsAndType(address identity) internal view returns (uint256 topics, uint256 investorType) {
        IdentityRecord memory r = _identityRecords[identity];
        investorType = r.investorType;
        if (_fresh(r.validUntil, r.epoch)) return (r.topics, investorType);
        (topics, ) = _exactTopics(identity);
    }

    /// @dev Set the investor type of `identity` in its record (the topics stay as they are: a record with no
    /// claim written yet stays one, which the first claim write recognises and keeps the type of).
    function _writeInvestorType(address identity, uint8 investorType) internal {
        IdentityRecord memory r = _identityRecords[identity];
        r.investorType = investorType;
        _identityRecords[identity] = r;
        _recordWritten(identity, r);
    }

    /// @dev Record `issuer`'s claim and keep the identity record fresh.
    function _addClaim(address issuer, address identity, uint256 topic, uint64 expiry) internal {
        if (identity == address(0)) revert ClaimZeroAddress();
        if (topic >= MAX_TOPICS) revert ClaimTopicOutOfRange(topic);
        if (!hasClaimTopic(issuer, topic)) revert ClaimIssuerNotTrusted(issuer, topic);
        if (expiry <= block.timestamp) revert ClaimAlreadyExpired(expiry);
        _claims[identity][topic][issuer] = Claim(expiry, _issuer(issuer).generation);
        emit ClaimAdded(identity, topic, issuer, expiry);

        IdentityRecord memory r = _identityRecords[identity];
        uint64 epoch = trustEpoch();
        if (r.epoch == 0) {
            // First claim ever written for this identity (every claim write stores a record): it is the
            // only claim, so the exact record is just this one (and the type set before it, if any).
            r = IdentityRecord(uint96(1 << topic), expiry, epoch, r.investorType);
        } else if (r.epoch == epoch && block.timestamp < r.validUntil) {
            // Fresh record: the new claim only adds its topic. Lowering validUntil to its expiry keeps
            // validUntil no later than the true end of validity (also when a shorter claim replaces one).
            r.topics |= uint96(1 << topic);
            if (expiry < r.validUntil) r.validUntil = expiry;
        } else {
            _storeExact(identity);
            return;
        }
        _writeRecord(identity, r);
    }

    /// @dev Delete `issuer`'s claim of `topic` for `identity` (present or not) and store the identity record
    /// exactly.
    function _deleteClaim(address identity, uint256 topic, address issuer) internal {
        delete _claims[identity][topic][issuer];
        emit ClaimRevoked(identity, topic, issuer);
        _storeExact(identity);
    }

    /// @dev Move `issuer`'s signature nonce for `identity` on: its unsubmitted signatures stop counting.
    function _invalidateSignatures(address issuer, address identity) private {
        // Cannot overflow: see {submitSignedClaim}.
        unchecked {
            ++_signatureCounts[issuer][identity];
        }
        emit ClaimSignaturesInvalidated(issuer, identity, claimNonce(issuer, identity));
    }

    /// @dev Recompute the record of `identity` exactly and store it.
    function _storeExact(address identity) private {
        (uint96 topics, uint64 validUntil) = _exactTopics(identity);
        _writeRecord(identity, IdentityRecord(topics, validUntil, trustEpoch(), _identityRecords[identity].investorType));
    }

    /// @dev Store the record of `identity` and tell {_recordWritten}. Emits an {IdentityRefreshed} event.
    function _writeRecord(address identity, IdentityRecord memory r) private {
        _identityRecords[identity] = r;
        emit IdentityRefreshed(identity, r.topics, r.validUntil);
        _recordWritten(identity, r);
    }

    /// @dev Called after every write of an identity record, for copies kept elsewhere (see
    /// {IdentityRegistryStorage}: a wallet of a one-wallet identity keeps the record in its own word).
    function _recordWritten(address identity, IdentityRecord memory r) internal virtual;

    /// @dev The stored record of `identity` (fresh or not).
    function _identityRecord(address identity) internal view returns (IdentityRecord memory) {
        return _identityRecords[identity];
    }

    /// @dev Whether a record computed in `epoch`, exact until `validUntil`, still counts.
    function _fresh(uint64 validUntil, uint64 epoch) internal view returns (bool) {
        return epoch == trustEpoch() && block.timestamp < validUntil;
    }

    /// @dev Exact topics of `identity` from the claims of the issuers trusted now, and the time until
    /// which they stay exact: the earliest, over the topics held, of the latest expiry of a counting claim.
    /// Reads one claim per (trusted issuer, topic it may attest) pair.
    function _exactTopics(address identity) private view returns (uint96 topics, uint64 validUntil) {
        uint64[MAX_TOPICS] memory best;
        address[] storage issuers = _trustedIssuerList();
        uint256 count = issuers.length;
        for (uint256 i; i < count; ++i) {
            address issuer = issuers[i];
            IssuerRecord memory rec = _issuer(issuer);
            uint256 bits = rec.topics;
            for (uint256 t; bits != 0; (++t, bits >>= 1)) {
                if (bits & 1 == 0) continue;
                Claim memory c = _claims[identity][t][issuer];
                if (c.generation == rec.generation && c.expiry > block.timestamp && c.expiry > best[t]) {
                    best[t] = c.expiry;
                }
            }
        }
        validUntil = type(uint64).max;
        for (uint256 t; t < MAX_TOPICS; ++t) {
            uint64 e = best[t];
            if (e == 0) continue;
            topics |= uint96(1 << t);
            if (e < validUntil) validUntil = e;
        }
    }
}
