// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Investor} from "./ITransferTypes.sol";
import {IIdentityRegistryStorage} from "./IIdentityRegistryStorage.sol";

/// @title IIdentityRegistry
/// @notice ERC-3643 identity registry of one token (or several): who its investors are and which claim
/// topics they must hold (the claim topics registry's role). Wallet records, claims and trusted issuers
/// live in an {IIdentityRegistryStorage} that several registries may share.
/// @dev Countries are ISO 3166-1 numeric (826 UK, 840 US). Identities are plain addresses (ERC-3643 types
/// them `IIdentity`; the ABI is the same).
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

    /// @notice Batch arrays differ in length.
    error IdentityRegistryLengthMismatch();
    /// @notice `topic` is already required.
    error IdentityRegistryTopicAlreadyRequired(uint256 topic);
    /// @notice `topic` is not required.
    error IdentityRegistryTopicNotRequired(uint256 topic);
    /// @notice `topic` does not fit the storage's topic bitmap.
    error IdentityRegistryTopicOutOfRange(uint256 topic);
    /// @notice The zero address was given for the storage.
    error IdentityRegistryZeroAddress();

    /// @notice Register `_userAddress` as a wallet of `_identity` in `_country` (ERC-3643 name).
    /// @dev Emits an {IdentityRegistered} event. Requirements: caller is an agent; see the storage.
    function registerIdentity(address _userAddress, address _identity, uint16 _country) external;

    /// @notice Remove `_userAddress` (ERC-3643 name). Emits an {IdentityRemoved} event.
    /// Requirements: caller is an agent; wallet registered.
    function deleteIdentity(address _userAddress) external;

    /// @notice Change the country of `_userAddress` (ERC-3643 name). Emits a {CountryUpdated} event.
    /// Requirements: caller is an agent; wallet registered.
    function updateCountry(address _userAddress, uint16 _country) external;

    /// @notice Change the identity of `_userAddress` (ERC-3643 name). Emits an {IdentityUpdated} event.
    /// Requirements: caller is an agent; wallet registered; identity non-zero.
    function updateIdentity(address _userAddress, address _identity) external;

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
}
