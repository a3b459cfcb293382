// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ledger, Limits} from "../TokenStorage.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title TransferLimitsRule
/// @notice Code 23: per investor identity, at most `windowLimit` moved out per window of `window`
/// seconds (a fixed window opened by the identity's first transfer after the previous one ended).
library TransferLimitsRule {
    /// @dev The code for `sender` moving `amount` out now, and the sender's window after the move.
    function check(Limits memory limits, Ledger memory sender, uint256 amount)
        internal
        view
        returns (uint8 code, uint88 moved, uint32 windowStart)
    {
        windowStart = sender.windowStart;
        uint256 sum = sender.moved;
        // block.timestamp fits 32 bits until 2106.
        if (block.timestamp >= uint256(windowStart) + limits.window) {
            windowStart = uint32(block.timestamp);
            sum = 0;
        }
        sum += amount;
        if (sum > limits.windowLimit) return (RestrictionCodes.TRANSFER_LIMIT_EXCEEDED, 0, 0);
        // sum <= windowLimit, which fits 88 bits.
        moved = uint88(sum);
    }

    /// @dev What `identity` has moved in its current window, as of now.
    function movedNow(Limits memory limits, Ledger memory identity) internal view returns (uint256) {
        return block.timestamp >= uint256(identity.windowStart) + limits.window ? 0 : identity.moved;
    }
}
