// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title CountryRestrictRule
/// @notice Code 17: the recipient's country must not be on the token's list of restricted countries.
library CountryRestrictRule {
    /// @dev The code for a recipient whose country is `restricted` (or not).
    function check(bool restricted) internal pure returns (uint8) {
        return restricted ? RestrictionCodes.COUNTRY_RESTRICTED : 0;
    }
}
