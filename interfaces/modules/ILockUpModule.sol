// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title ILockUpModule
/// @notice Tokens a wallet receives at issuance stay locked for the period configured for the
/// recipient's country (e.g. 12 months for US investors under a Rule 144-style hold, 40 days under a
/// Reg S-style distribution compliance period). A plain transfer of more than the wallet's balance
/// minus its still-locked tokens is refused with code 21 (`TOKENS_LOCKED`).
/// @dev The lot model. Each mint to a wallet whose country has a period `p > 0` creates a lot
/// `(amount, unlockTime = now + p)`; lots are kept per wallet, sorted by unlock time, at most
/// {MAX_LOTS} of them (a new lot into a full list merges into the newest one, which then unlocks at the
/// later of the two times: never earlier than promised). A lot is live while `now < unlockTime`; the
/// locked balance is the sum of live lots. Tokens received by transfer are never locked.
/// Burns and forced transfers pass; when they take more than the wallet's unlocked tokens, the excess
/// is taken from live lots, oldest first, so the locked balance never exceeds the balance. When a forced
/// transfer moves tokens between wallets of one identity (wallet recovery), the lots taken keep their
/// unlock times in the new wallet. Expired lots are dropped whenever a wallet's lots are written.
/// Gas: a wallet with no live lots costs one storage read; any operation touches at most
/// {MAX_LOTS} lot slots.
interface ILockUpModule is IConfigurableModule {
    /// @notice Emitted when the lock-up period for `country` is set.
    event LockUpPeriodSet(address indexed compliance, uint16 indexed country, uint64 period);
    /// @notice Emitted when `country` goes back to the default period.
    event LockUpPeriodCleared(address indexed compliance, uint16 indexed country);
    /// @notice Emitted when the period for countries without their own changes.
    event DefaultLockUpPeriodSet(address indexed compliance, uint64 period);
    /// @notice Emitted when an issuance to `wallet` creates (or merges into) a lot.
    event TokensLocked(address indexed wallet, uint256 amount, uint64 unlockTime);
    /// @notice Emitted when a burn or forced transfer takes `amount` locked tokens out of `wallet`'s lots.
    event LockedTokensReleased(address indexed wallet, uint256 amount);
    /// @notice Emitted when a recovery moves `amount` locked tokens, with their unlock times, between
    /// two wallets of one identity.
    event LockedTokensMoved(address indexed from, address indexed to, uint256 amount);

    /// @notice A period longer than the module accepts (10 years).
    error ModuleLockUpTooLong(uint64 period);

    /// @notice Set the lock-up period for recipients from `country` (zero: none, whatever the default).
    /// Emits a {LockUpPeriodSet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`); `country` is in 1-999; `period` is at most 10 years.
    function setLockUpPeriod(uint16 country, uint64 period) external;

    /// @notice Make `country` use the default period again.
    /// Emits a {LockUpPeriodCleared} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`).
    function clearLockUpPeriod(uint16 country) external;

    /// @notice Set the period for countries without their own (zero: none).
    /// Emits a {DefaultLockUpPeriodSet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`); `period` is at most 10 years.
    function setDefaultLockUpPeriod(uint64 period) external;

    /// @notice The period that applies to issuance to recipients from `country`.
    function lockUpPeriod(address compliance, uint16 country) external view returns (uint64);

    /// @notice The most lots a wallet keeps.
    function MAX_LOTS() external view returns (uint256);

    /// @notice Tokens of `wallet` still locked now.
    function lockedBalance(address compliance, address wallet) external view returns (uint256);

    /// @notice The lots of `wallet` (live or expired but not yet dropped), oldest first.
    function lots(address compliance, address wallet) external view returns (uint256[] memory amounts, uint64[] memory unlockTimes);
}
