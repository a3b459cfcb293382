// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICompliance} from "../../interfaces/ICompliance.sol";
import {IRuleEngine} from "../../interfaces/IRuleEngine.sol";
import {CountryMinimums, EntityRule, HolderCount, Policy, PolicyFlags, Powers} from "./TokenStorage.sol";
import {TokenBase} from "./TokenBase.sol";

/// @notice What the rule settings ask the token's compliance about a caller configuring rules.
interface IBuiltinModules {
    function isBuiltinModule(address module) external view returns (bool);
}

/// @title TokenPolicy
/// @notice The settings and views of the second-edition rules (flowback, non-accredited holders, minimum
/// holding and transfer, entity eligibility, operators), and the checks every rule setting passes.
/// @dev Part of {TokenAdmin}: its code runs only in a token's storage.
abstract contract TokenPolicy is TokenBase, IRuleEngine {
    /// @inheritdoc IRuleEngine
    function setPolicy(address compliance_, uint40 flowbackEnd, uint8 nonUsTopic, bool fullTransfer, uint112 minHolding)
        external
    {
        _checkConfigurator(compliance_);
        Policy storage p = _state().policy;
        (p.flowbackEnd, p.nonUsTopic, p.minHolding) = (flowbackEnd, nonUsTopic, minHolding);
        p.flags = fullTransfer ? p.flags | PolicyFlags.FULL_TRANSFER : p.flags & ~PolicyFlags.FULL_TRANSFER;
        emit PolicyChanged(flowbackEnd, nonUsTopic, fullTransfer, minHolding);
    }

    /// @inheritdoc IRuleEngine
    function setNonAccreditedHolders(address compliance_, uint32 cap, uint8 accreditedTopic) external {
        _checkConfigurator(compliance_);
        HolderCount storage h = _state().holders;
        (h.nonAccreditedCap, h.accreditedTopic) = (cap, accreditedTopic);
        emit NonAccreditedHoldersChanged(cap, accreditedTopic);
    }

    /// @inheritdoc IRuleEngine
    function setCountryMinimums(address compliance_, uint16 country, uint112 minHolding, uint112 minTransfer)
        external
    {
        _checkConfigurator(compliance_);
        TokenState storage $ = _state();
        bool had = $.countryMinimums[country].minHolding != 0;
        if (had != (minHolding != 0)) {
            // At most 999 countries are ever counted (the modules check the code), far below 2^16.
            if (had) --$.policy.minimumCountries;
            else ++$.policy.minimumCountries;
        }
        $.countryMinimums[country] = CountryMinimums(minHolding, minTransfer);
        emit CountryMinimumsSet(country, minHolding, minTransfer);
    }

    /// @inheritdoc IRuleEngine
    function setEntityRule(address compliance_, uint16 country, uint96 anyOf, uint96 allOf) external {
        _checkConfigurator(compliance_);
        _state().entityRules[country] = EntityRule(anyOf, allOf, (anyOf | allOf) != 0);
        emit EntityRuleSet(country, anyOf, allOf);
    }

    /// @inheritdoc IRuleEngine
    function setOperator(address compliance_, address operator, bool listed) external {
        _checkConfigurator(compliance_);
        if (operator == address(0)) revert RuleEngineZeroOperator();
        TokenState storage $ = _state();
        uint256 powers = $.powers[operator];
        $.powers[operator] = listed ? powers | Powers.OPERATOR : powers & ~Powers.OPERATOR;
        emit OperatorSet(operator, listed);
    }

    /// @inheritdoc IRuleEngine
    function policy()
        external
        view
        returns (uint40 flowbackEnd, uint8 nonUsTopic, bool fullTransfer, uint112 minHolding, uint16 minimumCountries)
    {
        Policy memory p = _state().policy;
        return (p.flowbackEnd, p.nonUsTopic, p.flags & PolicyFlags.FULL_TRANSFER != 0, p.minHolding, p.minimumCountries);
    }

    /// @inheritdoc IRuleEngine
    function nonAccreditedHolders() external view returns (uint32 cap, uint32 count, uint8 accreditedTopic) {
        HolderCount memory h = _state().holders;
        return (h.nonAccreditedCap, h.nonAccreditedCount, h.accreditedTopic);
    }

    /// @inheritdoc IRuleEngine
    function countryMinimums(uint16 country) external view returns (uint112 minHolding, uint112 minTransfer) {
        CountryMinimums memory c = _state().countryMinimums[country];
        return (c.minHolding, c.minTransfer);
    }

    /// @inheritdoc IRuleEngine
    function entityRule(uint16 country) external view returns (uint96 anyOf, uint96 allOf, bool set) {
        EntityRule memory r = _state().entityRules[country];
        return (r.anyOf, r.allOf, r.set);
    }

    /// @inheritdoc IRuleEngine
    function isOperator(address account) external view returns (bool) {
        return _state().powers[account] & Powers.OPERATOR != 0;
    }

    /// @dev Which rules are on, and whether third-party modules are called, only the compliance says.
    function _checkCompliance() internal view {
        if (msg.sender != address(_state().compliance)) revert RuleEngineUnauthorized(msg.sender);
    }

    /// @dev Rule settings come from the compliance or one of its built-in rule modules, on behalf of this
    /// token's compliance: the modules are shared by every compliance, so one called by another compliance
    /// (which may name this token as its own) passes that compliance as `compliance_` and is refused here.
    function _checkConfigurator(address compliance_) internal view {
        ICompliance c = _state().compliance;
        if (compliance_ != address(c)) revert RuleEngineForeignCompliance(compliance_);
        if (msg.sender != address(c) && !IBuiltinModules(address(c)).isBuiltinModule(msg.sender)) {
            revert RuleEngineUnauthorized(msg.sender);
        }
    }
}
