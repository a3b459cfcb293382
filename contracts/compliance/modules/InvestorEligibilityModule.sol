// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IInvestorEligibilityModule} from "../../../interfaces/modules/IInvestorEligibilityModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title InvestorEligibilityModule
/// @notice Built-in rule 22: per country, the claim topics a recipient must hold (topics 0-95).
contract InvestorEligibilityModule is AbstractModule, IInvestorEligibilityModule {
    using EnumerableSet for EnumerableSet.UintSet;

    EnumerableSet.UintSet private _ruleCountries;

    /// @param compliance_ The compliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_, 6) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "InvestorEligibility";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.INVESTOR_NOT_ELIGIBLE;
    }

    /// @inheritdoc IInvestorEligibilityModule
    function setEligibilityRule(uint16 country, uint256 anyOf, uint256 allOf) external onlyComplianceOwner {
        _checkCountry(country);
        if (anyOf > type(uint96).max) revert ModuleTopicOutOfRange(anyOf);
        if (allOf > type(uint96).max) revert ModuleTopicOutOfRange(allOf);
        if (anyOf == 0 && allOf == 0) _ruleCountries.remove(country);
        else _ruleCountries.add(country);
        IRuleEngine engine = _engine();
        CountryWord memory w = _countryRule(engine, country);
        // Both masks were checked to fit 96 bits above.
        (w.anyOf, w.allOf) = (uint96(anyOf), uint96(allOf));
        _setCountryRule(engine, country, w);
        emit EligibilityRuleSet(country, anyOf, allOf);
    }

    /// @inheritdoc IInvestorEligibilityModule
    function eligibilityRule(uint16 country) external view returns (uint256 anyOf, uint256 allOf) {
        CountryWord memory w = _countryRule(_engine(), country);
        return (w.anyOf, w.allOf);
    }

    /// @inheritdoc IInvestorEligibilityModule
    function ruleCountries() external view returns (uint16[] memory) {
        return _countries(_ruleCountries);
    }

    /// @inheritdoc IConfigurableModule
    function describe() external view returns (string memory out) {
        out = "InvestorEligibility:";
        IRuleEngine engine = _engine();
        uint256 n = _ruleCountries.length();
        for (uint256 i; i < n; ++i) {
            uint16 country = uint16(_ruleCountries.at(i));
            CountryWord memory w = _countryRule(engine, country);
            out = string.concat(
                out,
                " ",
                Strings.toString(country),
                " any-of ",
                Strings.toHexString(w.anyOf),
                " all-of ",
                Strings.toHexString(w.allOf),
                ";"
            );
        }
    }
}
