// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
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
/// @dev Runs behind an ERC-1967 proxy (UUPS, upgraded by the owner only), state in an ERC-7201 namespace.
/// The storage address and the required-topics bitmap share one slot, so {investor} costs one read here
/// plus {IIdentityRegistryStorage-investorRecord} (the wallet's identity and word and the trust epoch in the common case).
contract IdentityRegistry is AgentRole, UUPSUpgradeable, IIdentityRegistry {
    /// @dev Topics fit the storage's 96-bit bitmaps (see {IClaimRegistry-MAX_TOPICS}).
    uint256 private constant _MAX_TOPICS = 96;

    /// @inheritdoc IIdentityRegistry
    uint256 public constant MAX_BOUND_TOKENS = 16;

    /// @custom:storage-location erc7201:sectoken.storage.IdentityRegistry
    struct RegistryState {
        IIdentityRegistryStorage store;
        uint96 required;
        address[] tokens;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.IdentityRegistry")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STATE_SLOT = 0xbecd35dcbddd192d7444d235f1f81acf40146254f558dfd3e4316a3a9c646500;

    /// @dev The implementation itself can never be initialised: only proxies are.
    constructor() {
        _disableInitializers();
    }

    /// @notice Set the proxy up, in the transaction that deploys it.
    /// @param initialOwner The account that appoints agents and sets the required topics.
    /// @param identityStorage_ The shared storage; its owner must bind this registry before agents register.
    function initialize(address initialOwner, address identityStorage_) external initializer {
        __Ownable_init(initialOwner);
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
        IIdentityRegistryStorage storage_ = _state().store;
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
        address oldIdentity = _state().store.storedIdentity(_userAddress);
        _state().store.removeIdentityFromStorage(_userAddress);
        emit IdentityRemoved(_userAddress, oldIdentity);
    }

    /// @inheritdoc IIdentityRegistry
    function updateCountry(address _userAddress, uint16 _country) external onlyAgent {
        _checkHoldsNothing(_userAddress);
        _state().store.modifyStoredInvestorCountry(_userAddress, _country);
        emit CountryUpdated(_userAddress, _country);
    }

    /// @inheritdoc IIdentityRegistry
    function updateIdentity(address _userAddress, address _identity) external onlyAgent {
        _checkHoldsNothing(_userAddress);
        address oldIdentity = _state().store.storedIdentity(_userAddress);
        _state().store.modifyStoredIdentity(_userAddress, _identity);
        emit IdentityUpdated(oldIdentity, _identity);
    }

    /// @inheritdoc IIdentityRegistry
    function setInvestorType(address userAddress, uint8 investorType_) external onlyAgent {
        _setInvestorType(_state().store, userAddress, investorType_);
    }

    /// @inheritdoc IIdentityRegistry
    function batchSetInvestorType(address[] calldata userAddresses, uint8[] calldata investorTypes) external onlyAgent {
        uint256 n = userAddresses.length;
        if (investorTypes.length != n) revert IdentityRegistryLengthMismatch();
        IIdentityRegistryStorage storage_ = _state().store;
        for (uint256 i; i < n; ++i) {
            _setInvestorType(storage_, userAddresses[i], investorTypes[i]);
        }
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
        address[] storage tokens = _state().tokens;
        uint256 n = tokens.length;
        if (n >= MAX_BOUND_TOKENS) revert IdentityRegistryTooManyTokens(MAX_BOUND_TOKENS);
        for (uint256 i; i < n; ++i) {
            if (tokens[i] == token) revert IdentityRegistryTokenAlreadyBound(token);
        }
        tokens.push(token);
        emit TokenBound(token);
        _syncToken(token);
    }

    /// @inheritdoc IIdentityRegistry
    function unbindToken(address token) external onlyOwner {
        address[] storage tokens = _state().tokens;
        uint256 n = tokens.length;
        for (uint256 i; i < n; ++i) {
            if (tokens[i] == token) {
                tokens[i] = tokens[n - 1];
                tokens.pop();
                emit TokenUnbound(token);
                return;
            }
        }
        revert IdentityRegistryTokenNotBound(token);
    }

    /// @inheritdoc IIdentityRegistry
    function boundTokens() external view returns (address[] memory) {
        return _state().tokens;
    }

    /// @inheritdoc IIdentityRegistry
    function issuersRegistry() external view returns (address) {
        return address(_state().store);
    }

    /// @inheritdoc IIdentityRegistry
    function topicsRegistry() external view returns (address) {
        return address(this);
    }

    /// @inheritdoc IIdentityRegistry
    function setTrustedIssuersRegistry(address _trustedIssuersRegistry) external onlyOwner {
        if (_trustedIssuersRegistry != address(_state().store)) {
            revert IdentityRegistryComponentFixed(_trustedIssuersRegistry, address(_state().store));
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
        RegistryState storage $ = _state();
        if ($.required & bit != 0) revert IdentityRegistryTopicAlreadyRequired(_claimTopic);
        $.required |= bit;
        emit ClaimTopicAdded(_claimTopic);
        _syncTokens();
    }

    /// @inheritdoc IIdentityRegistry
    function removeClaimTopic(uint256 _claimTopic) external onlyOwner {
        RegistryState storage $ = _state();
        if (_claimTopic >= _MAX_TOPICS || $.required & uint96(1 << _claimTopic) == 0) {
            revert IdentityRegistryTopicNotRequired(_claimTopic);
        }
        $.required &= ~uint96(1 << _claimTopic);
        emit ClaimTopicRemoved(_claimTopic);
        _syncTokens();
    }

    /// @inheritdoc IIdentityRegistry
    function getClaimTopics() external view returns (uint256[] memory list) {
        uint256 bitmap = _state().required;
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
        return _state().required;
    }

    /// @inheritdoc IIdentityRegistry
    function contains(address _userAddress) external view returns (bool) {
        return _state().store.storedIdentity(_userAddress) != address(0);
    }

    /// @inheritdoc IIdentityRegistry
    function isVerified(address _userAddress) external view returns (bool) {
        return investor(_userAddress).verified;
    }

    /// @inheritdoc IIdentityRegistry
    function identity(address _userAddress) external view returns (address) {
        return _state().store.storedIdentity(_userAddress);
    }

    /// @inheritdoc IIdentityRegistry
    function investorCountry(address _userAddress) external view returns (uint16) {
        return _state().store.storedInvestorCountry(_userAddress);
    }

    /// @inheritdoc IIdentityRegistry
    function investorType(address _userAddress) external view returns (uint8) {
        IIdentityRegistryStorage storage_ = _state().store;
        address identity_ = storage_.storedIdentity(_userAddress);
        return identity_ == address(0) ? 0 : storage_.identityInvestorType(identity_);
    }

    /// @inheritdoc IIdentityRegistry
    function identityStorage() external view returns (IIdentityRegistryStorage) {
        return _state().store;
    }

    /// @inheritdoc IIdentityRegistry
    function investor(address wallet) public view returns (Investor memory inv) {
        uint256 required = _state().required;
        (inv.identity, inv.country, inv.topics) = _state().store.investorRecord(wallet);
        inv.verified = inv.identity != address(0) && inv.topics & required == required;
    }

    /// @inheritdoc IIdentityRegistry
    function investors(address walletA, address walletB) external view returns (Investor memory a, Investor memory b) {
        uint256 required = _state().required;
        (a.identity, a.country, a.topics, b.identity, b.country, b.topics) = _state().store.investorRecords(walletA, walletB);
        a.verified = a.identity != address(0) && a.topics & required == required;
        b.verified = b.identity != address(0) && b.topics & required == required;
    }

    /// @dev Refuse a change of `wallet`'s record while it holds tokens of a token bound to any registry that
    /// shares the storage (the storage is shared, so a change here is a change there too). A linked
    /// registry that does not list bound tokens (not a sectoken registry) has none to protect.
    /// @inheritdoc IIdentityRegistry
    function identityWallets(address investorIdentity) external view returns (address primary, uint256 count, bool multi) {
        return _state().store.identityWallets(investorIdentity);
    }

    /// @inheritdoc IIdentityRegistry
    function party(address wallet) external view returns (Party memory p) {
        p = _state().store.partyRecord(wallet);
        p.verified = _verified(p);
    }

    /// @dev Whether `p` is registered and holds every required topic.
    function _verified(Party memory p) private view returns (bool) {
        uint256 required = _state().required;
        return p.identity != address(0) && p.topics & required == required;
    }

    /// @dev Have every bound token re-read the storage and required topics it caches.
    function _syncTokens() private {
        address[] storage tokens = _state().tokens;
        uint256 n = tokens.length;
        for (uint256 i; i < n; ++i) _syncToken(tokens[i]);
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
        address[] memory registries = _state().store.linkedIdentityRegistries();
        for (uint256 r; r < registries.length; ++r) {
            address[] memory tokens = registries[r] == address(this) ? _state().tokens : _boundTokensOf(registries[r]);
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
        _state().store.addIdentityToStorage(wallet, identity_, country);
        emit IdentityRegistered(wallet, identity_);
    }

    /// @dev Set the investor type of `wallet`'s identity in `storage_` and emit the registry's event.
    function _setInvestorType(IIdentityRegistryStorage storage_, address wallet, uint8 investorType_) private {
        address identity_ = storage_.modifyStoredInvestorType(wallet, investorType_);
        emit InvestorTypeUpdated(identity_, investorType_);
    }

    /// @dev Point at `identityStorage_`.
    function _setStorage(address identityStorage_) private {
        if (identityStorage_ == address(0)) revert IdentityRegistryZeroAddress();
        _state().store = IIdentityRegistryStorage(identityStorage_);
        emit IdentityStorageSet(identityStorage_);
        emit TrustedIssuersRegistrySet(identityStorage_);
    }

    /// @dev Upgrades: the owner only.
    function _authorizeUpgrade(address) internal override onlyOwner {}

    /// @dev The registry's state.
    function _state() private pure returns (RegistryState storage $) {
        assembly {
            $.slot := _STATE_SLOT
        }
    }
}
