// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOnchainIdClaimHolder, IOnchainIdClaimIssuer} from "../../interfaces/IOnchainId.sol";
import {IOnchainIdClaims, OnchainClaimState} from "../../interfaces/IOnchainIdClaims.sol";
import {ClaimStore} from "./ClaimStore.sol";

/// @title OnchainIdClaims
/// @notice Claims imported from ONCHAINID identities: checked once against the identity and its
/// ClaimIssuer, then stored as ordinary claims of the ClaimIssuer, so the transfer path reads them like
/// any other claim and never calls ONCHAINID.
/// @dev The only state added is the import marker (the hash of the imported claim's signature), which
/// tells a resync which stored claims came from ONCHAINID: a resync never touches a claim written any
/// other way. It lives in an ERC-7201 namespace, so adding this contract shifted no storage slot of the
/// storage contract (fields are only ever appended to the namespace struct). The calls out are to view functions (STATICCALL): they cannot re-enter or change state.
/// Gas: a token's transfer reaches the storage through {IIdentityRegistryStorage-partyWords} (a mint or
/// burn through {IIdentityRegistryStorage-partyWord}); a function added to the storage can move those in
/// the compiler's selector dispatch by a few dozen gas: measure a transfer when adding one.
abstract contract OnchainIdClaims is ClaimStore, IOnchainIdClaims {
    /// @custom:storage-location erc7201:sectoken.storage.OnchainIdClaims
    struct OnchainIdClaimsStorage {
        mapping(address identity => mapping(uint256 topic => mapping(address claimIssuer => bytes32 signatureHash)))
            _imported;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.OnchainIdClaims")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant ONCHAINID_CLAIMS_STORAGE =
        0xa9b0463ef313f3a47811ef7ca82cb4fb692100a636f333f3cc0704656d9c9400;

    /// @inheritdoc IOnchainIdClaims
    function importClaimFromOnchainId(address identity, uint256 topic, address claimIssuer) external {
        _import(identity, topic, claimIssuer);
    }

    /// @inheritdoc IOnchainIdClaims
    function importClaimsFromOnchainId(
        address identity,
        uint256[] calldata topics,
        address[] calldata claimIssuers
    ) external {
        uint256 n = topics.length;
        if (claimIssuers.length != n) revert ClaimLengthMismatch();
        for (uint256 i; i < n; ++i) {
            _import(identity, topics[i], claimIssuers[i]);
        }
    }

    /// @inheritdoc IOnchainIdClaims
    function resyncOnchainClaim(address identity, uint256 topic, address claimIssuer)
        external
        returns (OnchainClaimState state)
    {
        mapping(address => bytes32) storage marker = _getOnchainIdClaimsStorage()._imported[identity][topic];
        bytes32 imported = marker[claimIssuer];
        if (imported == bytes32(0)) revert ClaimOnchainNotImported(identity, topic, claimIssuer);
        bytes32 signatureHash;
        (state, signatureHash) = _onchainState(identity, topic, claimIssuer);
        if (state != OnchainClaimState.Valid) {
            delete marker[claimIssuer];
            _deleteClaim(identity, topic, claimIssuer);
            emit OnchainClaimDropped(identity, topic, claimIssuer, state);
        } else if (signatureHash != imported || claimExpiry(identity, topic, claimIssuer) == 0) {
            _store(identity, topic, claimIssuer, signatureHash);
        }
    }

    /// @inheritdoc IOnchainIdClaims
    function onchainClaimState(address identity, uint256 topic, address claimIssuer)
        external
        view
        returns (OnchainClaimState state, bytes32 signatureHash)
    {
        return _onchainState(identity, topic, claimIssuer);
    }

    /// @inheritdoc IOnchainIdClaims
    function importedOnchainClaim(address identity, uint256 topic, address claimIssuer)
        external
        view
        returns (bytes32)
    {
        return _getOnchainIdClaimsStorage()._imported[identity][topic][claimIssuer];
    }

    /// @dev The namespaced storage of this contract.
    function _getOnchainIdClaimsStorage() private pure returns (OnchainIdClaimsStorage storage $) {
        assembly {
            $.slot := ONCHAINID_CLAIMS_STORAGE
        }
    }

    /// @dev Check the claim against its sources and store it, or revert with the reason.
    function _import(address identity, uint256 topic, address claimIssuer) private {
        if (identity == address(0) || claimIssuer == address(0)) revert ClaimZeroAddress();
        if (topic >= MAX_TOPICS) revert ClaimTopicOutOfRange(topic);
        (OnchainClaimState state, bytes32 signatureHash) = _onchainState(identity, topic, claimIssuer);
        if (state == OnchainClaimState.IssuerNotTrusted) revert ClaimIssuerNotTrusted(claimIssuer, topic);
        if (state == OnchainClaimState.IdentityNotContract) revert ClaimOnchainIdentityNotContract(identity);
        if (state == OnchainClaimState.ClaimNotFound) {
            revert ClaimOnchainNotFound(identity, topic, claimIssuer);
        }
        if (state == OnchainClaimState.ClaimInvalid) revert ClaimOnchainInvalid(identity, topic, claimIssuer);
        _store(identity, topic, claimIssuer, signatureHash);
    }

    /// @dev Store the checked claim under its ClaimIssuer, without expiry, and mark it imported.
    function _store(address identity, uint256 topic, address claimIssuer, bytes32 signatureHash) private {
        _getOnchainIdClaimsStorage()._imported[identity][topic][claimIssuer] = signatureHash;
        _addClaim(claimIssuer, identity, topic, type(uint64).max);
        emit OnchainClaimImported(identity, topic, claimIssuer, signatureHash);
    }

    /// @dev What the sources say of the claim now (see {OnchainClaimState} for the order of the checks).
    /// A read that fails reverts: the caller never acts on a failed read.
    function _onchainState(address identity, uint256 topic, address claimIssuer)
        private
        view
        returns (OnchainClaimState, bytes32)
    {
        if (!hasClaimTopic(claimIssuer, topic)) return (OnchainClaimState.IssuerNotTrusted, bytes32(0));
        if (identity.code.length == 0) return (OnchainClaimState.IdentityNotContract, bytes32(0));
        (uint256 foundTopic,, address issuer, bytes memory signature, bytes memory data,) =
            IOnchainIdClaimHolder(identity).getClaim(keccak256(abi.encode(claimIssuer, topic)));
        if (issuer != claimIssuer || foundTopic != topic) {
            return (OnchainClaimState.ClaimNotFound, bytes32(0));
        }
        if (claimIssuer.code.length == 0) return (OnchainClaimState.ClaimInvalid, bytes32(0));
        if (!IOnchainIdClaimIssuer(claimIssuer).isClaimValid(identity, topic, signature, data)) {
            return (OnchainClaimState.ClaimInvalid, bytes32(0));
        }
        return (OnchainClaimState.Valid, keccak256(signature));
    }
}
