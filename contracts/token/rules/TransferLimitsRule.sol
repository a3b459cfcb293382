// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title TransferLimitsRule
/// @notice Code 23: per investor identity, at most `windowLimit` moved out per window of `window`
/// seconds (a fixed window opened by the identity's first transfer after the previous one ended).
library TransferLimitsRule {
    /// @dev The code for a sender that moved `movedBefore` in the window opened at `start` moving `amount`
    /// out now, under a limit of `windowLimit` per `window` seconds; and the sender's window after the move.
    function check(uint256 window, uint256 windowLimit, uint256 movedBefore, uint256 start, uint256 amount)
        internal
        view
        returns (uint8 code, uint256 moved, uint256 windowStart)
    {
        windowStart = start;
        uint256 sum = movedBefore;
        // block.timestamp fits 32 bits until 2106.
        if (block.timestamp >= start + window) {
            windowStart = block.timestamp;
            sum = 0;
        }
        sum += amount;
        if (sum > windowLimit) return (RestrictionCodes.TRANSFER_LIMIT_EXCEEDED, 0, 0);
        // sum <= windowLimit, which fits 88 bits.
        moved = sum;
    }

    /// @dev What an identity that moved `moved` in the window opened at `start` has moved in its current
    /// window of `window` seconds, as of now.
    function movedNow(uint256 window, uint256 moved, uint256 start) internal view returns (uint256) {
        return block.timestamp >= start + window ? 0 : moved;
    }
}
