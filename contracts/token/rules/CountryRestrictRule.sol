// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CountryRule} from "../TokenStorage.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title CountryRestrictRule
/// @notice Code 17: the recipient's country must not be on the token's list of restricted countries.
library CountryRestrictRule {
    /// @dev The code for a recipient of country rule `rule`.
    function check(CountryRule memory rule) internal pure returns (uint8) {
        return rule.restricted ? RestrictionCodes.COUNTRY_RESTRICTED : 0;
    }
}
