// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IInvestorEligibilityModule} from "../../../interfaces/modules/IInvestorEligibilityModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title InvestorEligibilityModule
/// @notice Built-in rule 22: per country, the claim topics a recipient must hold (topics 0-95). Shared by
/// every compliance.
contract InvestorEligibilityModule is AbstractModule, IInvestorEligibilityModule {
    constructor() AbstractModule(6) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "InvestorEligibility";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.INVESTOR_NOT_ELIGIBLE;
    }

    /// @inheritdoc IInvestorEligibilityModule
    function setEligibilityRule(uint16 country, uint256 anyOf, uint256 allOf) external onlyComplianceCall {
        _checkCountry(country);
        if (anyOf > type(uint96).max) revert ModuleTopicOutOfRange(anyOf);
        if (allOf > type(uint96).max) revert ModuleTopicOutOfRange(allOf);
        IRuleEngine engine = _callerEngine();
        CountryWord memory w = _countryRule(engine, country);
        // Both masks were checked to fit 96 bits above.
        (w.anyOf, w.allOf) = (uint96(anyOf), uint96(allOf));
        _setCountryRule(engine, country, w);
        emit EligibilityRuleSet(msg.sender, country, anyOf, allOf);
    }

    /// @inheritdoc IInvestorEligibilityModule
    function eligibilityRule(address compliance, uint16 country) external view returns (uint256 anyOf, uint256 allOf) {
        CountryWord memory w = _countryRule(_engine(compliance), country);
        return (w.anyOf, w.allOf);
    }

    /// @inheritdoc IInvestorEligibilityModule
    function ruleCountries(address compliance) external view returns (uint16[] memory) {
        return _engine(compliance).countriesWith(3);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory out) {
        out = "InvestorEligibility:";
        IRuleEngine engine = _engine(compliance);
        uint16[] memory countries = engine.countriesWith(3);
        for (uint256 i; i < countries.length; ++i) {
            CountryWord memory w = _countryRule(engine, countries[i]);
            out = string.concat(
                out,
                " ",
                Strings.toString(countries[i]),
                " any-of ",
                Strings.toHexString(w.anyOf),
                " all-of ",
                Strings.toHexString(w.allOf),
                ";"
            );
        }
    }
}
