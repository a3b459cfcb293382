// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title MaxBalanceRule
/// @notice Code 18: an investor identity's balance, over all its wallets, stays at most the maximum.
library MaxBalanceRule {
    /// @dev The code for an identity holding `held` that receives `amount` under maximum `maxBalance`
    /// (0: none).
    function check(uint256 maxBalance, uint256 held, uint256 amount) internal pure returns (uint8) {
        return maxBalance != 0 && held + amount > maxBalance ? RestrictionCodes.MAX_BALANCE_EXCEEDED : 0;
    }
}
