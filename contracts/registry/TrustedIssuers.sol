// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IClaimRegistry} from "../../interfaces/IClaimRegistry.sol";

/// @title TrustedIssuers
/// @notice The issuers trusted to attest claim topics (ERC-3643's trusted issuers registry role), with
/// the trust epoch that invalidates cached identity records when trust is withdrawn.
/// @dev Each issuer has a record packed in one slot: the bitmap of topics it may attest, the generation
/// of its current period of trust, and its 1-based position in the issuer list (0 when not trusted).
/// A claim is stamped with the generation it was issued under, so removing an issuer kills all its
/// claims at once, for good: trusting it again starts a new generation.
abstract contract TrustedIssuers is Ownable2Step, IClaimRegistry {
    /// @dev One issuer's trust, packed in one slot.
    struct IssuerRecord {
        uint96 topics;
        uint32 generation;
        uint32 position;
    }

    /// @inheritdoc IClaimRegistry
    uint256 public constant MAX_TOPICS = 96;
    /// @inheritdoc IClaimRegistry
    uint256 public constant MAX_TRUSTED_ISSUERS = 50;

    mapping(address issuer => IssuerRecord) private _issuers;
    address[] private _issuerList;
    uint64 private _epoch = 1;

    /// @inheritdoc IClaimRegistry
    function addTrustedIssuer(address trustedIssuer, uint256[] calldata claimTopics) external onlyOwner {
        if (trustedIssuer == address(0)) revert ClaimZeroAddress();
        IssuerRecord storage rec = _issuers[trustedIssuer];
        if (rec.position != 0) revert ClaimIssuerAlreadyTrusted(trustedIssuer);
        if (_issuerList.length >= MAX_TRUSTED_ISSUERS) revert ClaimTooManyIssuers(MAX_TRUSTED_ISSUERS);
        _issuerList.push(trustedIssuer);
        rec.topics = _topicBitmap(claimTopics);
        rec.generation += 1;
        rec.position = uint32(_issuerList.length);
        emit TrustedIssuerAdded(trustedIssuer, claimTopics);
    }

    /// @inheritdoc IClaimRegistry
    function removeTrustedIssuer(address trustedIssuer) external onlyOwner {
        IssuerRecord storage rec = _issuers[trustedIssuer];
        uint256 position = rec.position;
        if (position == 0) revert ClaimIssuerNotFound(trustedIssuer);
        address last = _issuerList[_issuerList.length - 1];
        _issuerList[position - 1] = last;
        _issuers[last].position = uint32(position);
        _issuerList.pop();
        rec.topics = 0;
        rec.position = 0;
        emit TrustedIssuerRemoved(trustedIssuer);
        _advanceEpoch();
    }

    /// @inheritdoc IClaimRegistry
    function updateIssuerClaimTopics(address trustedIssuer, uint256[] calldata claimTopics) external onlyOwner {
        IssuerRecord storage rec = _issuers[trustedIssuer];
        if (rec.position == 0) revert ClaimIssuerNotFound(trustedIssuer);
        rec.topics = _topicBitmap(claimTopics);
        emit ClaimTopicsUpdated(trustedIssuer, claimTopics);
        _advanceEpoch();
    }

    /// @inheritdoc IClaimRegistry
    function getTrustedIssuers() external view returns (address[] memory) {
        return _issuerList;
    }

    /// @inheritdoc IClaimRegistry
    function isTrustedIssuer(address issuer) external view returns (bool) {
        return _issuers[issuer].position != 0;
    }

    /// @inheritdoc IClaimRegistry
    function getTrustedIssuersForClaimTopic(uint256 claimTopic) external view returns (address[] memory list) {
        uint256 n = _issuerList.length;
        uint256 count = 0;
        for (uint256 i; i < n; ++i) {
            if (hasClaimTopic(_issuerList[i], claimTopic)) ++count;
        }
        list = new address[](count);
        uint256 j = 0;
        for (uint256 i; i < n; ++i) {
            if (hasClaimTopic(_issuerList[i], claimTopic)) list[j++] = _issuerList[i];
        }
    }

    /// @inheritdoc IClaimRegistry
    function getTrustedIssuerClaimTopics(address trustedIssuer) external view returns (uint256[] memory) {
        return _topicList(_issuers[trustedIssuer].topics);
    }

    /// @inheritdoc IClaimRegistry
    function hasClaimTopic(address issuer, uint256 claimTopic) public view returns (bool) {
        return claimTopic < MAX_TOPICS && (_issuers[issuer].topics >> claimTopic) & 1 == 1;
    }

    /// @inheritdoc IClaimRegistry
    function trustEpoch() public view returns (uint64) {
        return _epoch;
    }

    /// @dev The trust record of `issuer`.
    function _issuer(address issuer) internal view returns (IssuerRecord memory) {
        return _issuers[issuer];
    }

    /// @dev The trusted issuers (storage reference, for the exact recomputation loop).
    function _trustedIssuerList() internal view returns (address[] storage) {
        return _issuerList;
    }

    /// @dev Ascending list of the topics set in `bitmap`.
    function _topicList(uint256 bitmap) internal pure returns (uint256[] memory list) {
        uint256 count = 0;
        for (uint256 bits = bitmap; bits != 0; bits &= bits - 1) ++count;
        list = new uint256[](count);
        uint256 i = 0;
        for (uint256 t; bitmap != 0; (++t, bitmap >>= 1)) {
            if (bitmap & 1 == 1) list[i++] = t;
        }
    }

    /// @dev Bitmap of `topics`; reverts on an empty list or a topic out of range.
    function _topicBitmap(uint256[] calldata topics) private pure returns (uint96 bitmap) {
        if (topics.length == 0) revert ClaimIssuerTopicsEmpty();
        for (uint256 i; i < topics.length; ++i) {
            if (topics[i] >= MAX_TOPICS) revert ClaimTopicOutOfRange(topics[i]);
            bitmap |= uint96(1 << topics[i]);
        }
    }

    /// @dev Make every cached identity record stale, so the next read recomputes it exactly.
    function _advanceEpoch() private {
        uint64 epoch = _epoch + 1;
        _epoch = epoch;
        emit TrustEpochAdvanced(epoch);
    }
}
