// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title CountryAllowRule
/// @notice Code 16: the recipient's country must be on the token's list of allowed countries.
library CountryAllowRule {
    /// @dev The code for a recipient whose country is `allowed` (or not).
    function check(bool allowed) internal pure returns (uint8) {
        return allowed ? 0 : RestrictionCodes.COUNTRY_NOT_ALLOWED;
    }
}
