// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title MinimumTransferRule
/// @notice Code 28: a holder transfer moves at least the minimum set for the sender's country.
library MinimumTransferRule {
    /// @dev The code for a transfer of `amount` under minimum `minimum` (0: none).
    function check(uint256 minimum, uint256 amount) internal pure returns (uint8) {
        return amount < minimum ? RestrictionCodes.TRANSFER_BELOW_MINIMUM : 0;
    }
}
