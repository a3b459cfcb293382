// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IToken} from "../../interfaces/IToken.sol";
import {IAgentRole} from "../../interfaces/IAgentRole.sol";
import {ISecurityToken} from "../../interfaces/ISecurityToken.sol";
import {IERC7943Fungible} from "../../interfaces/IERC7943.sol";
import {IIdentityRegistry} from "../../interfaces/IIdentityRegistry.sol";
import {ICompliance} from "../../interfaces/ICompliance.sol";
import {IRuleEngine} from "../../interfaces/IRuleEngine.sol";
import {Party} from "../../interfaces/ITransferTypes.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";
import {Config, CountryRule, Flags, HolderCount, Ledger, Rules, Supply, Switches} from "./TokenStorage.sol";
import {LockUpRule} from "./rules/LockUpRule.sol";
import {TransferLimitsRule} from "./rules/TransferLimitsRule.sol";
import {TokenPolicy} from "./TokenPolicy.sol";

/// @title TokenAdmin
/// @notice The security token's settings and views: metadata, freezes, pause, its registry and compliance,
/// the switches and settings of its built-in rules and the views of its per-identity ledger.
/// @dev Its code runs only in a token's storage: the {SecurityToken} implementation delegates to it the
/// calls it does not implement (so each contract stays within the EIP-170 size limit). Called directly, it
/// changes nothing of any token. Freezes: the wallet freeze and "has frozen tokens" are flags in the
/// wallet's account word; the frozen amount has its own slot, read only when flagged. {getFrozenTokens}
/// returns the amount as set, which may exceed the balance (ERC-7943's reading; ERC-3643 documents it as
/// never above the balance, which holds for every amount set through ERC-3643's own functions). Every
/// unfrozen-balance computation saturates at zero, so both readings are safe.
contract TokenAdmin is TokenPolicy {
    /// @dev Run directly, this contract can never be initialised (it only ever runs in a token's storage).
    constructor() {
        _disableInitializers();
    }

    // ---------------------------------------------------------------- set-up and agents (the token
    // delegates these calls here: they run once, or rarely, and keep the token's own code small)

    /// @notice Set the proxy up, in the transaction that deploys it (so there is no window in which another
    /// account could). Emits {UpdatedTokenInformation}, {IdentityRegistryAdded} and {ComplianceAdded}.
    /// @param name_ Token name (not empty).
    /// @param symbol_ Token symbol (not empty).
    /// @param decimals_ Decimals (0 for whole shares).
    /// @param identityRegistry_ Registry of investors.
    /// @param compliance_ Compliance; its owner binds it to this token once deployed (until then no rule can
    /// be switched on or set).
    /// @param onchainID_ The token's own ONCHAINID (may be zero).
    /// @param initialOwner Owner of the token.
    /// @param agents Agents appointed with all five powers (each emits an {AgentAdded} event).
    function initialize(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        address identityRegistry_,
        address compliance_,
        address onchainID_,
        address initialOwner,
        address[] calldata agents
    ) external initializer {
        if (bytes(name_).length == 0 || bytes(symbol_).length == 0) revert ISecurityToken.TokenEmptyString();
        if (identityRegistry_ == address(0) || compliance_ == address(0)) revert ISecurityToken.TokenZeroAddress();
        __Ownable_init(initialOwner);
        _initInfo(name_, symbol_, decimals_, onchainID_);
        TokenState storage $ = _state();
        $.registry = IIdentityRegistry(identityRegistry_);
        emit IToken.IdentityRegistryAdded(identityRegistry_);
        _syncRegistry();
        $.compliance = ICompliance(compliance_);
        emit IToken.ComplianceAdded(compliance_);
        for (uint256 i; i < agents.length; ++i) _appoint(agents[i]);
    }

    /// @dev Appoint `_agent` with all five powers. Emits an {AgentAdded} event.
    function _addAgent(address _agent) private {
        if (isAgent(_agent)) revert IAgentRole.AgentRoleAlreadyAgent(_agent);
        _appoint(_agent);
    }

    /// @dev {_addAgent} without reading whether `_agent` is one (a fresh token has no agent; granting a
    /// power held already changes nothing).
    function _appoint(address _agent) private {
        if (_agent == address(0)) revert IAgentRole.AgentRoleZeroAddress();
        bytes32[5] memory roles = _agentRoles();
        for (uint256 i; i < roles.length; ++i) _grantRole(roles[i], _agent);
        emit IAgentRole.AgentAdded(_agent);
    }

    /// @dev Store the token's information. Emits an {UpdatedTokenInformation} event.
    function _initInfo(string memory name_, string memory symbol_, uint8 decimals_, address onchainID_) private {
        TokenState storage $ = _state();
        ($.name, $.symbol, $.decimals, $.onchainID) = (name_, symbol_, decimals_, onchainID_);
        emit IToken.UpdatedTokenInformation(name_, symbol_, decimals_, _VERSION, onchainID_);
    }

    /// @notice Appoint `_agent` with all five powers. Emits an {AgentAdded} event.
    /// Requirements: caller is the owner; `_agent` is not zero and not yet an agent.
    function addAgent(address _agent) external onlyOwner {
        _addAgent(_agent);
    }

    /// @notice Dismiss `_agent`: all five powers. Emits an {AgentRemoved} event.
    /// Requirements: caller is the owner; `_agent` is an agent.
    function removeAgent(address _agent) external onlyOwner {
        if (!isAgent(_agent)) revert IAgentRole.AgentRoleNotAgent(_agent);
        bytes32[5] memory roles = _agentRoles();
        for (uint256 i; i < roles.length; ++i) _revokeRole(roles[i], _agent);
        emit IAgentRole.AgentRemoved(_agent);
    }

    /// @notice Whether `_agent` holds all five powers.
    function isAgent(address _agent) public view returns (bool) {
        bytes32[5] memory roles = _agentRoles();
        for (uint256 i; i < roles.length; ++i) {
            if (!hasRole(roles[i], _agent)) return false;
        }
        return true;
    }

    /// @dev The five agent powers.
    function _agentRoles() private pure returns (bytes32[5] memory) {
        return [SUPPLY_ROLE, FREEZE_ROLE, TRANSFER_ROLE, RECOVERY_ROLE, PAUSE_ROLE];
    }

    // ---------------------------------------------------------------- metadata

    /// @notice Rename the token. Emits an {UpdatedTokenInformation} event. Requirements: owner; not empty.
    function setName(string calldata _name) external onlyOwner {
        if (bytes(_name).length == 0) revert ISecurityToken.TokenEmptyString();
        TokenState storage $ = _state();
        $.name = _name;
        emit IToken.UpdatedTokenInformation(_name, $.symbol, $.decimals, _VERSION, $.onchainID);
    }

    /// @notice Change the symbol. Emits an {UpdatedTokenInformation} event. Requirements: owner; not empty.
    function setSymbol(string calldata _symbol) external onlyOwner {
        if (bytes(_symbol).length == 0) revert ISecurityToken.TokenEmptyString();
        TokenState storage $ = _state();
        $.symbol = _symbol;
        emit IToken.UpdatedTokenInformation($.name, _symbol, $.decimals, _VERSION, $.onchainID);
    }

    /// @notice Set the token's ONCHAINID. Emits an {UpdatedTokenInformation} event. Requirements: owner.
    function setOnchainID(address _newOnchainID) external onlyOwner {
        TokenState storage $ = _state();
        $.onchainID = _newOnchainID;
        emit IToken.UpdatedTokenInformation($.name, $.symbol, $.decimals, _VERSION, _newOnchainID);
    }

    /// @notice The token's name.
    function name() external view returns (string memory) {
        return _state().name;
    }

    /// @notice The token's symbol.
    function symbol() external view returns (string memory) {
        return _state().symbol;
    }

    /// @notice Decimals (0 for whole shares).
    function decimals() external view returns (uint8) {
        return _state().decimals;
    }

    /// @notice The implementation version.
    function version() external pure returns (string memory) {
        return _VERSION;
    }

    /// @notice The token's own ONCHAINID.
    function onchainID() external view returns (address) {
        return _state().onchainID;
    }

    // ---------------------------------------------------------------- owner: registry and compliance

    /// @notice Switch to another identity registry. Emits an {IdentityRegistryAdded} event.
    function setIdentityRegistry(address _newIdentityRegistry) external onlyOwner {
        if (_newIdentityRegistry == address(0)) revert ISecurityToken.TokenZeroAddress();
        _state().registry = IIdentityRegistry(_newIdentityRegistry);
        emit IToken.IdentityRegistryAdded(_newIdentityRegistry);
        _syncRegistry();
    }

    /// @inheritdoc IRuleEngine
    function syncIdentityRegistry() external {
        _syncRegistry();
    }

    /// @notice Switch to another compliance, which its owner bound to this token already; the old one is
    /// unbound if it still is. The rule settings stay in the token. The token calls the new compliance on
    /// every balance change (it may have third-party modules) until it says it has none. Emits a
    /// {ComplianceAdded} event.
    function setCompliance(address _newCompliance) external onlyOwner {
        if (_newCompliance == address(0)) revert ISecurityToken.TokenZeroAddress();
        if (ICompliance(_newCompliance).getTokenBound() != address(this)) {
            revert ISecurityToken.TokenComplianceNotBound(_newCompliance);
        }
        TokenState storage $ = _state();
        ICompliance old = $.compliance;
        $.compliance = ICompliance(_newCompliance);
        $.config.switches |= Switches.EXTERNAL_MODULES;
        emit IToken.ComplianceAdded(_newCompliance);
        emit ExternalModulesSwitched(true);
        if (old.getTokenBound() == address(this)) old.unbindToken(address(this));
    }

    /// @notice The identity registry.
    function identityRegistry() external view returns (IIdentityRegistry) {
        return _state().registry;
    }

    /// @notice The compliance.
    function compliance() external view returns (ICompliance) {
        return _state().compliance;
    }

    // ---------------------------------------------------------------- agents: pause and freezes

    /// @notice Stop all holder transfers. Requirements: pause power; not paused. Emits a {Paused} event.
    function pause() external onlyRole(PAUSE_ROLE) {
        TokenState storage $ = _state();
        if ($.config.switches & Switches.PAUSED != 0) revert ISecurityToken.TokenEnforcedPause();
        $.config.switches |= Switches.PAUSED;
        emit IToken.Paused(msg.sender);
    }

    /// @notice Resume holder transfers. Requirements: pause power; paused. Emits an {Unpaused} event.
    function unpause() external onlyRole(PAUSE_ROLE) {
        TokenState storage $ = _state();
        if ($.config.switches & Switches.PAUSED == 0) revert ISecurityToken.TokenExpectedPause();
        $.config.switches &= ~Switches.PAUSED;
        emit IToken.Unpaused(msg.sender);
    }

    /// @notice Whether holder transfers are paused.
    function paused() external view returns (bool) {
        return _state().config.switches & Switches.PAUSED != 0;
    }

    /// @notice Freeze or unfreeze a whole wallet. Requirements: freeze power. Emits an {AddressFrozen} event.
    function setAddressFrozen(address _userAddress, bool _freeze) public onlyRole(FREEZE_ROLE) {
        _setAddressFrozen(_userAddress, _freeze);
    }

    /// @notice Freeze `_amount` more of the wallet's tokens, keeping the frozen amount within the balance.
    /// Emits {TokensFrozen} and {Frozen}.
    function freezePartialTokens(address _userAddress, uint256 _amount) public onlyRole(FREEZE_ROLE) {
        TokenState storage $ = _state();
        uint256 frozen = $.frozenTokens[_userAddress];
        uint256 balance = $.accounts[_userAddress].balance;
        // Compared without adding first: the sum may not fit 256 bits (it is reported saturated).
        if (_amount > balance || frozen > balance - _amount) {
            uint256 frozenAfter = frozen > type(uint256).max - _amount ? type(uint256).max : frozen + _amount;
            revert ISecurityToken.TokenFreezeExceedsBalance(_userAddress, balance, frozenAfter);
        }
        _setFrozen(_userAddress, frozen + _amount);
    }

    /// @notice Unfreeze `_amount` of the wallet's frozen tokens. Emits {TokensUnfrozen} and {Frozen}.
    function unfreezePartialTokens(address _userAddress, uint256 _amount) public onlyRole(FREEZE_ROLE) {
        uint256 frozen = _state().frozenTokens[_userAddress];
        if (_amount > frozen) revert ISecurityToken.TokenUnfreezeExceedsFrozen(_userAddress, frozen, _amount);
        // Cannot underflow: checked just above.
        unchecked {
            _setFrozen(_userAddress, frozen - _amount);
        }
    }

    /// @notice ERC-7943: set the frozen amount, any value up to `type(uint256).max`. Emits the ERC-3643
    /// difference and {Frozen}.
    function setFrozenTokens(address account, uint256 amount) external onlyRole(FREEZE_ROLE) returns (bool) {
        _setFrozen(account, amount);
        return true;
    }

    /// @notice {setAddressFrozen} for several wallets.
    function batchSetAddressFrozen(address[] calldata _userAddresses, bool[] calldata _freeze) external {
        _checkLengths(_userAddresses.length, _freeze.length);
        for (uint256 i; i < _userAddresses.length; ++i) setAddressFrozen(_userAddresses[i], _freeze[i]);
    }

    /// @notice {freezePartialTokens} for several wallets.
    function batchFreezePartialTokens(address[] calldata _userAddresses, uint256[] calldata _amounts) external {
        _checkLengths(_userAddresses.length, _amounts.length);
        for (uint256 i; i < _userAddresses.length; ++i) freezePartialTokens(_userAddresses[i], _amounts[i]);
    }

    /// @notice {unfreezePartialTokens} for several wallets.
    function batchUnfreezePartialTokens(address[] calldata _userAddresses, uint256[] calldata _amounts) external {
        _checkLengths(_userAddresses.length, _amounts.length);
        for (uint256 i; i < _userAddresses.length; ++i) unfreezePartialTokens(_userAddresses[i], _amounts[i]);
    }

    /// @notice Whether the wallet is frozen.
    function isFrozen(address _userAddress) external view returns (bool) {
        return _state().accounts[_userAddress].flags & Flags.FROZEN != 0;
    }

    /// @notice The frozen amount as set (may exceed the balance; see the contract's notes).
    function getFrozenTokens(address _userAddress) external view returns (uint256) {
        return _state().frozenTokens[_userAddress];
    }

    /// @notice ERC-7943: the wallet is not frozen and is a verified investor.
    function canSend(address account) public view returns (bool) {
        TokenState storage $ = _state();
        return $.accounts[account].flags & Flags.FROZEN == 0 && $.registry.isVerified(account);
    }

    /// @notice ERC-7943: same account-level rules as {canSend}.
    function canReceive(address account) external view returns (bool) {
        return canSend(account);
    }

    /// @notice ERC-1404: the message of `restrictionCode`.
    function messageForTransferRestriction(uint8 restrictionCode) external pure returns (string memory) {
        return RestrictionCodes.message(restrictionCode);
    }

    // ---------------------------------------------------------------- rule settings

    /// @inheritdoc IRuleEngine
    /// @dev Switching the non-accredited holder count on needs a token nobody holds; the count starts at zero.
    function setRules(uint16 switchedOn) external {
        _checkCompliance();
        TokenState storage $ = _state();
        if (Rules.on(switchedOn, Rules.NON_ACCREDITED_HOLDERS) && !Rules.on($.config.rules, Rules.NON_ACCREDITED_HOLDERS)) {
            if ($.holders.count != 0) revert RuleEngineHoldersExist($.holders.count);
            $.holders.nonAccreditedCount = 0;
        }
        $.config.rules = switchedOn;
        emit RulesSwitched(switchedOn);
    }

    /// @inheritdoc IRuleEngine
    function setExternalModules(bool on) external {
        _checkCompliance();
        Config storage config = _state().config;
        config.switches = on ? config.switches | Switches.EXTERNAL_MODULES : config.switches & ~Switches.EXTERNAL_MODULES;
        emit ExternalModulesSwitched(on);
    }

    /// @inheritdoc IRuleEngine
    function setCountryRule(
        address compliance_,
        uint16 country,
        bool allowed,
        bool restricted,
        bool lockSet,
        uint32 lockPeriod,
        uint96 anyOf,
        uint96 allOf
    ) external {
        _checkConfigurator(compliance_);
        _state().countries[country] = CountryRule(allowed, restricted, lockSet, lockPeriod, anyOf, allOf);
        emit CountryRuleSet(country, allowed, restricted, lockSet, lockPeriod, anyOf, allOf);
    }

    /// @inheritdoc IRuleEngine
    function setHolderCap(address compliance_, uint16 country, uint32 cap) external {
        _checkConfigurator(compliance_);
        TokenState storage $ = _state();
        if (country == 0) $.holders.cap = cap;
        else $.countryHolders[country].cap = cap;
        emit HolderCapChanged(country, cap);
    }

    /// @inheritdoc IRuleEngine
    function setLimits(address compliance_, uint112 maxBalance, uint88 windowLimit, uint32 window) external {
        _checkConfigurator(compliance_);
        Config storage config = _state().config;
        (config.maxBalance, config.windowLimit, config.window) = (maxBalance, windowLimit, window);
        emit LimitsChanged(maxBalance, windowLimit, window);
    }

    /// @inheritdoc IRuleEngine
    function setSupplySettings(address compliance_, uint112 cap, uint32 defaultLockPeriod) external {
        _checkConfigurator(compliance_);
        Supply storage supply = _state().supply;
        (supply.cap, supply.defaultLockPeriod) = (cap, defaultLockPeriod);
        emit SupplySettingsChanged(cap, defaultLockPeriod);
    }

    /// @inheritdoc IRuleEngine
    function rules() external view returns (uint16 switchedOn, bool externalModules) {
        TokenState storage $ = _state();
        return ($.config.rules, $.config.switches & Switches.EXTERNAL_MODULES != 0);
    }

    /// @inheritdoc IRuleEngine
    function countryRule(uint16 country)
        external
        view
        returns (bool allowed, bool restricted, bool lockSet, uint32 lockPeriod, uint96 anyOf, uint96 allOf)
    {
        CountryRule memory r = _state().countries[country];
        return (r.allowed, r.restricted, r.lockSet, r.lockPeriod, r.anyOf, r.allOf);
    }

    /// @inheritdoc IRuleEngine
    function countriesWith(uint8 field) external view returns (uint16[] memory countries) {
        TokenState storage $ = _state();
        uint16[] memory found = new uint16[](999);
        uint256 n = 0;
        for (uint16 c = 1; c <= 999; ++c) {
            bool set;
            if (field <= 3) {
                CountryRule memory r = $.countries[c];
                set = field == 0 ? r.allowed : field == 1 ? r.restricted : field == 2 ? r.lockSet : (r.anyOf | r.allOf) != 0;
            } else {
                set = field == 4
                    ? $.countryMinimums[c].minHolding != 0
                    : field == 5 ? $.countryMinimums[c].minTransfer != 0 : $.entityRules[c].set;
            }
            if (set) found[n++] = c;
        }
        countries = new uint16[](n);
        for (uint256 i; i < n; ++i) countries[i] = found[i];
    }

    /// @inheritdoc IRuleEngine
    function holderCount(uint16 country) external view returns (uint256 cap, uint256 count) {
        TokenState storage $ = _state();
        HolderCount memory h = country == 0 ? $.holders : $.countryHolders[country];
        return (h.cap, h.count);
    }

    /// @inheritdoc IRuleEngine
    function limits() external view returns (uint256 maxBalance, uint256 windowLimit, uint32 window) {
        Config memory l = _state().config;
        return (l.maxBalance, l.windowLimit, l.window);
    }

    /// @inheritdoc IRuleEngine
    function supplySettings() external view returns (uint256 cap, uint32 defaultLockPeriod) {
        Supply memory s = _state().supply;
        return (s.cap, s.defaultLockPeriod);
    }

    /// @inheritdoc IRuleEngine
    function ledgerOf(address walletOrIdentity) external view returns (uint256 balance, uint16 country, uint256 moved) {
        TokenState storage $ = _state();
        IIdentityRegistry registry = $.registry;
        Party memory p = registry.party(walletOrIdentity);
        if (p.identity == address(0)) {
            // Not a registered wallet: an identity, whose ledger is its own word or its first wallet's.
            p.identity = walletOrIdentity;
            (p.primary,, p.multi) = registry.identityWallets(walletOrIdentity);
        } else if (!p.multi) {
            p.primary = walletOrIdentity;
        }
        Ledger memory word = $.identities[p.identity];
        if (word.flags & Flags.MIGRATED == 0) {
            if (p.primary != address(0)) word = $.accounts[p.primary];
        }
        return (word.balance, word.country, TransferLimitsRule.movedNow($.config.window, word.moved, word.windowStart));
    }

    /// @inheritdoc IRuleEngine
    function lockedBalance(address wallet) external view returns (uint256) {
        TokenState storage $ = _state();
        return LockUpRule.locked($.lotHeaders[wallet], $.lots[wallet]);
    }

    /// @inheritdoc IRuleEngine
    function lots(address wallet) external view returns (uint256[] memory amounts, uint64[] memory unlockTimes) {
        TokenState storage $ = _state();
        return LockUpRule.list($.lotHeaders[wallet], $.lots[wallet]);
    }
}
