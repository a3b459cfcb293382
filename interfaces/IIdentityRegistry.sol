// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Investor, Party} from "./ITransferTypes.sol";
import {IIdentityRegistryStorage} from "./IIdentityRegistryStorage.sol";

/// @title IIdentityRegistry
/// @notice ERC-3643 identity registry of one token (or several): who its investors are and which claim
/// topics they must hold (the claim topics registry's role). Wallet records, claims and trusted issuers
/// live in an {IIdentityRegistryStorage} that several registries may share.
/// @dev Countries are ISO 3166-1 numeric (826 UK, 840 US). Identities are plain addresses (ERC-3643 types
/// them `IIdentity`; the ABI is the same).
///
/// A wallet's identity and country are what the compliance rules count by (balance per identity, holders
/// per country, lock-ups, transfer windows). So that those books stay exact, {updateIdentity},
/// {updateCountry} and {deleteIdentity} refuse a wallet that holds tokens of any token bound
/// ({bindToken}) to a registry sharing this registry's storage. To move an investor who holds, an agent
/// registers a wallet with the new identity or country, moves the tokens there (the token's
/// `recoveryAddress` for a wallet of the same identity, `forcedTransfer` otherwise; the rules of the
/// recipient's country apply), then changes or deletes the emptied wallet.
interface IIdentityRegistry {
    /// @notice Emitted when the storage changes (ERC-3643 name).
    event IdentityStorageSet(address indexed identityStorage);
    /// @notice Emitted when `investorAddress` is registered with `identity` (ERC-3643 name).
    event IdentityRegistered(address indexed investorAddress, address indexed identity);
    /// @notice Emitted when `investorAddress` is removed (ERC-3643 name).
    event IdentityRemoved(address indexed investorAddress, address indexed identity);
    /// @notice Emitted when a wallet's identity changes (ERC-3643 name).
    event IdentityUpdated(address indexed oldIdentity, address indexed newIdentity);
    /// @notice Emitted when a wallet's country changes (ERC-3643 name).
    event CountryUpdated(address indexed investorAddress, uint16 indexed country);
    /// @notice Emitted when `claimTopic` becomes required (ERC-3643 claim topics registry name).
    event ClaimTopicAdded(uint256 indexed claimTopic);
    /// @notice Emitted when `claimTopic` stops being required (ERC-3643 claim topics registry name).
    event ClaimTopicRemoved(uint256 indexed claimTopic);
    /// @notice Emitted with the contract that answers ERC-3643's trusted issuers registry reads: the storage.
    event TrustedIssuersRegistrySet(address indexed trustedIssuersRegistry);
    /// @notice Emitted with the contract that answers ERC-3643's claim topics registry reads: this registry.
    event ClaimTopicsRegistrySet(address indexed claimTopicsRegistry);
    /// @notice Emitted when `token` is bound: from then on its holders' wallets keep their identity and country.
    event TokenBound(address indexed token);
    /// @notice Emitted when `token` is unbound.
    event TokenUnbound(address indexed token);
    /// @notice Emitted when a bound token failed to re-read the registry's storage and required topics.
    event TokenSyncFailed(address indexed token);
    /// @notice Emitted when the investor type of `identity` is set: 0 an individual, 1 an entity.
    event InvestorTypeUpdated(address indexed identity, uint8 investorType);

    /// @notice Batch arrays differ in length.
    error IdentityRegistryLengthMismatch();
    /// @notice `topic` is already required.
    error IdentityRegistryTopicAlreadyRequired(uint256 topic);
    /// @notice `topic` is not required.
    error IdentityRegistryTopicNotRequired(uint256 topic);
    /// @notice `topic` does not fit the storage's topic bitmap.
    error IdentityRegistryTopicOutOfRange(uint256 topic);
    /// @notice The zero address was given for the storage or a token.
    error IdentityRegistryZeroAddress();
    /// @notice `wallet` holds `balance` tokens of `token`: its identity and country stay as they are, and it
    /// stays registered, until its tokens are moved out.
    error IdentityRegistryWalletHoldsTokens(address wallet, address token, uint256 balance);
    /// @notice `token` is bound already.
    error IdentityRegistryTokenAlreadyBound(address token);
    /// @notice `token` is not bound.
    error IdentityRegistryTokenNotBound(address token);
    /// @notice `token` has no code: a token is a contract.
    error IdentityRegistryNotAContract(address token);
    /// @notice ERC-3643's separate issuers and topics registries are parts of this design: the issuers are
    /// the storage's (`expected`), the topics this registry's; `given` is neither.
    error IdentityRegistryComponentFixed(address given, address expected);
    /// @notice No more than {MAX_BOUND_TOKENS} tokens may be bound.
    error IdentityRegistryTooManyTokens(uint256 max);

    /// @notice Register `_userAddress` as a wallet of `_identity` in `_country` (ERC-3643 name).
    /// @dev Emits an {IdentityRegistered} event. Requirements: caller is an agent; see the storage.
    function registerIdentity(address _userAddress, address _identity, uint16 _country) external;

    /// @notice Remove `_userAddress` (ERC-3643 name). Emits an {IdentityRemoved} event.
    /// Requirements: caller is an agent; wallet registered; it holds no tokens of a bound token
    /// (`IdentityRegistryWalletHoldsTokens`).
    function deleteIdentity(address _userAddress) external;

    /// @notice Change the country of `_userAddress` (ERC-3643 name). Emits a {CountryUpdated} event.
    /// Requirements: caller is an agent; wallet registered; it holds no tokens of a bound token.
    function updateCountry(address _userAddress, uint16 _country) external;

    /// @notice Change the identity of `_userAddress` (ERC-3643 name). Emits an {IdentityUpdated} event.
    /// Requirements: caller is an agent; wallet registered; identity non-zero; it holds no tokens of a
    /// bound token.
    function updateIdentity(address _userAddress, address _identity) external;

    /// @notice Set the investor type of the identity of `userAddress`: 0 an individual (the default), 1 an
    /// entity. The type belongs to the identity: every wallet of it, present and future, has it. Unlike
    /// the country, it may change while the wallet holds tokens (no count is kept by type).
    /// @dev Emits an {InvestorTypeUpdated} event. Requirements: caller is an agent; wallet registered
    /// (`StorageWalletNotStored`); type 0 or 1 (`StorageInvalidInvestorType`).
    function setInvestorType(address userAddress, uint8 investorType_) external;

    /// @notice {setInvestorType} for each pair, in order.
    /// @dev Requirements: caller is an agent; arrays of equal length (`IdentityRegistryLengthMismatch`); each
    /// pair as for {setInvestorType}.
    function batchSetInvestorType(address[] calldata userAddresses, uint8[] calldata investorTypes) external;

    /// @notice The investor type of the identity of `userAddress`: 0 an individual, 1 an entity; 0 if the
    /// wallet is not registered.
    function investorType(address userAddress) external view returns (uint8);

    /// @notice Bind `token`, a token that relies on this registry: the identity and country of a wallet that
    /// holds it no longer change (see the contract's notes). Emits a {TokenBound} event.
    /// Requirements: caller is the owner; `token` a contract, not bound; fewer than {MAX_BOUND_TOKENS} bound.
    function bindToken(address token) external;

    /// @notice Unbind `token`. Emits a {TokenUnbound} event. Requirements: caller is the owner; `token` bound.
    function unbindToken(address token) external;

    /// @notice The bound tokens.
    function boundTokens() external view returns (address[] memory);

    /// @notice The contract answering ERC-3643's `ITrustedIssuersRegistry` reads (`getTrustedIssuers`,
    /// `isTrustedIssuer`, `getTrustedIssuerClaimTopics`, `getTrustedIssuersForClaimTopic`, `hasClaimTopic`):
    /// the storage, where the trusted issuers live (ERC-3643 name).
    function issuersRegistry() external view returns (address);

    /// @notice The contract answering ERC-3643's `IClaimTopicsRegistry` reads (`getClaimTopics`): this
    /// registry, which keeps its required topics itself (ERC-3643 name).
    function topicsRegistry() external view returns (address);

    /// @notice ERC-3643's setter, kept for tools that call it: accepts only the storage (the issuers live
    /// there), emitting {TrustedIssuersRegistrySet}; to use other issuers, point the registry at another
    /// storage. Requirements: caller is the owner; `_trustedIssuersRegistry` is the storage.
    function setTrustedIssuersRegistry(address _trustedIssuersRegistry) external;

    /// @notice ERC-3643's setter, kept for tools that call it: accepts only this registry (it keeps the
    /// required topics), emitting {ClaimTopicsRegistrySet}. Requirements: caller is the owner;
    /// `_claimTopicsRegistry` is this registry.
    function setClaimTopicsRegistry(address _claimTopicsRegistry) external;

    /// @notice The most tokens one registry binds.
    function MAX_BOUND_TOKENS() external view returns (uint256);

    /// @notice {registerIdentity} for each entry (ERC-3643 name).
    /// Requirements: caller is an agent; arrays of equal length.
    function batchRegisterIdentity(
        address[] calldata _userAddresses,
        address[] calldata _identities,
        uint16[] calldata _countries
    ) external;

    /// @notice Onboard investors in one transaction: register each wallet (as {batchRegisterIdentity})
    /// and add, as the calling issuer, a claim of every topic in `_topics` for its identity, valid until
    /// `_expiries[i]`.
    /// @dev The caller must be both an agent of this registry and an issuer trusted for every topic in
    /// `_topics`. Emits, per entry, {IIdentityRegistryStorage-IdentityStored}, then
    /// {IClaimRegistry-ClaimAdded} and {IClaimRegistry-IdentityRefreshed} per topic, then
    /// {IdentityRegistered}.
    /// Requirements: caller is an agent; arrays of equal length; each entry as for {registerIdentity}
    /// and {IClaimRegistry-addClaim} (reverts with the storage's errors).
    function batchRegisterIdentityWithClaims(
        address[] calldata _userAddresses,
        address[] calldata _identities,
        uint16[] calldata _countries,
        uint256[] calldata _topics,
        uint64[] calldata _expiries
    ) external;

    /// @notice Point this registry at another storage (ERC-3643 name); the storage's owner must bind it.
    /// @dev Emits an {IdentityStorageSet} event. Requirements: caller is the owner; non-zero address.
    function setIdentityRegistryStorage(address _identityRegistryStorage) external;

    /// @notice Require `_claimTopic` of every verified investor (ERC-3643 name).
    /// @dev Emits a {ClaimTopicAdded} event. Requirements: caller is the owner; topic in range, not yet required.
    function addClaimTopic(uint256 _claimTopic) external;

    /// @notice Stop requiring `_claimTopic` (ERC-3643 name).
    /// @dev Emits a {ClaimTopicRemoved} event. Requirements: caller is the owner; topic required.
    function removeClaimTopic(uint256 _claimTopic) external;

    /// @notice The required topics, ascending (ERC-3643 name).
    function getClaimTopics() external view returns (uint256[] memory);

    /// @notice Bitmap of the required topics (bit `t` = topic `t`).
    function requiredTopics() external view returns (uint256);

    /// @notice Whether `_userAddress` is registered (ERC-3643 name).
    function contains(address _userAddress) external view returns (bool);

    /// @notice Registered, and every required topic has an unexpired claim from an issuer trusted now for
    /// it (ERC-3643 name). Equals `investor(_userAddress).verified`.
    function isVerified(address _userAddress) external view returns (bool);

    /// @notice The identity of `_userAddress`, zero if unregistered (ERC-3643 name).
    function identity(address _userAddress) external view returns (address);

    /// @notice The country of `_userAddress`, zero if unregistered (ERC-3643 name).
    function investorCountry(address _userAddress) external view returns (uint16);

    /// @notice The storage this registry reads and writes (ERC-3643 name).
    function identityStorage() external view returns (IIdentityRegistryStorage);

    /// @notice One call for the transfer path: identity, country, verified and the topics bitmap of `wallet`.
    /// @dev A constant number of storage reads in the common case; see {IIdentityRegistryStorage-investorRecord}.
    function investor(address wallet) external view returns (Investor memory);

    /// @notice {investor} of two wallets in one call: the transfer path's sender and recipient.
    /// @dev One call to the storage ({IIdentityRegistryStorage-investorRecords}) for both. A zero
    /// wallet gives an empty, unverified record.
    function investors(address walletA, address walletB) external view returns (Investor memory a, Investor memory b);

    /// @notice The rule engine's record of `wallet`: its investor record, whether it is verified against
    /// this registry's required topics, and where its identity's ledger lives (see {Party}).
    function party(address wallet) external view returns (Party memory);

    /// @notice {IIdentityRegistryStorage-identityWallets} of this registry's storage.
    function identityWallets(address investorIdentity) external view returns (address primary, uint256 count, bool multi);
}
