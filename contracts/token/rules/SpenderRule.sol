// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title SpenderRule
/// @notice Code 30: a `transferFrom` is made by a spender that is a verified investor or an operator the
/// issuer lists (a settlement contract, a transfer agent).
library SpenderRule {
    /// @dev The code for a spender that is (or not) a listed `operator`, or a `verified` investor.
    function check(bool operator, bool verified) internal pure returns (uint8) {
        return operator || verified ? 0 : RestrictionCodes.SPENDER_NOT_ALLOWED;
    }
}
