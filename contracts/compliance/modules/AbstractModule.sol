// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {ICompliance} from "../../../interfaces/ICompliance.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {IToken} from "../../../interfaces/IToken.sol";

/// @title AbstractModule
/// @notice What every built-in rule module shares. One deployment serves every compliance (T-REX style): a
/// setter is called by a compliance ({onlyComplianceCall}: its owner relays the call with
/// `callModuleFunction`) and writes the rule engine of the token bound to that compliance, passing the
/// compliance along so that the token accepts it only from its own; views take the compliance as argument.
/// @dev A built-in module keeps no state at all: the token applies the rule from its own packed words, which
/// the module writes, and lists the countries configured ({IRuleEngine-countriesWith}), so setting a rule
/// costs no storage outside the token.
abstract contract AbstractModule is IConfigurableModule {
    uint8 private immutable _ruleId;

    /// @dev Only a contract (a compliance relaying its owner's `callModuleFunction`); {_callerEngine} then
    /// checks that the token bound to it names it as its compliance, and the token that the module is one of
    /// its compliance's built-in modules.
    modifier onlyComplianceCall() {
        if (msg.sender.code.length == 0) revert ModuleOnlyComplianceCall(msg.sender);
        _;
    }

    /// @param ruleId_ The rule's number in the token's rule engine.
    constructor(uint8 ruleId_) {
        _ruleId = ruleId_;
    }

    /// @inheritdoc IConfigurableModule
    function ruleId() external view returns (uint8) {
        return _ruleId;
    }

    /// @dev The rule engine of the token bound to `compliance`.
    function _engine(address compliance) internal view returns (IRuleEngine engine) {
        engine = IRuleEngine(ICompliance(compliance).getTokenBound());
        if (address(engine) == address(0)) revert ModuleNoToken();
    }

    /// @dev The rule engine a setter writes: the token bound to the calling compliance. Every write passes
    /// the calling compliance, which the token checks is its own.
    function _callerEngine() internal view returns (IRuleEngine engine) {
        engine = _engine(msg.sender);
    }

    /// @dev For a setter that ends up writing nothing (e.g. removing a country not listed): the same check
    /// the token makes on a write, so that a compliance that is not the token's is refused all the same.
    function _checkOwnCompliance(IRuleEngine engine) internal view {
        if (address(IToken(address(engine)).compliance()) != msg.sender) {
            revert IRuleEngine.RuleEngineForeignCompliance(msg.sender);
        }
    }

    /// @dev The engine's rule word of `country`, as a struct.
    function _countryRule(IRuleEngine engine, uint16 country) internal view returns (CountryWord memory w) {
        (w.allowed, w.restricted, w.lockSet, w.lockPeriod, w.anyOf, w.allOf) = engine.countryRule(country);
    }

    /// @dev Write the rule word of `country`, on behalf of the calling compliance.
    function _setCountryRule(IRuleEngine engine, uint16 country, CountryWord memory w) internal {
        engine.setCountryRule(msg.sender, country, w.allowed, w.restricted, w.lockSet, w.lockPeriod, w.anyOf, w.allOf);
    }

    /// @dev A country's settings in the engine.
    struct CountryWord {
        bool allowed;
        bool restricted;
        bool lockSet;
        uint32 lockPeriod;
        uint96 anyOf;
        uint96 allOf;
    }

    /// @dev The engine's second-edition settings ({IRuleEngine-policy}), as a struct.
    function _policy(IRuleEngine engine) internal view returns (PolicyWord memory p) {
        (p.flowbackEnd, p.nonUsTopic, p.fullTransfer, p.minHolding,) = engine.policy();
    }

    /// @dev Write the second-edition settings, on behalf of the calling compliance.
    function _setPolicy(IRuleEngine engine, PolicyWord memory p) internal {
        engine.setPolicy(msg.sender, p.flowbackEnd, p.nonUsTopic, p.fullTransfer, p.minHolding);
    }

    /// @dev The flowback and minimum-holding settings (see {IRuleEngine-setPolicy}).
    struct PolicyWord {
        uint40 flowbackEnd;
        uint8 nonUsTopic;
        bool fullTransfer;
        uint112 minHolding;
    }

    /// @dev Reverts unless `topic` is a claim topic the engine stores (0-95); returns it as stored (+ 1).
    function _storedTopic(uint256 topic) internal pure returns (uint8) {
        _checkFits(topic, 95);
        // topic <= 95, so topic + 1 fits 8 bits.
        return uint8(topic + 1);
    }

    /// @dev A topic as stored (+ 1) back to its number (`type(uint256).max` for none).
    function _topicOf(uint8 stored) internal pure returns (uint256) {
        return stored == 0 ? type(uint256).max : stored - 1;
    }

    /// @dev Reverts unless `value` fits `max`.
    function _checkFits(uint256 value, uint256 max) internal pure {
        if (value > max) revert ModuleSettingTooLarge(value, max);
    }

    /// @dev Reverts unless `country` is an ISO 3166-1 numeric code.
    function _checkCountry(uint16 country) internal pure {
        if (country == 0 || country > 999) revert ModuleInvalidCountry(country);
    }

    /// @dev "826,840": `countries` joined by commas.
    function _join(uint16[] memory countries) internal pure returns (string memory out) {
        for (uint256 i; i < countries.length; ++i) {
            out = string.concat(out, i == 0 ? "" : ",", Strings.toString(countries[i]));
        }
    }
}
