// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IInvestorTypeModule} from "../../../interfaces/modules/IInvestorTypeModule.sol";
import {IInvestorEligibilityModule} from "../../../interfaces/modules/IInvestorEligibilityModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title InvestorTypeModule
/// @notice Shared by every compliance. Built-in rule 29: per country, the claims required of entities.
contract InvestorTypeModule is AbstractModule, IInvestorTypeModule {
    constructor() AbstractModule(12) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "InvestorType";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.INVESTOR_TYPE_NOT_ELIGIBLE;
    }

    /// @inheritdoc IInvestorTypeModule
    function setEntityEligibility(uint16 country, uint256 anyOf, uint256 allOf) external onlyComplianceCall {
        _checkCountry(country);
        if (anyOf > type(uint96).max) revert IInvestorEligibilityModule.ModuleTopicOutOfRange(anyOf);
        if (allOf > type(uint96).max) revert IInvestorEligibilityModule.ModuleTopicOutOfRange(allOf);
        // Both masks were checked to fit 96 bits above.
        _callerEngine().setEntityRule(msg.sender, country, uint96(anyOf), uint96(allOf));
        emit EntityEligibilitySet(msg.sender, country, anyOf, allOf);
    }

    /// @inheritdoc IInvestorTypeModule
    function entityEligibility(address compliance, uint16 country) external view returns (uint256 anyOf, uint256 allOf) {
        (anyOf, allOf,) = _engine(compliance).entityRule(country);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory out) {
        out = "InvestorType: entities";
        IRuleEngine engine = _engine(compliance);
        uint16[] memory countries = engine.countriesWith(6);
        for (uint256 i; i < countries.length; ++i) {
            (uint96 anyOf, uint96 allOf,) = engine.entityRule(countries[i]);
            out = string.concat(
                out,
                " ",
                Strings.toString(countries[i]),
                " any-of ",
                Strings.toHexString(anyOf),
                " all-of ",
                Strings.toHexString(allOf),
                ";"
            );
        }
    }
}
