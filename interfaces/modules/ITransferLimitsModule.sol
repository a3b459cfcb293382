// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title ITransferLimitsModule
/// @notice Per investor identity, a maximum amount moved out per window of time, with up to
/// {MAX_LIMITS} windows at once (e.g. a day and a month). A transfer that would take the sender
/// identity's outgoing amount in any window above its limit is refused with code 23
/// (`TRANSFER_LIMIT_EXCEEDED`).
/// @dev Windows roll with activity: an identity's window of length `w` opens at its first counted
/// transfer and lasts `w` seconds; the first transfer after it ends opens the next one. Only plain
/// transfers count: mints, burns and forced transfers pass and are not counted, and nor are moves
/// between wallets of one identity. A wallet with no identity counts as its own identity.
interface ITransferLimitsModule is IConfigurableModule {
    /// @notice Emitted when the limit for windows of `window` seconds is set (zero: removed).
    event TransferLimitSet(address indexed compliance, uint32 window, uint256 limit);

    /// @notice The window is zero, or a new window would exceed {MAX_LIMITS}.
    error ModuleInvalidTransferLimit(uint32 window, uint256 limit);

    /// @notice Set the most an identity may move out per `window` seconds; zero removes the limit.
    /// Emits a {TransferLimitSet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`); `window` is not zero; `limit` fits in 216 bits;
    /// - at most {MAX_LIMITS} windows are configured.
    function setTransferLimit(uint32 window, uint256 limit) external;

    /// @notice The most windows configured at once.
    function MAX_LIMITS() external view returns (uint256);

    /// @notice The configured windows (seconds) and their limits.
    function transferLimits(address compliance) external view returns (uint32[] memory windows, uint256[] memory limits);

    /// @notice What `identity` has moved out in its current window of `window` seconds (zero if that
    /// window has ended).
    function movedInWindow(address compliance, address identity, uint32 window) external view returns (uint256);
}
