// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title InvestorEligibilityRule
/// @notice Code 22: per country, the claim topics a recipient must hold: all of `allOf` and, when
/// `anyOf` is set, at least one of `anyOf`.
library InvestorEligibilityRule {
    /// @dev The code for a recipient holding `topics` whose country asks for at least one of `anyOf` (none:
    /// 0) and all of `allOf`.
    function check(uint256 anyOf, uint256 allOf, uint256 topics) internal pure returns (uint8) {
        if (allOf & topics != allOf || (anyOf != 0 && anyOf & topics == 0)) {
            return RestrictionCodes.INVESTOR_NOT_ELIGIBLE;
        }
        return 0;
    }
}
