// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IModule} from "../../../interfaces/IModule.sol";
import {ILockUpModule} from "../../../interfaces/modules/ILockUpModule.sol";
import {TransferContext, TransferKind} from "../../../interfaces/ITransferTypes.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title LockUpModule
/// @notice Tokens received at issuance stay locked for the recipient country's period (code 21).
/// @dev Lots live in a ring of {MAX_LOTS} slots per wallet, sorted by unlock time from `start`; the
/// header keeps their total and the first and last unlock times, so a wallet whose lots are all
/// expired, all live, or absent is judged from the header alone (one storage read).
contract LockUpModule is AbstractModule, ILockUpModule {
    /// @inheritdoc ILockUpModule
    uint256 public constant MAX_LOTS = 8;
    uint64 private constant _MAX_PERIOD = 3650 days;

    /// @dev A country's own period; `set` distinguishes "zero" from "use the default".
    struct Period {
        bool set;
        uint64 period;
    }

    /// @dev A wallet's lots at a glance, in one slot.
    struct Header {
        uint128 total;
        uint40 first;
        uint40 last;
        uint8 start;
        uint8 count;
    }

    /// @dev Tokens from one issuance (or merged issuances) and when they unlock.
    struct Lot {
        uint128 amount;
        uint40 unlock;
    }

    uint64 private _defaultPeriod;
    mapping(uint16 country => Period) private _periods;
    mapping(address wallet => Header) private _headers;
    mapping(address wallet => Lot[MAX_LOTS]) private _lots;

    /// @param compliance_ The ModularCompliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_) {}

    /// @inheritdoc IModule
    function name() external pure returns (string memory) {
        return "LockUp";
    }

    /// @inheritdoc IModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.TOKENS_LOCKED;
    }

    /// @inheritdoc IModule
    function check(TransferContext calldata ctx) public view returns (uint8) {
        if (ctx.kind != TransferKind.Transfer) return 0;
        uint256 locked = _locked(ctx.from);
        if (locked != 0 && (ctx.fromBalance < locked || ctx.amount > ctx.fromBalance - locked)) {
            return RestrictionCodes.TOKENS_LOCKED;
        }
        return 0;
    }

    /// @inheritdoc IModule
    function onTransfer(TransferContext calldata ctx) external onlyCompliance returns (uint8) {
        TransferKind kind = ctx.kind;
        if (kind == TransferKind.Transfer) return check(ctx);
        if (kind == TransferKind.Mint) {
            uint64 period = lockUpPeriod(ctx.recipient.country);
            if (period != 0 && ctx.amount != 0) {
                // period <= 10 years, so the unlock time fits in 40 bits until the year 36812.
                uint40 unlock = uint40(block.timestamp + period);
                _addLot(ctx.to, ctx.amount, unlock);
                emit TokensLocked(ctx.to, ctx.amount, unlock);
            }
            return 0;
        }
        // Burn or forced transfer: it passes; keep the locked balance within the balance left.
        if (_headers[ctx.from].count != 0 && ctx.from != ctx.to) _take(ctx);
        return 0;
    }

    /// @dev Takes what a burn or forced transfer needs beyond the unlocked tokens from the live lots,
    /// oldest first; a move between wallets of one identity carries those lots to the recipient.
    function _take(TransferContext calldata ctx) private {
        Header memory h = _pruned(ctx.from);
        uint256 free = ctx.fromBalance > h.total ? ctx.fromBalance - h.total : 0;
        if (ctx.amount <= free) {
            _headers[ctx.from] = h;
            return;
        }
        uint256 excess = ctx.amount - free;
        if (excess > h.total) excess = h.total;
        bool carry = ctx.kind == TransferKind.Forced && ctx.to != address(0)
            && _holder(ctx.sender.identity, ctx.from) == _holder(ctx.recipient.identity, ctx.to);
        Lot[MAX_LOTS] storage ls = _lots[ctx.from];
        uint256 remaining = excess;
        while (remaining != 0) {
            Lot memory lot = ls[h.start];
            uint256 taken = lot.amount;
            if (taken <= remaining) {
                h.start = uint8((h.start + 1) % MAX_LOTS);
                // remaining != 0 <= total, so a lot is left to take from.
                --h.count;
            } else {
                taken = remaining;
                // taken < lot.amount.
                unchecked {
                    ls[h.start].amount = lot.amount - uint128(taken);
                }
            }
            // taken <= remaining.
            unchecked {
                remaining -= taken;
            }
            if (carry) _addLot(ctx.to, taken, lot.unlock);
        }
        // excess <= h.total.
        h.total -= uint128(excess);
        if (h.count == 0) delete _headers[ctx.from];
        else _headers[ctx.from] = Header(h.total, ls[h.start].unlock, h.last, h.start, h.count);
        if (carry) emit LockedTokensMoved(ctx.from, ctx.to, excess);
        else emit LockedTokensReleased(ctx.from, excess);
    }

    /// @dev Adds a lot in unlock-time order, merging into the newest lot when it unlocks at the same
    /// time or when the wallet already has {MAX_LOTS} live lots (the merged lot unlocks at the later time).
    function _addLot(address wallet, uint256 amount, uint40 unlock) private {
        Header memory h = _pruned(wallet);
        Lot[MAX_LOTS] storage ls = _lots[wallet];
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
                _headers[wallet] = h;
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
        _headers[wallet] = h;
    }

    /// @dev The wallet's header with expired lots dropped from the front (the lot slots are left as they
    /// are: outside `start..start+count` they are never read).
    function _pruned(address wallet) private view returns (Header memory h) {
        h = _headers[wallet];
        if (h.count == 0 || block.timestamp < h.first) return h;
        if (block.timestamp >= h.last) return Header(0, 0, 0, 0, 0);
        Lot[MAX_LOTS] storage ls = _lots[wallet];
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

    /// @dev Sum of the wallet's live lots.
    function _locked(address wallet) private view returns (uint256 sum) {
        Header memory h = _headers[wallet];
        if (h.count == 0 || block.timestamp >= h.last) return 0;
        if (block.timestamp < h.first) return h.total;
        Lot[MAX_LOTS] storage ls = _lots[wallet];
        for (uint256 i = h.count; i != 0; --i) {
            Lot memory lot = ls[(h.start + i - 1) % MAX_LOTS];
            if (block.timestamp >= lot.unlock) break;
            sum += lot.amount;
        }
    }

    /// @inheritdoc ILockUpModule
    function setLockUpPeriod(uint16 country, uint64 period) external onlyComplianceOwner {
        _checkCountry(country);
        if (period > _MAX_PERIOD) revert ModuleLockUpTooLong(period);
        _periods[country] = Period(true, period);
        emit LockUpPeriodSet(country, period);
    }

    /// @inheritdoc ILockUpModule
    function clearLockUpPeriod(uint16 country) external onlyComplianceOwner {
        delete _periods[country];
        emit LockUpPeriodCleared(country);
    }

    /// @inheritdoc ILockUpModule
    function setDefaultLockUpPeriod(uint64 period) external onlyComplianceOwner {
        if (period > _MAX_PERIOD) revert ModuleLockUpTooLong(period);
        _defaultPeriod = period;
        emit DefaultLockUpPeriodSet(period);
    }

    /// @inheritdoc ILockUpModule
    function lockUpPeriod(uint16 country) public view returns (uint64) {
        Period memory p = _periods[country];
        return p.set ? p.period : _defaultPeriod;
    }

    /// @inheritdoc ILockUpModule
    function lockedBalance(address wallet) external view returns (uint256) {
        return _locked(wallet);
    }

    /// @inheritdoc ILockUpModule
    function lots(address wallet) external view returns (uint256[] memory amounts, uint64[] memory unlockTimes) {
        Header memory h = _headers[wallet];
        amounts = new uint256[](h.count);
        unlockTimes = new uint64[](h.count);
        for (uint256 i; i < h.count; ++i) {
            Lot memory lot = _lots[wallet][(h.start + i) % MAX_LOTS];
            (amounts[i], unlockTimes[i]) = (lot.amount, lot.unlock);
        }
    }

    /// @inheritdoc IModule
    function describe() external view returns (string memory) {
        return string.concat("LockUp: default period ", Strings.toString(_defaultPeriod), "s");
    }
}
