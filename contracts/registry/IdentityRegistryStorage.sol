// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Party} from "../../interfaces/ITransferTypes.sol";
import {IIdentityRegistryStorage} from "../../interfaces/IIdentityRegistryStorage.sol";
import {OnchainIdClaims} from "./OnchainIdClaims.sol";

/// @title IdentityRegistryStorage
/// @notice The identity state shared by the identity registries of an issuer's tokens: wallet records
/// (identity and country), claims keyed by identity, and the trusted issuers.
/// @dev Roles: the owner trusts issuers and binds registries; bound registries write wallet records;
/// trusted issuers add and revoke their own claims; anyone may submit an issuer-signed claim, import or
/// resync an ONCHAINID claim (see {OnchainIdClaims}) or refresh an identity record.
///
/// Gas: a token reads both parties of a transfer with {partyWords}. Each wallet has one word holding all
/// that read needs: its country, whether it is stored and whether its identity has (or has had) several
/// wallets; then, for a one-wallet identity, a copy of the identity's record from {ClaimStore} (topics,
/// valid until, trust epoch: kept equal by {_recordWritten}), and for a multi-wallet identity the identity's
/// address (whose record is shared by its wallets). So a transfer between one-wallet identities reads two
/// words and the trust epoch here; a multi-wallet party also reads its identity's record. The wallet's
/// identity is kept apart as well ({storedIdentity}), read only off that path. The identity's investor type
/// (individual or entity) lives in the spare top byte of its record, so the copy in a one-wallet identity's
/// word carries it too: {partyWord} flags an entity without reading anything more.
contract IdentityRegistryStorage is OnchainIdClaims, IIdentityRegistryStorage {
    // A wallet's word: country (bits 0-15) | stored << 16 | multi << 17 | payload << 24, where the payload is
    // topics (96 bits) | validUntil << 96 | epoch << 160 | investor type << 224 for a one-wallet identity
    // (its record), the identity's address for a multi-wallet one.
    uint256 private constant _COUNTRY = 0xffff;
    uint256 private constant _STORED = 1 << 16;
    uint256 private constant _MULTI = 1 << 17;
    uint256 private constant _HEADER = 0xffffff;
    uint256 private constant _PAYLOAD = 24;
    // The investor type's place in a one-wallet identity's word (its record's top byte, after the header).
    uint256 private constant _TYPE = _PAYLOAD + 224;
    // A party record's flags ({partyWord}).
    uint256 private constant _RECORD_MULTI = uint256(1) << 176;
    uint256 private constant _RECORD_ENTITY_SHIFT = 177;
    /// @dev The investor types: 0 an individual (the default), 1 an entity.
    uint8 private constant _ENTITY = 1;

    /// @dev An identity's wallets as the token ledgers need them: how many are stored, whether it has ever
    /// had several, and its first wallet (whose token account words hold its ledger while it has one).
    struct IdentityWallets {
        address primary;
        uint32 count;
        bool multi;
    }

    /// @inheritdoc IIdentityRegistryStorage
    uint256 public constant MAX_BOUND_REGISTRIES = 50;

    mapping(address wallet => uint256 word) private _words;
    mapping(address wallet => address identity) private _identities;
    address[] private _registries;
    mapping(address registry => uint256 position) private _registryPositions;
    mapping(address identity => IdentityWallets) private _identityWallets;

    /// @param initialOwner The account that trusts issuers and binds registries.
    constructor(address initialOwner) Ownable(initialOwner) {}

    /// @dev Only an identity registry bound by the owner may write wallet records.
    modifier onlyBoundRegistry() {
        _checkBoundRegistry();
        _;
    }

    /// @dev The check of {onlyBoundRegistry}, in one place (not copied into every function the modifier guards).
    function _checkBoundRegistry() internal view {
        if (_registryPositions[msg.sender] == 0) revert StorageOnlyBoundRegistry(msg.sender);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function addIdentityToStorage(address userAddress, address identity, uint16 country) external onlyBoundRegistry {
        if (userAddress == address(0) || identity == address(0)) revert StorageZeroAddress();
        if (_identities[userAddress] != address(0)) revert StorageWalletAlreadyStored(userAddress);
        _store(userAddress, identity, country);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function addIdentityWithClaims(
        address userAddress,
        address identity,
        uint16 country,
        address issuer,
        uint256[] calldata topics,
        uint64 expiry
    ) external onlyBoundRegistry {
        if (userAddress == address(0) || identity == address(0)) revert StorageZeroAddress();
        if (_identities[userAddress] != address(0)) revert StorageWalletAlreadyStored(userAddress);
        _store(userAddress, identity, country);
        for (uint256 i; i < topics.length; ++i) {
            _addClaim(issuer, identity, topics[i], expiry);
        }
    }

    /// @inheritdoc IIdentityRegistryStorage
    function removeIdentityFromStorage(address userAddress) external onlyBoundRegistry {
        address identity = _storedIdentityOrRevert(userAddress);
        _leave(userAddress, identity);
        delete _words[userAddress];
        delete _identities[userAddress];
        emit IdentityUnstored(userAddress, identity);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function modifyStoredInvestorCountry(address userAddress, uint16 country) external onlyBoundRegistry {
        _storedIdentityOrRevert(userAddress);
        _words[userAddress] = (_words[userAddress] & ~_COUNTRY) | country;
        emit CountryModified(userAddress, country);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function modifyStoredIdentity(address userAddress, address identity) external onlyBoundRegistry {
        if (identity == address(0)) revert StorageZeroAddress();
        address oldIdentity = _storedIdentityOrRevert(userAddress);
        _leave(userAddress, oldIdentity);
        _identities[userAddress] = identity;
        _set(userAddress, identity, uint16(_words[userAddress]));
        emit IdentityModified(oldIdentity, identity);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function modifyStoredInvestorType(address userAddress, uint8 investorType)
        external
        onlyBoundRegistry
        returns (address identity)
    {
        if (investorType > _ENTITY) revert StorageInvalidInvestorType(investorType);
        identity = _storedIdentityOrRevert(userAddress);
        _writeInvestorType(identity, investorType);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function bindIdentityRegistry(address identityRegistry) external onlyOwner {
        if (identityRegistry == address(0)) revert StorageZeroAddress();
        if (_registryPositions[identityRegistry] != 0) revert StorageRegistryAlreadyBound(identityRegistry);
        if (_registries.length >= MAX_BOUND_REGISTRIES) revert StorageTooManyRegistries(MAX_BOUND_REGISTRIES);
        _registries.push(identityRegistry);
        _registryPositions[identityRegistry] = _registries.length;
        emit IdentityRegistryBound(identityRegistry);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function unbindIdentityRegistry(address identityRegistry) external onlyOwner {
        uint256 position = _registryPositions[identityRegistry];
        if (position == 0) revert StorageRegistryNotBound(identityRegistry);
        address last = _registries[_registries.length - 1];
        _registries[position - 1] = last;
        _registryPositions[last] = position;
        _registries.pop();
        delete _registryPositions[identityRegistry];
        emit IdentityRegistryUnbound(identityRegistry);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function linkedIdentityRegistries() external view returns (address[] memory) {
        return _registries;
    }

    /// @inheritdoc IIdentityRegistryStorage
    function storedIdentity(address userAddress) external view returns (address) {
        return _identities[userAddress];
    }

    /// @inheritdoc IIdentityRegistryStorage
    function storedIdentities(address walletA, address walletB) external view returns (address, address) {
        return (_identities[walletA], _identities[walletB]);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function storedInvestorCountry(address userAddress) external view returns (uint16) {
        return uint16(_words[userAddress]);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function identityInvestorType(address investorIdentity) external view returns (uint8) {
        return _identityRecord(investorIdentity).investorType;
    }

    /// @inheritdoc IIdentityRegistryStorage
    function investorRecord(address wallet) external view returns (address identity, uint16 country, uint256 topics) {
        return _record(wallet);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function investorRecords(address walletA, address walletB)
        external
        view
        returns (
            address identityA,
            uint16 countryA,
            uint256 topicsA,
            address identityB,
            uint16 countryB,
            uint256 topicsB
        )
    {
        (identityA, countryA, topicsA) = _record(walletA);
        (identityB, countryB, topicsB) = _record(walletB);
    }

    /// @dev Identity, country and current topics of `wallet`; all zero when it is not stored.
    function _record(address wallet) private view returns (address identity, uint16 country, uint256 topics) {
        identity = _identities[wallet];
        if (identity == address(0)) return (address(0), 0, 0);
        uint256 record;
        (record, topics) = _partyWord(wallet);
        country = uint16(record >> 160);
    }

    /// @dev The identity of a stored wallet; reverts if the wallet is not stored.
    function _storedIdentityOrRevert(address userAddress) private view returns (address identity) {
        identity = _identities[userAddress];
        if (identity == address(0)) revert StorageWalletNotStored(userAddress);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function identityWallets(address investorIdentity) external view returns (address primary, uint256 count, bool multi) {
        IdentityWallets memory iw = _identityWallets[investorIdentity];
        return (iw.primary, iw.count, iw.multi);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function partyRecord(address wallet) external view returns (Party memory) {
        return _party(wallet);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function partyWord(address wallet) external view returns (uint256 record, uint256 topics) {
        return _partyWord(wallet);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function partyWords(address walletA, address walletB)
        external
        view
        returns (uint256 recordA, uint256 topicsA, uint256 recordB, uint256 topicsB)
    {
        (recordA, topicsA) = _partyWord(walletA);
        (recordB, topicsB) = _partyWord(walletB);
    }

    /// @dev {partyWord} from the wallet's word (see the contract's documentation): one read, plus the trust
    /// epoch, for a one-wallet identity whose record is fresh; the identity's record for a multi-wallet one.
    /// The investor type comes from the record read either way (the word's copy, or the identity's record).
    function _partyWord(address wallet) private view returns (uint256 record, uint256 topics) {
        uint256 word = _words[wallet];
        if (word & _STORED == 0) return (0, 0);
        uint256 country = uint256(uint16(word)) << 160;
        if (word & _MULTI != 0) {
            address identity = address(uint160(word >> _PAYLOAD));
            uint256 investorType;
            (topics, investorType) = _currentTopicsAndType(identity);
            return (uint256(uint160(identity)) | country | _RECORD_MULTI | investorType << _RECORD_ENTITY_SHIFT, topics);
        }
        record = uint256(uint160(wallet)) | country | (word >> _TYPE) << _RECORD_ENTITY_SHIFT;
        uint256 payload = word >> _PAYLOAD;
        topics = _fresh(uint64(payload >> 96), uint64(payload >> 160))
            ? uint96(payload)
            : _currentTopics(_identities[wallet]);
    }

    function _party(address wallet) private view returns (Party memory p) {
        p.identity = _identities[wallet];
        if (p.identity == address(0)) return p;
        uint256 record;
        (record, p.topics) = _partyWord(wallet);
        p.country = uint16(record >> 160);
        if (record & _RECORD_MULTI != 0) {
            p.multi = true;
            p.primary = _identityWallets[p.identity].primary;
        }
    }

    /// @dev Store `wallet` for `identity`. Emits an {IdentityStored} event.
    function _store(address wallet, address identity, uint16 country) private {
        _identities[wallet] = identity;
        _set(wallet, identity, country);
        emit IdentityStored(wallet, identity);
    }

    /// @dev Write the word of `wallet`, counted among `identity`'s wallets, in `country`.
    function _set(address wallet, address identity, uint16 country) private {
        uint256 header = country | _STORED;
        _words[wallet] = _join(wallet, identity)
            ? _multiWord(header, identity)
            : header | _payload(_identityRecord(identity));
    }

    /// @dev The word of a wallet of multi-wallet `identity`.
    function _multiWord(uint256 header, address identity) private pure returns (uint256) {
        return header | _MULTI | uint256(uint160(identity)) << _PAYLOAD;
    }

    /// @dev A one-wallet identity's record as its wallet's word keeps it (above the header).
    function _payload(IdentityRecord memory r) private pure returns (uint256) {
        return (uint256(r.topics) | uint256(r.validUntil) << 96 | uint256(r.epoch) << 160
            | uint256(r.investorType) << 224) << _PAYLOAD;
    }

    /// @dev {ClaimStore-_recordWritten}: the copy in the wallet of a one-wallet identity follows its record.
    function _recordWritten(address identity, IdentityRecord memory r) internal override {
        IdentityWallets memory iw = _identityWallets[identity];
        if (iw.multi || iw.primary == address(0)) return;
        _words[iw.primary] = (_words[iw.primary] & _HEADER) | _payload(r);
    }

    /// @dev Count `wallet` among `identity`'s wallets; returns whether the identity is now multi-wallet. The
    /// second wallet makes it multi for good, and flags its first wallet's record too.
    function _join(address wallet, address identity) private returns (bool) {
        IdentityWallets memory iw = _identityWallets[identity];
        if (!iw.multi && iw.count == 0) {
            _identityWallets[identity] = IdentityWallets(wallet, 1, false);
            return false;
        }
        if (!iw.multi && iw.primary != address(0)) {
            _words[iw.primary] = _multiWord((_words[iw.primary] & _COUNTRY) | _STORED, identity);
        }
        _identityWallets[identity] = IdentityWallets(iw.primary, iw.count + 1, true);
        return true;
    }

    /// @dev `wallet` leaves `identity`: uncount it, and forget it as the identity's first wallet (it held
    /// nothing, as the registry checks, so the identity's ledger there was empty).
    function _leave(address wallet, address identity) private {
        IdentityWallets memory iw = _identityWallets[identity];
        if (iw.primary == wallet) iw.primary = address(0);
        if (iw.count != 0) --iw.count;
        _identityWallets[identity] = iw;
    }
}
