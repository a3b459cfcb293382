// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICompliance} from "../../interfaces/ICompliance.sol";
import {IRuleEngine} from "../../interfaces/IRuleEngine.sol";
import {IIdentityRegistry} from "../../interfaces/IIdentityRegistry.sol";
import {IIdentityRegistryStorage} from "../../interfaces/IIdentityRegistryStorage.sol";

/// @notice The token's hot configuration, one slot read once on every balance change: the rules switched
/// on, the token's switches and the identity-level limits (read by the max-balance and transfer-limit rules).
struct Config {
    /// @dev The most an identity may hold over all its wallets (0: no maximum).
    uint112 maxBalance;
    /// @dev The most an identity may move out per window.
    uint88 windowLimit;
    /// @dev The transfer-limit window, in seconds (0: no limit).
    uint32 window;
    /// @dev Bit `r` set when built-in rule `r` is on (see {Rules}).
    uint16 rules;
    /// @dev {Switches} bits: paused, forcing (set for the one `_update` of a forced transfer or recovery,
    /// cleared as it is read), external modules (the compliance has third-party modules to call).
    uint8 switches;
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

/// @notice A holder cap and the number of identities it covers, one slot. The token's overall count also
/// keeps the section 12(g)-style count of holders without the accredited claim (the slot is written on every
/// join and leave anyway; unused for a country).
struct HolderCount {
    uint32 cap;
    uint32 count;
    /// @dev The cap of holders without the accredited claim (0: none), and their count.
    uint32 nonAccreditedCap;
    uint32 nonAccreditedCount;
    /// @dev The accredited claim topic + 1 (0: none named, so every holder counts as non-accredited).
    uint8 accreditedTopic;
}


/// @notice The total supply and its cap, one slot.
struct Supply {
    uint112 total;
    uint112 cap;
    /// @dev Default lock-up period (seconds) for countries without their own.
    uint32 defaultLockPeriod;
}

/// @notice The settings of the flowback and minimum-holding rules, one slot, read only when one of them is on.
struct Policy {
    /// @dev Reg S flowback: US persons are refused until this time (unix seconds; 0: no period).
    uint40 flowbackEnd;
    /// @dev The non-US-person claim topic + 1 (0: none set, so only the recipient's country counts).
    uint8 nonUsTopic;
    /// @dev {PolicyFlags} bits.
    uint8 flags;
    /// @dev How many countries have a minimum holding of their own (their word is read only when some do).
    uint16 minimumCountries;
    /// @dev The minimum positive holding of an identity (0: none), unless its country has its own.
    uint112 minHolding;
}

/// @notice Per-country minimums, one slot, read only when the minimum rules need the country's own.
struct CountryMinimums {
    uint112 minHolding;
    uint112 minTransfer;
}

/// @notice Claims a country requires of entities (identity type 1) when the investor-type rule is on:
/// all of `allOf` and, when set, one of `anyOf`. One slot, read only for an entity recipient.
struct EntityRule {
    uint96 anyOf;
    uint96 allOf;
    bool set;
}

/// @notice Bits of {Policy-flags}.
library PolicyFlags {
    /// @dev A holder's transfer must move its whole holding.
    uint8 internal constant FULL_TRANSFER = 1;
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
    uint8 internal constant FLOWBACK = 8;
    uint8 internal constant NON_ACCREDITED_HOLDERS = 9;
    uint8 internal constant MINIMUM_HOLDING = 10;
    uint8 internal constant MINIMUM_TRANSFER = 11;
    uint8 internal constant INVESTOR_TYPES = 12;
    uint8 internal constant SPENDER = 13;
    uint8 internal constant COUNT = 14;

    /// @dev Whether rule `rule` is on in `mask`.
    function on(uint16 mask, uint8 rule) internal pure returns (bool) {
        return mask & (uint16(1) << rule) != 0;
    }
}

/// @notice Bits of {Config-switches}.
library Switches {
    uint8 internal constant PAUSED = 1;
    uint8 internal constant FORCING = 2;
    uint8 internal constant EXTERNAL_MODULES = 4;
}

/// @notice Bits of a powers word ({TokenStorage-TokenState-powers}) beyond the five agent powers of
/// {TokenBase} (bits 1-16).
library Powers {
    /// @dev Listed by the issuer as an operator: may spend allowances when the spender rule is on.
    uint256 internal constant OPERATOR = 32;
}

/// @notice Account flags.
library Flags {
    uint8 internal constant FROZEN = 1;
    uint8 internal constant PARTIAL = 2;
    uint8 internal constant LOTS = 4;
    /// @dev On an identity's ledger word: its data moved from its first wallet's word.
    uint8 internal constant MIGRATED = 8;
    /// @dev On an identity's ledger (a ledger field): counted among the holders without the accredited claim.
    uint8 internal constant NON_ACCREDITED = 16;
}

/// @notice The engine's view of its packed words: the storage layouts of {Ledger}, {CountryRule},
/// {Config} and {RegistryCache}, read and written as whole words on the transfer path (one SLOAD, no memory
/// struct per word). Views and settings use the structs; both describe the same bits.
library Words {
    // Ledger: balance (0-111) | moved (112-199) | windowStart (200-231) | country (232-247) | flags (248-255)
    uint256 internal constant BALANCE = type(uint112).max;
    uint256 internal constant WINDOW = uint256(type(uint120).max) << 112;
    uint256 internal constant COUNTRY = uint256(type(uint16).max) << 232;
    /// @dev The identity-ledger fields of a solo identity's account word.
    uint256 internal constant LEDGER_FIELDS = WINDOW | COUNTRY | uint256(Flags.NON_ACCREDITED) << 248;

    // Config: maxBalance (0-111) | windowLimit (112-199) | window (200-231) | rules (232-247) | switches (248-255)
    uint256 internal constant FORCING = uint256(Switches.FORCING) << 248;

    /// @dev A ledger word's balance.
    function balance(uint256 w) internal pure returns (uint256) {
        return w & BALANCE;
    }

    /// @dev A ledger word's counted country.
    function country(uint256 w) internal pure returns (uint16) {
        return uint16(w >> 232);
    }

    /// @dev `w` with counted country `c`.
    function withCountry(uint256 w, uint16 c) internal pure returns (uint256) {
        return (w & ~COUNTRY) | uint256(c) << 232;
    }

    /// @dev Whether a ledger word has flag `flag` (see {Flags}).
    function has(uint256 w, uint8 flag) internal pure returns (bool) {
        return (w >> 248) & flag != 0;
    }

    /// @dev `w` with flag `flag` set.
    function set(uint256 w, uint8 flag) internal pure returns (uint256) {
        return w | uint256(flag) << 248;
    }

    /// @dev `w` with flag `flag` cleared.
    function clear(uint256 w, uint8 flag) internal pure returns (uint256) {
        return w & ~(uint256(flag) << 248);
    }

    /// @dev `w` with its transfer-limit window: `moved` in the window opened at `start`.
    function withWindow(uint256 w, uint256 moved, uint256 start) internal pure returns (uint256) {
        return (w & ~WINDOW) | uint256(uint88(moved)) << 112 | uint256(uint32(start)) << 200;
    }

    /// @dev The word stored at `slot`.
    function load(bytes32 slot) internal view returns (uint256 w) {
        assembly ("memory-safe") {
            w := sload(slot)
        }
    }

    /// @dev Store `w` at `slot`.
    function store(bytes32 slot, uint256 w) internal {
        assembly ("memory-safe") {
            sstore(slot, w)
        }
    }
}

/// @title TokenStorage
/// @notice The security token's state in one ERC-7201 namespace, so that the proxy's storage never
/// collides with an upgrade's new state or with OpenZeppelin's own namespaces.
abstract contract TokenStorage {
    /// @custom:storage-location erc7201:sectoken.storage.SecurityToken
    struct TokenState {
        Config config;
        ICompliance compliance;
        IIdentityRegistry registry;
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
        /// @dev The agent powers (the five roles of {TokenBase}) granted to an account, one bit each, in one
        /// word: an agent's appointment writes one slot, not five.
        mapping(address account => uint256) powers;
        /// @dev The second-edition rules' settings.
        Policy policy;
        mapping(uint16 country => CountryMinimums) countryMinimums;
        mapping(uint16 country => EntityRule) entityRules;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.SecurityToken")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STATE_SLOT = 0x67c392a6a412723193bc5ed798ef52ec026e10d9a2d3eba11857a804a168e100;

    /// @dev Cache the registry's storage and required topics. Emits {IRuleEngine-IdentityRegistrySynced}.
    function _syncRegistry() internal {
        TokenState storage $ = _state();
        IIdentityRegistry registry = $.registry;
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
