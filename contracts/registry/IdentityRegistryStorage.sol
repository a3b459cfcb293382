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
/// resync an ONCHAINID claim (see {OnchainIdClaims}) or refresh an identity record. A wallet record (identity, country) is packed in one slot, so
/// {investorRecord} reads the wallet record, the identity record and the trust epoch: three reads in
/// the common case (see {ClaimStore} for when it recomputes).
contract IdentityRegistryStorage is OnchainIdClaims, IIdentityRegistryStorage {
    /// @dev One wallet's registration, packed in one slot.
    struct WalletRecord {
        address identity;
        uint16 country;
        /// @dev The identity has, or has had, more than one wallet (see {Party}).
        bool multi;
    }

    /// @dev An identity's wallets as the token ledgers need them: how many are stored, whether it has ever
    /// had several, and its first wallet (whose token account words hold its ledger while it has one).
    struct IdentityWallets {
        address primary;
        uint32 count;
        bool multi;
    }

    /// @inheritdoc IIdentityRegistryStorage
    uint256 public constant MAX_BOUND_REGISTRIES = 50;

    mapping(address wallet => WalletRecord) private _wallets;
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
        if (_wallets[userAddress].identity != address(0)) revert StorageWalletAlreadyStored(userAddress);
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
        if (_wallets[userAddress].identity != address(0)) revert StorageWalletAlreadyStored(userAddress);
        _store(userAddress, identity, country);
        for (uint256 i; i < topics.length; ++i) {
            _addClaim(issuer, identity, topics[i], expiry);
        }
    }

    /// @inheritdoc IIdentityRegistryStorage
    function removeIdentityFromStorage(address userAddress) external onlyBoundRegistry {
        address identity = _storedIdentityOrRevert(userAddress);
        _leave(userAddress, identity);
        delete _wallets[userAddress];
        emit IdentityUnstored(userAddress, identity);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function modifyStoredInvestorCountry(address userAddress, uint16 country) external onlyBoundRegistry {
        _storedIdentityOrRevert(userAddress);
        _wallets[userAddress].country = country;
        emit CountryModified(userAddress, country);
    }

    /// @inheritdoc IIdentityRegistryStorage
    function modifyStoredIdentity(address userAddress, address identity) external onlyBoundRegistry {
        if (identity == address(0)) revert StorageZeroAddress();
        address oldIdentity = _storedIdentityOrRevert(userAddress);
        _leave(userAddress, oldIdentity);
        _wallets[userAddress] = WalletRecord(identity, _wallets[userAddress].country, _join(userAddress, identity));
        emit IdentityModified(oldIdentity, identity);
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
        return _wallets[userAddress].identity;
    }

    /// @inheritdoc IIdentityRegistryStorage
    function storedInvestorCountry(address userAddress) external view returns (uint16) {
        return _wallets[userAddress].country;
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
        WalletRecord memory w = _wallets[wallet];
        if (w.identity == address(0)) return (address(0), 0, 0);
        return (w.identity, w.country, _currentTopics(w.identity));
    }

    /// @dev The identity of a stored wallet; reverts if the wallet is not stored.
    function _storedIdentityOrRevert(address userAddress) private view returns (address identity) {
        identity = _wallets[userAddress].identity;
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

    /// @dev {partyWord}: the wallet record packed as documented there, and the identity's current topics.
    function _partyWord(address wallet) private view returns (uint256 record, uint256 topics) {
        WalletRecord memory w = _wallets[wallet];
        if (w.identity == address(0)) return (0, 0);
        record = uint256(uint160(w.identity)) | uint256(w.country) << 160 | (w.multi ? uint256(1) << 176 : 0);
        topics = _currentTopics(w.identity);
    }

    function _party(address wallet) private view returns (Party memory p) {
        WalletRecord memory w = _wallets[wallet];
        if (w.identity == address(0)) return p;
        p.identity = w.identity;
        p.country = w.country;
        p.topics = _currentTopics(w.identity);
        if (w.multi) {
            p.multi = true;
            p.primary = _identityWallets[w.identity].primary;
        }
    }

    /// @dev Store `wallet` for `identity`. Emits an {IdentityStored} event.
    function _store(address wallet, address identity, uint16 country) private {
        _wallets[wallet] = WalletRecord(identity, country, _join(wallet, identity));
        emit IdentityStored(wallet, identity);
    }

    /// @dev Count `wallet` among `identity`'s wallets; returns whether the identity is now multi-wallet. The
    /// second wallet makes it multi for good, and flags its first wallet's record too.
    function _join(address wallet, address identity) private returns (bool) {
        IdentityWallets memory iw = _identityWallets[identity];
        if (!iw.multi && iw.count == 0) {
            _identityWallets[identity] = IdentityWallets(wallet, 1, false);
            return false;
        }
        if (!iw.multi && iw.primary != address(0)) _wallets[iw.primary].multi = true;
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
