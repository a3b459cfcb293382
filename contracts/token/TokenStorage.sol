// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICompliance} from "../../interfaces/ICompliance.sol";
import {IRuleEngine} from "../../interfaces/IRuleEngine.sol";
import {IIdentityRegistry} from "../../interfaces/IIdentityRegistry.sol";
import {IIdentityRegistryStorage} from "../../interfaces/IIdentityRegistryStorage.sol";

/// @notice The token's hot configuration, one slot: read once on every balance change.
struct Config {
    IIdentityRegistry registry;
    /// @dev Bit `r` set when built-in rule `r` is on (see {Rules}).
    uint16 rules;
    bool paused;
    /// @dev Set for the one `_update` of a forced transfer or recovery, cleared as it is read.
    bool forcing;
    /// @dev Set while the compliance has third-party modules to call on every balance change.
    bool externalModules;
}

/// @notice What the token reads from its identity registry on every change, cached in one slot: the
/// registry's storage (read directly, one call for both parties) and the claim topics it requires. The
/// registry brings it up to date on every change ({IRuleEngine-syncIdentityRegistry}); anyone may too.
struct RegistryCache {
    IIdentityRegistryStorage store;
    uint96 required;
}

/// @notice One wallet's account word, or (same layout) one multi-wallet identity's ledger word.
/// @dev For a wallet whose identity has only this wallet ("solo"), the word is also the identity's ledger:
/// `moved`, `windowStart` and `country` are the identity's. For a wallet of a multi-wallet identity they
/// are zero and the identity's ledger has its own word (with `balance` the sum over its wallets).
struct Ledger {
    uint112 balance;
    /// @dev Amount moved out in the current transfer-limit window (at most the limit, which fits 88 bits).
    uint88 moved;
    uint32 windowStart;
    /// @dev The country the identity is counted under as a holder (0 when it holds nothing).
    uint16 country;
    uint8 flags;
}

/// @notice Per-country rule settings, one slot, read once for the recipient's country.
struct CountryRule {
    bool allowed;
    bool restricted;
    /// @dev Whether `lockPeriod` overrides the default lock-up period.
    bool lockSet;
    uint32 lockPeriod;
    uint96 anyOf;
    uint96 allOf;
}

/// @notice A holder cap and the number of identities it covers, one slot.
struct HolderCount {
    uint32 cap;
    uint32 count;
}

/// @notice Identity-level limits, one slot: read when the max-balance or transfer-limit rule is on.
struct Limits {
    uint112 maxBalance;
    uint88 windowLimit;
    uint32 window;
}

/// @notice The total supply and its cap, one slot.
struct Supply {
    uint112 total;
    uint112 cap;
    /// @dev Default lock-up period (seconds) for countries without their own.
    uint32 defaultLockPeriod;
}

/// @notice A wallet's lock-up lots at a glance, one slot.
struct LotHeader {
    uint128 total;
    uint40 first;
    uint40 last;
    uint8 start;
    uint8 count;
}

/// @notice Tokens from one issuance (or merged issuances) and when they unlock.
struct Lot {
    uint128 amount;
    uint40 unlock;
}

/// @notice Rule numbers: bit positions in {Config-rules}.
library Rules {
    uint8 internal constant COUNTRY_ALLOW = 0;
    uint8 internal constant COUNTRY_RESTRICT = 1;
    uint8 internal constant MAX_BALANCE = 2;
    uint8 internal constant MAX_HOLDERS = 3;
    uint8 internal constant SUPPLY_LIMIT = 4;
    uint8 internal constant LOCK_UP = 5;
    uint8 internal constant INVESTOR_ELIGIBILITY = 6;
    uint8 internal constant TRANSFER_LIMITS = 7;
    uint8 internal constant COUNT = 8;

    /// @dev Whether rule `rule` is on in `mask`.
    function on(uint16 mask, uint8 rule) internal pure returns (bool) {
        return mask & (uint16(1) << rule) != 0;
    }
}

/// @notice Account flags.
library Flags {
    uint8 internal constant FROZEN = 1;
    uint8 internal constant PARTIAL = 2;
    uint8 internal constant LOTS = 4;
    /// @dev On an identity's ledger word: its data moved from its first wallet's word.
    uint8 internal constant MIGRATED = 8;
}

/// @title TokenStorage
/// @notice The security token's state in one ERC-7201 namespace, so that the proxy's storage never
/// collides with an upgrade's new state or with OpenZeppelin's own namespaces.
abstract contract TokenStorage {
    /// @custom:storage-location erc7201:sectoken.storage.SecurityToken
    struct TokenState {
        Config config;
        ICompliance compliance;
        Limits limits;
        Supply supply;
        HolderCount holders;
        mapping(address wallet => Ledger) accounts;
        mapping(address identity => Ledger) identities;
        mapping(uint16 country => CountryRule) countries;
        mapping(uint16 country => HolderCount) countryHolders;
        mapping(address wallet => uint256) frozenTokens;
        mapping(address owner => mapping(address spender => uint256)) allowances;
        mapping(address wallet => LotHeader) lotHeaders;
        mapping(address wallet => Lot[8]) lots;
        string name;
        string symbol;
        uint8 decimals;
        address onchainID;
        RegistryCache registryCache;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.SecurityToken")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STATE_SLOT = 0x67c392a6a412723193bc5ed798ef52ec026e10d9a2d3eba11857a804a168e100;

    /// @dev Cache the registry's storage and required topics. Emits {IRuleEngine-IdentityRegistrySynced}.
    function _syncRegistry() internal {
        TokenState storage $ = _state();
        IIdentityRegistry registry = $.config.registry;
        IIdentityRegistryStorage store = registry.identityStorage();
        uint256 required = registry.requiredTopics();
        // The registry keeps its required topics in 96 bits.
        $.registryCache = RegistryCache(store, uint96(required));
        emit IRuleEngine.IdentityRegistrySynced(address(store), required);
    }

    /// @dev The token's state.
    function _state() internal pure returns (TokenState storage $) {
        assembly {
            $.slot := _STATE_SLOT
        }
    }
}
