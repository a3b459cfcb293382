// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title MinimumHoldingRule
/// @notice Codes 27 and 26: with full transfers required, a holder's transfer moves its identity's whole
/// holding (27); and no change leaves the sender or the recipient identity holding a positive amount below
/// its minimum (26: the minimum of the party's country when it has one, else the token's).
library MinimumHoldingRule {
    /// @dev The code for a holder transfer of `amount` out of the sender identity's holding `held`.
    function checkFull(bool fullTransfer, uint256 held, uint256 amount) internal pure returns (uint8) {
        return fullTransfer && amount != held ? RestrictionCodes.FULL_TRANSFER_REQUIRED : 0;
    }

    /// @dev The code for a party left holding `left` under minimum `minimum` (0: none).
    function check(uint256 minimum, uint256 left) internal pure returns (uint8) {
        return left != 0 && left < minimum ? RestrictionCodes.BELOW_MINIMUM_HOLDING : 0;
    }
}
