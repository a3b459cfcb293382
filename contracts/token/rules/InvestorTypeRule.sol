// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {InvestorEligibilityRule} from "./InvestorEligibilityRule.sol";

/// @title InvestorTypeRule
/// @notice Code 29: an entity recipient (investor type 1 in the registry) from a country with an entity
/// rule holds all of its `allOf` topics and, when `anyOf` is set, one of them. Such a recipient is judged by
/// this rule instead of the country's common eligibility rule (code 22), which applies to individuals.
library InvestorTypeRule {
    /// @dev The code for an entity holding `topics` under the rule (`anyOf`, `allOf`).
    function check(uint256 anyOf, uint256 allOf, uint256 topics) internal pure returns (uint8) {
        return InvestorEligibilityRule.check(anyOf, allOf, topics) == 0 ? 0 : RestrictionCodes.INVESTOR_TYPE_NOT_ELIGIBLE;
    }
}
