// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Supply} from "../TokenStorage.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title SupplyLimitRule
/// @notice Code 20: issuance never takes the total supply above its limit.
library SupplyLimitRule {
    /// @dev The code for minting `amount` given `supply`.
    function check(Supply memory supply, uint256 amount) internal pure returns (uint8) {
        return supply.cap != 0 && uint256(supply.total) + amount > supply.cap ? RestrictionCodes.SUPPLY_LIMIT_EXCEEDED : 0;
    }
}
