// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IIdentityRegistry} from "../../interfaces/IIdentityRegistry.sol";
import {IIdentityRegistryStorage} from "../../interfaces/IIdentityRegistryStorage.sol";
import {Investor, Party} from "../../interfaces/ITransferTypes.sol";
import {AgentRole} from "./AgentRole.sol";

/// @notice The one call the registry makes on the tokens bound to it when what they cache of it changes.
interface ITokenRegistrySync {
    function syncIdentityRegistry() external;
}

/// @title IdentityRegistry
/// @notice ERC-3643 identity registry: agents register investors' wallets; the owner sets which claim
/// topics a verified investor must hold. Wallets, claims and trusted issuers live in a shared
/// {IdentityRegistryStorage}, so several registries (one per token, each with its own required topics)
/// can serve one pool of KYC'd investors.
/// @dev The storage address and the required-topics bitmap share one slot, so {investor} costs one read
/// here plus {IIdentityRegistryStorage-investorRecord} (three reads in the common case).
contract IdentityRegistry is AgentRole, IIdentityRegistry {
    /// @dev Topics fit the storage's 96-bit bitmaps (see {IClaimRegistry-MAX_TOPICS}).
    uint256 private constant _MAX_TOPICS = 96;

    /// @inheritdoc IIdentityRegistry
    uint256 public constant MAX_BOUND_TOKENS = 16;

    IIdentityRegistryStorage private _storage;
    uint96 private _required;
    address[] private _tokens;

    /// @param initialOwner The account that appoints agents and sets the required topics.
    /// @param identityStorage_ The shared storage; its owner must bind this registry before agents register.
    constructor(address initialOwner, address identityStorage_) Ownable(initialOwner) {
        _setStorage(identityStorage_);
        emit ClaimTopicsRegistrySet(address(this));
    }

    /// @inheritdoc IIdentityRegistry
    function registerIdentity(address _userAddress, address _identity, uint16 _country) external onlyAgent {
        _register(_userAddress, _identity, _country);
    }

    /// @inheritdoc IIdentityRegistry
    function batchRegisterIdentity(
        address[] calldata _userAddresses,
        address[] calldata _identities,
        uint16[] calldata _countries
    ) external onlyAgent {
        uint256 n = _userAddresses.length;
        if (_identities.length != n || _countries.length != n) revert IdentityRegistryLengthMismatch();
        for (uint256 i; i < n; ++i) {
            _register(_userAddresses[i], _identities[i], _countries[i]);
        }
    }

    /// @inheritdoc IIdentityRegistry
    function batchRegisterIdentityWithClaims(
        address[] calldata _userAddresses,
        address[] calldata _identities,
        uint16[] calldata _countries,
        uint256[] calldata _topics,
        uint64[] calldata _expiries
    ) external onlyAgent {
        uint256 n = _userAddresses.length;
        if (_identities.length != n || _countries.length != n || _expiries.length != n) {
            revert IdentityRegistryLengthMismatch();
        }
        IIdentityRegistryStorage storage_ = _storage;
        for (uint256 i; i < n; ++i) {
            storage_.addIdentityWithClaims(
                _userAddresses[i], _identities[i], _countries[i], msg.sender, _topics, _expiries[i]
            );
            emit IdentityRegistered(_userAddresses[i], _identities[i]);
        }
    }

    /// @inheritdoc IIdentityRegistry
    function deleteIdentity(address _userAddress) external onlyAgent {
        _checkHoldsNothing(_userAddress);
        address oldIdentity = _storage.storedIdentity(_userAddress);
        _storage.removeIdentityFromStorage(_userAddress);
        emit IdentityRemoved(_userAddress, oldIdentity);
    }

    /// @inheritdoc IIdentityRegistry
    function updateCountry(address _userAddress, uint16 _country) external onlyAgent {
        _checkHoldsNothing(_userAddress);
        _storage.modifyStoredInvestorCountry(_userAddress, _country);
        emit CountryUpdated(_userAddress, _country);
    }

    /// @inheritdoc IIdentityRegistry
    function updateIdentity(address _userAddress, address _identity) external onlyAgent {
        _checkHoldsNothing(_userAddress);
        address oldIdentity = _storage.storedIdentity(_userAddress);
        _storage.modifyStoredIdentity(_userAddress, _identity);
        emit IdentityUpdated(oldIdentity, _identity);
    }

    /// @inheritdoc IIdentityRegistry
    function setIdentityRegistryStorage(address _identityRegistryStorage) external onlyOwner {
        _setStorage(_identityRegistryStorage);
        _syncTokens();
    }

    /// @inheritdoc IIdentityRegistry
    function bindToken(address token) external onlyOwner {
        if (token == address(0)) revert IdentityRegistryZeroAddress();
        if (token.code.length == 0) revert IdentityRegistryNotAContract(token);
        uint256 n = _tokens.length;
        if (n >= MAX_BOUND_TOKENS) revert IdentityRegistryTooManyTokens(MAX_BOUND_TOKENS);
        for (uint256 i; i < n; ++i) {
            if (_tokens[i] == token) revert IdentityRegistryTokenAlreadyBound(token);
        }
        _tokens.push(token);
        emit TokenBound(token);
        _syncToken(token);
    }

    /// @inheritdoc IIdentityRegistry
    function unbindToken(address token) external onlyOwner {
        uint256 n = _tokens.length;
        for (uint256 i; i < n; ++i) {
            if (_tokens[i] == token) {
                _tokens[i] = _tokens[n - 1];
                _tokens.pop();
                emit TokenUnbound(token);
                return;
            }
        }
        revert IdentityRegistryTokenNotBound(token);
    }

    /// @inheritdoc IIdentityRegistry
    function boundTokens() external view returns (address[] memory) {
        return _tokens;
    }

    /// @inheritdoc IIdentityRegistry
    function issuersRegistry() external view returns (address) {
        return address(_storage);
    }

    /// @inheritdoc IIdentityRegistry
    function topicsRegistry() external view returns (address) {
        return address(this);
    }

    /// @inheritdoc IIdentityRegistry
    function setTrustedIssuersRegistry(address _trustedIssuersRegistry) external onlyOwner {
        if (_trustedIssuersRegistry != address(_storage)) {
            revert IdentityRegistryComponentFixed(_trustedIssuersRegistry, address(_storage));
        }
        emit TrustedIssuersRegistrySet(_trustedIssuersRegistry);
    }

    /// @inheritdoc IIdentityRegistry
    function setClaimTopicsRegistry(address _claimTopicsRegistry) external onlyOwner {
        if (_claimTopicsRegistry != address(this)) revert IdentityRegistryComponentFixed(_claimTopicsRegistry, address(this));
        emit ClaimTopicsRegistrySet(_claimTopicsRegistry);
    }

    /// @inheritdoc IIdentityRegistry
    function addClaimTopic(uint256 _claimTopic) external onlyOwner {
        if (_claimTopic >= _MAX_TOPICS) revert IdentityRegistryTopicOutOfRange(_claimTopic);
        uint96 bit = uint96(1 << _claimTopic);
        if (_required & bit != 0) revert IdentityRegistryTopicAlreadyRequired(_claimTopic);
        _required |= bit;
        emit ClaimTopicAdded(_claimTopic);
        _syncTokens();
    }

    /// @inheritdoc IIdentityRegistry
    function removeClaimTopic(uint256 _claimTopic) external onlyOwner {
        if (_claimTopic >= _MAX_TOPICS || _required & uint96(1 << _claimTopic) == 0) {
            revert IdentityRegistryTopicNotRequired(_claimTopic);
        }
        _required &= ~uint96(1 << _claimTopic);
        emit ClaimTopicRemoved(_claimTopic);
        _syncTokens();
    }

    /// @inheritdoc IIdentityRegistry
    function getClaimTopics() external view returns (uint256[] memory list) {
        uint256 bitmap = _required;
        uint256 count = 0;
        for (uint256 bits = bitmap; bits != 0; bits &= bits - 1) ++count;
        list = new uint256[](count);
        uint256 i = 0;
        for (uint256 t; bitmap != 0; (++t, bitmap >>= 1)) {
            if (bitmap & 1 == 1) list[i++] = t;
        }
    }

    /// @inheritdoc IIdentityRegistry
    function requiredTopics() external view returns (uint256) {
        return _required;
    }

    /// @inheritdoc IIdentityRegistry
    function contains(address _userAddress) external view returns (bool) {
        return _storage.storedIdentity(_userAddress) != address(0);
    }

    /// @inheritdoc IIdentityRegistry
    function isVerified(address _userAddress) external view returns (bool) {
        return investor(_userAddress).verified;
    }

    /// @inheritdoc IIdentityRegistry
    function identity(address _userAddress) external view returns (address) {
        return _storage.storedIdentity(_userAddress);
    }

    /// @inheritdoc IIdentityRegistry
    function investorCountry(address _userAddress) external view returns (uint16) {
        return _storage.storedInvestorCountry(_userAddress);
    }

    /// @inheritdoc IIdentityRegistry
    function identityStorage() external view returns (IIdentityRegistryStorage) {
        return _storage;
    }

    /// @inheritdoc IIdentityRegistry
    function investor(address wallet) public view returns (Investor memory inv) {
        uint256 required = _required;
        (inv.identity, inv.country, inv.topics) = _storage.investorRecord(wallet);
        inv.verified = inv.identity != address(0) && inv.topics & required == required;
    }

    /// @inheritdoc IIdentityRegistry
    function investors(address walletA, address walletB) external view returns (Investor memory a, Investor memory b) {
        uint256 required = _required;
        (a.identity, a.country, a.topics, b.identity, b.country, b.topics) = _storage.investorRecords(walletA, walletB);
        a.verified = a.identity != address(0) && a.topics & required == required;
        b.verified = b.identity != address(0) && b.topics & required == required;
    }

    /// @dev Refuse a change of `wallet`'s record while it holds tokens of a token bound to any registry that
    /// shares the storage (the storage is shared, so a change here is a change there too). A linked
    /// registry that does not list bound tokens (not a sectoken registry) has none to protect.
    /// @inheritdoc IIdentityRegistry
    function identityWallets(address investorIdentity) external view returns (address primary, uint256 count, bool multi) {
        return _storage.identityWallets(investorIdentity);
    }

    /// @inheritdoc IIdentityRegistry
    function party(address wallet) external view returns (Party memory p) {
        p = _storage.partyRecord(wallet);
        p.verified = _verified(p);
    }

    /// @dev Whether `p` is registered and holds every required topic.
    function _verified(Party memory p) private view returns (bool) {
        uint256 required = _required;
        return p.identity != address(0) && p.topics & required == required;
    }

    /// @dev Have every bound token re-read the storage and required topics it caches.
    function _syncTokens() private {
        uint256 n = _tokens.length;
        for (uint256 i; i < n; ++i) _syncToken(_tokens[i]);
    }

    /// @dev Have `token` re-read what it caches of this registry. A token that does not cache anything (no
    /// such function) or fails is skipped: the change must not depend on it. Emits {TokenSyncFailed} then.
    function _syncToken(address token) private {
        try ITokenRegistrySync(token).syncIdentityRegistry() {}
        catch {
            emit TokenSyncFailed(token);
        }
    }

    function _checkHoldsNothing(address wallet) private view {
        address[] memory registries = _storage.linkedIdentityRegistries();
        for (uint256 r; r < registries.length; ++r) {
            address[] memory tokens = registries[r] == address(this) ? _tokens : _boundTokensOf(registries[r]);
            for (uint256 t; t < tokens.length; ++t) {
                uint256 balance = IERC20(tokens[t]).balanceOf(wallet);
                if (balance != 0) revert IdentityRegistryWalletHoldsTokens(wallet, tokens[t], balance);
            }
        }
    }

    /// @dev The tokens bound to another registry linked to the storage; none if it cannot list them.
    function _boundTokensOf(address registry) private view returns (address[] memory tokens) {
        try IIdentityRegistry(registry).boundTokens() returns (address[] memory theirs) {
            tokens = theirs;
        } catch {}
    }

    /// @dev Store `wallet` in the shared storage and emit the registry's event.
    function _register(address wallet, address identity_, uint16 country) private {
        _storage.addIdentityToStorage(wallet, identity_, country);
        emit IdentityRegistered(wallet, identity_);
    }

    /// @dev Point at `identityStorage_`.
    function _setStorage(address identityStorage_) private {
        if (identityStorage_ == address(0)) revert IdentityRegistryZeroAddress();
        _storage = IIdentityRegistryStorage(identityStorage_);
        emit IdentityStorageSet(identityStorage_);
        emit TrustedIssuersRegistrySet(identityStorage_);
    }
}
