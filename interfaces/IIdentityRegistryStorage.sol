// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Party} from "./ITransferTypes.sol";
import {IOnchainIdClaims} from "./IOnchainIdClaims.sol";

/// @title IIdentityRegistryStorage
/// @notice Identity state shared by the identity registries of several tokens (ERC-3643's identity
/// registry storage, with the claims and trusted issuers beside it), so one KYC serves a bond and a fund
/// of the same issuer. Each wallet maps to an investor identity and a country; several wallets may map
/// to one identity (one investor); claims belong to the identity, and so does the investor type (an
/// individual, 0, the default; or an entity, 1).
/// @dev Identities are plain addresses (ERC-3643 types them `IIdentity`; the ABI is the same).
interface IIdentityRegistryStorage is IOnchainIdClaims {
    /// @notice Emitted when `investorAddress` is stored with `identity` (ERC-3643 name).
    event IdentityStored(address indexed investorAddress, address indexed identity);
    /// @notice Emitted when `investorAddress` is removed (ERC-3643 name).
    event IdentityUnstored(address indexed investorAddress, address indexed identity);
    /// @notice Emitted when a wallet's identity changes (ERC-3643 name).
    event IdentityModified(address indexed oldIdentity, address indexed newIdentity);
    /// @notice Emitted when a wallet's country changes (ERC-3643 name).
    event CountryModified(address indexed investorAddress, uint16 indexed country);
    /// @notice Emitted when an identity registry may write here (ERC-3643 name).
    event IdentityRegistryBound(address indexed identityRegistry);
    /// @notice Emitted when an identity registry may no longer write here (ERC-3643 name).
    event IdentityRegistryUnbound(address indexed identityRegistry);

    /// @notice The caller is not a bound identity registry.
    error StorageOnlyBoundRegistry(address caller);
    /// @notice `wallet` is already stored.
    error StorageWalletAlreadyStored(address wallet);
    /// @notice `wallet` is not stored.
    error StorageWalletNotStored(address wallet);
    /// @notice A zero wallet, identity or registry address was given.
    error StorageZeroAddress();
    /// @notice `registry` is already bound.
    error StorageRegistryAlreadyBound(address registry);
    /// @notice `registry` is not bound.
    error StorageRegistryNotBound(address registry);
    /// @notice No more than {MAX_BOUND_REGISTRIES} registries may be bound.
    error StorageTooManyRegistries(uint256 max);
    /// @notice `investorType` is not an investor type: 0 (an individual) or 1 (an entity).
    error StorageInvalidInvestorType(uint8 investorType);

    /// @notice Store `userAddress` as a wallet of `identity` in `country` (ERC-3643 name).
    /// @dev Emits an {IdentityStored} event. Requirements: caller is a bound registry; wallet and identity
    /// non-zero; wallet not stored yet.
    function addIdentityToStorage(address userAddress, address identity, uint16 country) external;

    /// @notice Remove `userAddress` (ERC-3643 name). The identity's claims stay.
    /// @dev Emits an {IdentityUnstored} event. Requirements: caller is a bound registry; wallet stored.
    function removeIdentityFromStorage(address userAddress) external;

    /// @notice Change the country of `userAddress` (ERC-3643 name).
    /// @dev Emits a {CountryModified} event. Requirements: caller is a bound registry; wallet stored.
    function modifyStoredInvestorCountry(address userAddress, uint16 country) external;

    /// @notice Change the identity of `userAddress` (ERC-3643 name).
    /// @dev Emits an {IdentityModified} event. Requirements: caller is a bound registry; wallet stored;
    /// identity non-zero.
    function modifyStoredIdentity(address userAddress, address identity) external;

    /// @notice Set the investor type of the identity of `userAddress`: 0 an individual, 1 an entity. The type
    /// belongs to the identity, so all its wallets, present and future, have it; it stays with the identity
    /// when the wallet is removed or moved to another identity (as the claims do).
    /// @dev Requirements: caller is a bound registry; wallet stored (`StorageWalletNotStored`); type 0 or 1
    /// (`StorageInvalidInvestorType`).
    /// @return identity The identity whose type was set.
    function modifyStoredInvestorType(address userAddress, uint8 investorType) external returns (address identity);

    /// @notice Let `identityRegistry` write wallet records (ERC-3643 name).
    /// @dev Emits an {IdentityRegistryBound} event. Requirements: caller is the owner.
    function bindIdentityRegistry(address identityRegistry) external;

    /// @notice Stop `identityRegistry` from writing wallet records (ERC-3643 name).
    /// @dev Emits an {IdentityRegistryUnbound} event. Requirements: caller is the owner.
    function unbindIdentityRegistry(address identityRegistry) external;

    /// @notice Cap on bound registries.
    function MAX_BOUND_REGISTRIES() external view returns (uint256);

    /// @notice The bound registries (ERC-3643 name).
    function linkedIdentityRegistries() external view returns (address[] memory);

    /// @notice The identity of `userAddress`, zero if not stored (ERC-3643 name).
    function storedIdentity(address userAddress) external view returns (address);

    /// @notice {storedIdentity} of two wallets in one call (zero for a wallet not stored).
    function storedIdentities(address walletA, address walletB) external view returns (address, address);

    /// @notice The country of `userAddress`, zero if not stored (ERC-3643 name).
    function storedInvestorCountry(address userAddress) external view returns (uint16);

    /// @notice The investor type of `investorIdentity`: 0 an individual (also an identity never seen), 1 an
    /// entity (see {modifyStoredInvestorType}).
    function identityInvestorType(address investorIdentity) external view returns (uint8);

    /// @notice Store `userAddress` with `identity` and `country` and record `issuer`'s claims of
    /// `topics` for `identity`, valid until `expiry`: onboarding in one call from a bound registry.
    /// @dev The registry passes as `issuer` the account that called it, so each claim is still attested
    /// by an issuer trusted for its topic. Emits an {IdentityStored} event, then a {ClaimAdded} and an
    /// {IdentityRefreshed} event per topic. Requirements: caller is a bound registry; as
    /// {addIdentityToStorage}; for each topic, as {addClaim} for `issuer`.
    function addIdentityWithClaims(
        address userAddress,
        address identity,
        uint16 country,
        address issuer,
        uint256[] calldata topics,
        uint64 expiry
    ) external;

    /// @notice Everything the transfer path needs about `wallet` in one call: its identity, country and
    /// the bitmap of topics its identity holds a claim for that counts now.
    /// @dev Constant storage reads in the common case (wallet record, identity record, trust epoch);
    /// exact recomputation over the trusted issuers when the identity record is stale.
    function investorRecord(address wallet) external view returns (address identity, uint16 country, uint256 topics);

    /// @notice {investorRecord} of two wallets in one call (a transfer's sender and recipient), so the
    /// caller pays for one call and the trust epoch is read once.
    /// @dev A zero wallet gives an empty record.
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
        );

    /// @notice The rule engine's record of `wallet` ({Party}, `verified` left false: the registry decides it
    /// against its own required topics).
    function partyRecord(address wallet) external view returns (Party memory);

    /// @notice What a token's rule engine reads of `wallet` on every balance change, packed: `record` is
    /// key (bits 0-159) | country << 160 | multi << 176 (1 when the identity has, or has had, several
    /// wallets) | entity << 177 (1 when the identity's investor type is an entity, see
    /// {identityInvestorType}), `topics` the identity's current claim topics. Both zero when the wallet is not
    /// stored.
    /// The key names the ledger the identity's balance is kept in: the identity for a multi-wallet identity,
    /// the wallet itself for a one-wallet identity (whose identity {storedIdentity} gives), so the common
    /// case reads no more than the wallet's own word and the trust epoch.
    function partyWord(address wallet) external view returns (uint256 record, uint256 topics);

    /// @notice {partyWord} of two wallets in one call (a transfer's sender and recipient).
    function partyWords(address walletA, address walletB)
        external
        view
        returns (uint256 recordA, uint256 topicsA, uint256 recordB, uint256 topicsB);

    /// @notice The wallets of `identity` as the token ledgers see them: its first wallet (zero once that
    /// wallet left the identity), how many wallets it has, and whether it has ever had several.
    function identityWallets(address investorIdentity) external view returns (address primary, uint256 count, bool multi);
}
