// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IModule} from "../../../interfaces/IModule.sol";
import {IInvestorEligibilityModule} from "../../../interfaces/modules/IInvestorEligibilityModule.sol";
import {TransferContext} from "../../../interfaces/ITransferTypes.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title InvestorEligibilityModule
/// @notice Per country, the claim topics a recipient must hold (code 22). One storage read per check.
contract InvestorEligibilityModule is AbstractModule, IInvestorEligibilityModule {
    using EnumerableSet for EnumerableSet.UintSet;

    /// @dev Both masks in one slot: topics 0-127.
    struct Rule {
        uint128 anyOf;
        uint128 allOf;
    }

    mapping(uint16 country => Rule) private _rules;
    EnumerableSet.UintSet private _ruleCountries;

    /// @param compliance_ The ModularCompliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_) {}

    /// @inheritdoc IModule
    function name() external pure returns (string memory) {
        return "InvestorEligibility";
    }

    /// @inheritdoc IModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.INVESTOR_NOT_ELIGIBLE;
    }

    /// @inheritdoc IModule
    function check(TransferContext calldata ctx) public view returns (uint8) {
        if (ctx.to == address(0)) return 0;
        Rule memory rule = _rules[ctx.recipient.country];
        uint256 topics = ctx.recipient.topics;
        if (rule.allOf & topics != rule.allOf || (rule.anyOf != 0 && rule.anyOf & topics == 0)) {
            return RestrictionCodes.INVESTOR_NOT_ELIGIBLE;
        }
        return 0;
    }

    /// @inheritdoc IModule
    /// @dev Stateless: the same as {check}.
    function onTransfer(TransferContext calldata ctx) external view onlyCompliance returns (uint8) {
        return check(ctx);
    }

    /// @inheritdoc IInvestorEligibilityModule
    function setEligibilityRule(uint16 country, uint256 anyOf, uint256 allOf) external onlyComplianceOwner {
        _checkCountry(country);
        if (anyOf > type(uint128).max) revert ModuleTopicOutOfRange(anyOf);
        if (allOf > type(uint128).max) revert ModuleTopicOutOfRange(allOf);
        if (anyOf == 0 && allOf == 0) {
            delete _rules[country];
            _ruleCountries.remove(country);
        } else {
            // Both masks were checked to fit in 128 bits above.
            _rules[country] = Rule(uint128(anyOf), uint128(allOf));
            _ruleCountries.add(country);
        }
        emit EligibilityRuleSet(country, anyOf, allOf);
    }

    /// @inheritdoc IInvestorEligibilityModule
    function eligibilityRule(uint16 country) external view returns (uint256 anyOf, uint256 allOf) {
        Rule memory rule = _rules[country];
        return (rule.anyOf, rule.allOf);
    }

    /// @inheritdoc IInvestorEligibilityModule
    function ruleCountries() external view returns (uint16[] memory) {
        return _countries(_ruleCountries);
    }

    /// @inheritdoc IModule
    function describe() external view returns (string memory out) {
        out = "InvestorEligibility:";
        uint256 n = _ruleCountries.length();
        for (uint256 i; i < n; ++i) {
            uint16 country = uint16(_ruleCountries.at(i));
            Rule memory rule = _rules[country];
            out = string.concat(
                out,
                " ",
                Strings.toString(country),
                " any-of ",
                Strings.toHexString(rule.anyOf),
                " all-of ",
                Strings.toHexString(rule.allOf),
                ";"
            );
        }
    }
}
