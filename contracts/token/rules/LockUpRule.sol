// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Lot, LotHeader} from "../TokenStorage.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title LockUpRule
/// @notice Code 21: tokens received at issuance stay locked for the recipient country's period.
/// @dev Lots live in a ring of {MAX_LOTS} slots per wallet, sorted by unlock time from `start`; the header
/// keeps their total and the first and last unlock times, so a wallet whose lots are all expired, all
/// live, or absent is judged from the header alone. The token reads them only for a wallet flagged as
/// having lots.
library LockUpRule {
    uint256 internal constant MAX_LOTS = 8;

    /// @dev The code for a holder transfer of `amount` out of `balance` with lots `h`/`ls`.
    function check(LotHeader storage h, Lot[8] storage ls, uint256 balance, uint256 amount)
        internal
        view
        returns (uint8)
    {
        uint256 held = locked(h, ls);
        if (held != 0 && (balance < held || amount > balance - held)) return RestrictionCodes.TOKENS_LOCKED;
        return 0;
    }

    /// @dev Sum of the live lots.
    function locked(LotHeader storage hs, Lot[8] storage ls) internal view returns (uint256 sum) {
        LotHeader memory h = hs;
        if (h.count == 0 || block.timestamp >= h.last) return 0;
        if (block.timestamp < h.first) return h.total;
        for (uint256 i = h.count; i != 0; --i) {
            Lot memory lot = ls[(h.start + i - 1) % MAX_LOTS];
            if (block.timestamp >= lot.unlock) break;
            sum += lot.amount;
        }
    }

    /// @dev Add a lot of `amount` unlocking at `unlock`, in unlock-time order, merging into the newest lot
    /// when it unlocks at the same time or when the wallet already has {MAX_LOTS} live lots (the merged lot
    /// unlocks at the later time).
    function add(LotHeader storage hs, Lot[8] storage ls, uint256 amount, uint40 unlock) internal {
        LotHeader memory h = pruned(hs, ls);
        h.total = SafeCast.toUint128(uint256(h.total) + amount);
        if (h.count != 0) {
            uint256 newest = (h.start + h.count - 1) % MAX_LOTS;
            Lot memory lot = ls[newest];
            if (lot.unlock == unlock || h.count == MAX_LOTS) {
                lot.amount = SafeCast.toUint128(uint256(lot.amount) + amount);
                if (unlock > lot.unlock) lot.unlock = unlock;
                ls[newest] = lot;
                h.last = lot.unlock;
                if (h.count == 1) h.first = lot.unlock;
                _store(hs, h);
                return;
            }
        }
        uint256 j = h.count;
        while (j != 0) {
            Lot memory prev = ls[(h.start + j - 1) % MAX_LOTS];
            if (prev.unlock <= unlock) break;
            ls[(h.start + j) % MAX_LOTS] = prev;
            --j;
        }
        // amount <= total, which fits in 128 bits (checked above).
        ls[(h.start + j) % MAX_LOTS] = Lot(uint128(amount), unlock);
        if (j == 0) h.first = unlock;
        if (j == h.count) h.last = unlock;
        ++h.count;
        _store(hs, h);
    }

    /// @dev A burn or forced transfer of `amount` out of `balance` passes: keep the locked tokens within the
    /// balance left by taking what it needs beyond the unlocked tokens from the live lots, oldest first.
    /// Returns the lots taken, with their unlock times, for a move between wallets of one identity to carry.
    /// Emits {ILockUpModule-LockedTokensReleased} (or nothing when no locked token is taken).
    /// @return taken The amounts taken, oldest first (length `n`).
    /// @return unlocks Their unlock times.
    /// @return n How many entries are used.
    /// @return left Whether any lot is left.
    function take(LotHeader storage hs, Lot[8] storage ls, uint256 balance, uint256 amount)
        internal
        returns (uint256[8] memory taken, uint40[8] memory unlocks, uint256 n, bool left)
    {
        LotHeader memory h = pruned(hs, ls);
        uint256 free = balance > h.total ? balance - h.total : 0;
        if (amount > free) {
            uint256 remaining = amount - free;
            if (remaining > h.total) remaining = h.total;
            // remaining <= total, which fits 128 bits.
            h.total -= uint128(remaining);
            while (remaining != 0) {
                Lot memory lot = ls[h.start];
                uint256 part = lot.amount;
                if (part <= remaining) {
                    h.start = uint8((h.start + 1) % MAX_LOTS);
                    // remaining != 0 and every live lot is non-empty, so a lot is left to take from.
                    --h.count;
                } else {
                    part = remaining;
                    // part < lot.amount.
                    unchecked {
                        ls[h.start].amount = lot.amount - uint128(part);
                    }
                }
                // part <= remaining.
                unchecked {
                    remaining -= part;
                }
                (taken[n], unlocks[n]) = (part, lot.unlock);
                ++n;
            }
        }
        if (h.count == 0) {
            _store(hs, LotHeader(0, 0, 0, 0, 0));
            return (taken, unlocks, n, false);
        }
        h.first = ls[h.start].unlock;
        _store(hs, h);
        return (taken, unlocks, n, true);
    }

    /// @dev The header with expired lots dropped from the front (lot slots outside `start..start+count` are
    /// never read).
    function pruned(LotHeader storage hs, Lot[8] storage ls) internal view returns (LotHeader memory h) {
        h = hs;
        if (h.count == 0 || block.timestamp < h.first) return h;
        if (block.timestamp >= h.last) return LotHeader(0, 0, 0, 0, 0);
        while (true) {
            Lot memory lot = ls[h.start];
            if (block.timestamp < lot.unlock) break;
            // Expired lots are part of the total; now < last, so a live lot stops the loop.
            h.total -= lot.amount;
            h.start = uint8((h.start + 1) % MAX_LOTS);
            --h.count;
        }
        h.first = ls[h.start].unlock;
    }

    /// @dev The live lots, oldest first.
    function list(LotHeader storage hs, Lot[8] storage ls)
        internal
        view
        returns (uint256[] memory amounts, uint64[] memory unlockTimes)
    {
        LotHeader memory h = hs;
        amounts = new uint256[](h.count);
        unlockTimes = new uint64[](h.count);
        for (uint256 i; i < h.count; ++i) {
            Lot memory lot = ls[(h.start + i) % MAX_LOTS];
            (amounts[i], unlockTimes[i]) = (lot.amount, lot.unlock);
        }
    }

    function _store(LotHeader storage hs, LotHeader memory h) private {
        hs.total = h.total;
        hs.first = h.first;
        hs.last = h.last;
        hs.start = h.start;
        hs.count = h.count;
    }
}
