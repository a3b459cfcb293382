// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IRuleEngine
/// @notice The security token's built-in compliance rules: their switches and settings (written by the
/// token's compliance and its built-in rule modules only) and the per-identity ledger they read.
/// @dev Rules (bit numbers of {rules}): 0 CountryAllow (code 16), 1 CountryRestrict (17), 2 MaxBalance (18),
/// 3 MaxHolders (19), 4 SupplyLimit (20), 5 LockUp (21), 6 InvestorEligibility (22), 7 TransferLimits (23),
/// 8 Flowback (24), 9 NonAccreditedHolders (25), 10 MinimumHolding (26, 27), 11 MinimumTransfer (28),
/// 12 InvestorType (29), 13 Spender (30).
interface IRuleEngine {
    /// @notice Emitted when the set of rules switched on changes.
    event RulesSwitched(uint16 rules);
    /// @notice Emitted when the compliance starts or stops having third-party modules to call.
    event ExternalModulesSwitched(bool on);
    /// @notice Emitted when a country's rule settings change.
    event CountryRuleSet(
        uint16 indexed country, bool allowed, bool restricted, bool lockSet, uint32 lockPeriod, uint96 anyOf, uint96 allOf
    );
    /// @notice Emitted when the holder cap of `country` (0: all countries) changes.
    event HolderCapChanged(uint16 indexed country, uint32 cap);
    /// @notice Emitted when the identity-level limits change.
    event LimitsChanged(uint112 maxBalance, uint88 windowLimit, uint32 window);
    /// @notice Emitted when the supply cap or the default lock-up period changes.
    event SupplySettingsChanged(uint112 cap, uint32 defaultLockPeriod);

    /// @notice Emitted when the flowback or minimum-holding settings change (the topic is stored as topic + 1,
    /// 0 for none).
    event PolicyChanged(uint40 flowbackEnd, uint8 nonUsTopic, bool fullTransfer, uint112 minHolding);
    /// @notice Emitted when the cap of non-accredited holders or the accredited topic (+ 1; 0: none) changes.
    event NonAccreditedHoldersChanged(uint32 cap, uint8 accreditedTopic);
    /// @notice Emitted when a country's own minimum holding or minimum transfer changes.
    event CountryMinimumsSet(uint16 indexed country, uint112 minHolding, uint112 minTransfer);
    /// @notice Emitted when the claims a country requires of entities change (both zero: no entity rule).
    event EntityRuleSet(uint16 indexed country, uint96 anyOf, uint96 allOf);
    /// @notice Emitted when the issuer lists or unlists an operator (a spender allowed by the spender rule).
    event OperatorSet(address indexed operator, bool listed);

    /// @notice Emitted when the token caches its registry's storage and required topics.
    event IdentityRegistrySynced(address indexed identityStorage, uint256 requiredTopics);

    /// @notice The caller is neither the token's compliance nor one of its built-in rule modules.
    error RuleEngineUnauthorized(address caller);
    /// @notice A setting came (through a built-in module shared by every compliance) from `compliance`,
    /// which is not this token's compliance.
    error RuleEngineForeignCompliance(address compliance);
    /// @notice The non-accredited holder count can only be switched on while nobody holds the token (so that
    /// it counts every holder from the first).
    error RuleEngineHoldersExist(uint256 holders);
    /// @notice An operator cannot be the zero address.
    error RuleEngineZeroOperator();

    /// @notice Switch rules: bit `r` on for rule `r`.
    function setRules(uint16 switchedOn) external;
    /// @notice Whether the compliance has third-party modules to call on every balance change.
    function setExternalModules(bool on) external;
    /// @notice Settings of `country`: allowed (16), restricted (17), lock-up period (21; `lockSet` false: the
    /// default), eligibility masks (22).
    /// @dev The four setters below take `compliance`, the compliance on whose behalf they are called: the
    /// built-in modules are shared by every compliance, so a module passes the compliance that called it
    /// and the token accepts the setting only when that is its own compliance and the caller is its
    /// compliance or one of its compliance's built-in modules ({RuleEngineForeignCompliance},
    /// {RuleEngineUnauthorized}).
    function setCountryRule(
        address compliance,
        uint16 country,
        bool allowed,
        bool restricted,
        bool lockSet,
        uint32 lockPeriod,
        uint96 anyOf,
        uint96 allOf
    ) external;
    /// @notice Holder cap of `country`, or of all holders when `country` is 0 (0: no cap).
    function setHolderCap(address compliance, uint16 country, uint32 cap) external;
    /// @notice Maximum balance per identity (0: none) and transfer limit per window (window 0: none).
    function setLimits(address compliance, uint112 maxBalance, uint88 windowLimit, uint32 window) external;
    /// @notice Supply cap (0: none) and default lock-up period.
    function setSupplySettings(address compliance, uint112 cap, uint32 defaultLockPeriod) external;
    /// @notice The flowback period's end (24; 0: none) and the non-US-person topic + 1, whether a holder must
    /// transfer its whole holding (27), and the minimum holding (26; 0: none). Emits a {PolicyChanged} event.
    function setPolicy(address compliance, uint40 flowbackEnd, uint8 nonUsTopic, bool fullTransfer, uint112 minHolding)
        external;
    /// @notice The cap of holders without the accredited claim (25; 0: none) and the accredited topic + 1 (0:
    /// none, every holder counts). Emits a {NonAccreditedHoldersChanged} event.
    function setNonAccreditedHolders(address compliance, uint32 cap, uint8 accreditedTopic) external;
    /// @notice A country's own minimum holding (26; 0: the token's) and minimum transfer (28; 0: none).
    /// Emits a {CountryMinimumsSet} event.
    function setCountryMinimums(address compliance, uint16 country, uint112 minHolding, uint112 minTransfer) external;
    /// @notice The claims `country` requires of entities (29; both zero: entities meet the country's common
    /// eligibility rule). Emits an {EntityRuleSet} event.
    function setEntityRule(address compliance, uint16 country, uint96 anyOf, uint96 allOf) external;
    /// @notice List (or unlist) `operator` as a spender the spender rule (30) allows. Emits an {OperatorSet}
    /// event.
    function setOperator(address compliance, address operator, bool listed) external;

    /// @notice Re-read the identity registry's storage and required claim topics, which the token caches to
    /// read both parties' records in one call to the storage. Anyone may call it (it only reads the
    /// registry); the registry calls it on the tokens bound to it whenever either changes.
    function syncIdentityRegistry() external;

    /// @notice The rules switched on, and whether third-party modules are called.
    function rules() external view returns (uint16 switchedOn, bool externalModules);
    /// @notice The settings of `country`.
    function countryRule(uint16 country)
        external
        view
        returns (bool allowed, bool restricted, bool lockSet, uint32 lockPeriod, uint96 anyOf, uint96 allOf);
    /// @notice The countries (ascending) whose settings have `field` set: 0 allowed (16), 1 restricted (17),
    /// 2 a lock-up period of their own (21), 3 an eligibility rule (22), 4 a minimum holding of their own
    /// (26), 5 a minimum transfer (28), 6 an entity rule (29). A view for tools: it reads the
    /// word of every country code 1-999 (about 2.2 million gas in an `eth_call`), so that listing costs no
    /// storage when rules are set.
    function countriesWith(uint8 field) external view returns (uint16[] memory countries);
    /// @notice Holder cap and count of `country`, or of all holders when `country` is 0.
    function holderCount(uint16 country) external view returns (uint256 cap, uint256 count);
    /// @notice Maximum balance per identity, transfer limit and its window.
    function limits() external view returns (uint256 maxBalance, uint256 windowLimit, uint32 window);
    /// @notice Supply cap and default lock-up period.
    function supplySettings() external view returns (uint256 cap, uint32 defaultLockPeriod);
    /// @notice The flowback and minimum-holding settings (see {setPolicy}) and how many countries have a
    /// minimum holding of their own.
    function policy()
        external
        view
        returns (uint40 flowbackEnd, uint8 nonUsTopic, bool fullTransfer, uint112 minHolding, uint16 minimumCountries);
    /// @notice The cap of non-accredited holders, how many are counted, and the accredited topic + 1.
    function nonAccreditedHolders() external view returns (uint32 cap, uint32 count, uint8 accreditedTopic);
    /// @notice A country's own minimum holding and minimum transfer.
    function countryMinimums(uint16 country) external view returns (uint112 minHolding, uint112 minTransfer);
    /// @notice The claims `country` requires of entities, and whether it has such a rule.
    function entityRule(uint16 country) external view returns (uint96 anyOf, uint96 allOf, bool set);
    /// @notice Whether `account` is a listed operator.
    function isOperator(address account) external view returns (bool);
    /// @notice The ledger of the identity of `wallet` (or of a multi-wallet identity given itself): its
    /// balance over all its wallets, the country it is counted under as a holder (0: not holding), and what
    /// it moved in its current transfer-limit window.
    function ledgerOf(address walletOrIdentity) external view returns (uint256 balance, uint16 country, uint256 moved);
    /// @notice The locked part of `wallet`'s balance now.
    function lockedBalance(address wallet) external view returns (uint256);
    /// @notice `wallet`'s live lock-up lots, oldest first.
    function lots(address wallet) external view returns (uint256[] memory amounts, uint64[] memory unlockTimes);
}
