// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {CountryRule} from "../TokenStorage.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title CountryAllowRule
/// @notice Code 16: the recipient's country must be on the token's list of allowed countries.
library CountryAllowRule {
    /// @dev The code for a recipient of country rule `rule`.
    function check(CountryRule memory rule) internal pure returns (uint8) {
        return rule.allowed ? 0 : RestrictionCodes.COUNTRY_NOT_ALLOWED;
    }
}
