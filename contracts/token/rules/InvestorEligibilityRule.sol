// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CountryRule} from "../TokenStorage.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title InvestorEligibilityRule
/// @notice Code 22: per country, the claim topics a recipient must hold: all of `allOf` and, when
/// `anyOf` is set, at least one of `anyOf`.
library InvestorEligibilityRule {
    /// @dev The code for a recipient holding `topics` under country rule `rule`.
    function check(CountryRule memory rule, uint256 topics) internal pure returns (uint8) {
        uint256 allOf = rule.allOf;
        if (allOf & topics != allOf || (rule.anyOf != 0 && rule.anyOf & topics == 0)) {
            return RestrictionCodes.INVESTOR_NOT_ELIGIBLE;
        }
        return 0;
    }
}
