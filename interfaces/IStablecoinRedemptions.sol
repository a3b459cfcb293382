// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IStablecoinRedemptions
/// @notice Redemption at par, on chain: a holder asks to redeem an amount (with its own reference, e.g.
/// the payout instruction's id) and the tokens go into escrow at this contract; a minter (the issuer's
/// operator) acknowledges the request, then completes it (the escrow is burnt once the fiat is paid) or
/// rejects it (the escrow goes back to the holder). Every step keeps its time, so the age of each open
/// request, and whether it was paid within one business day, can be shown.
/// @dev The escrow is this contract's own balance: total supply = holders' balances + the escrow, and the
/// escrow equals the sum of the open requests. States: Requested -> Acknowledged -> Completed, and
/// Requested or Acknowledged -> Rejected. A blacklisted holder's request cannot be completed (it would
/// pay a frozen holder) but can be rejected, which returns the escrow into the frozen balance.
interface IStablecoinRedemptions {
    /// @notice Where a redemption request stands.
    enum RedemptionStatus {
        None,
        Requested,
        Acknowledged,
        Completed,
        Rejected
    }

    /// @notice A redemption request.
    /// @param holder Who asked, and who is paid (off chain) or refunded.
    /// @param requestedAt When it was asked (unix seconds).
    /// @param status Where it stands.
    /// @param amount The amount in escrow, in token base units.
    /// @param acknowledgedAt When the issuer acknowledged it (0 until then).
    /// @param closedAt When it was completed or rejected (0 while open).
    /// @param ref The holder's reference.
    struct Redemption {
        address holder;
        uint64 requestedAt;
        RedemptionStatus status;
        uint128 amount;
        uint64 acknowledgedAt;
        uint64 closedAt;
        bytes32 ref;
    }

    /// @notice Emitted when `holder` has put `amount` in escrow asking to redeem it, request `id`;
    /// follows an {IERC20-Transfer} event to this contract.
    event RedemptionRequested(uint256 indexed id, address indexed holder, uint256 amount, bytes32 ref);
    /// @notice Emitted when `operator` has acknowledged request `id`.
    event RedemptionAcknowledged(uint256 indexed id, address indexed operator);
    /// @notice Emitted when `operator` has completed request `id` (fiat paid, escrow of `amount` burnt);
    /// follows an {IERC20-Transfer} event to the zero address.
    event RedemptionCompleted(uint256 indexed id, address indexed operator, uint256 amount);
    /// @notice Emitted when `operator` has rejected request `id` and returned `amount` to its holder;
    /// follows an {IERC20-Transfer} event from this contract.
    event RedemptionRejected(uint256 indexed id, address indexed operator, uint256 amount);

    /// @notice There is no redemption request `id`.
    error StablecoinUnknownRedemption(uint256 id);
    /// @notice Request `id` is `status`, not in a state that allows this step.
    error StablecoinRedemptionWrongStatus(uint256 id, RedemptionStatus status);

    /// @notice Ask to redeem `amount` of the caller's tokens at par; they go into escrow at once.
    /// @dev Emits an {IERC20-Transfer} event to this contract, then a {RedemptionRequested} event.
    /// Requirements: not paused; the caller is not blacklisted; `0 < amount <= balance`, below 2**128.
    /// @param amount The amount to redeem, in token base units.
    /// @param ref The holder's reference for the request.
    /// @return id The request's id (numbered from 1).
    function requestRedemption(uint256 amount, bytes32 ref) external returns (uint256 id);

    /// @notice Acknowledge request `id`: the issuer has it and is paying it.
    /// @dev Emits a {RedemptionAcknowledged} event. Requirements: the caller is a minter; the request is
    /// Requested.
    function acknowledgeRedemption(uint256 id) external;

    /// @notice Complete request `id`: the fiat has been paid, the escrow is burnt.
    /// @dev Emits an {IERC20-Transfer} event to the zero address, then a {RedemptionCompleted} event.
    /// Requirements: not paused; the caller is a minter; the request is Acknowledged; its holder is not
    /// blacklisted (a frozen holder's request waits).
    function completeRedemption(uint256 id) external;

    /// @notice Reject request `id`: the escrow goes back to the holder. A blacklisted holder's escrow goes
    /// back into its frozen balance, where only a lawful order can move it.
    /// @dev Emits an {IERC20-Transfer} event, then a {RedemptionRejected} event. Requirements: not
    /// paused; the caller is a minter; the request is Requested or Acknowledged.
    function rejectRedemption(uint256 id) external;

    /// @notice Request `id` (all zero if there is none).
    function redemption(uint256 id) external view returns (Redemption memory);

    /// @notice How many requests have been made: ids run from 1 to this number.
    function redemptionCount() external view returns (uint256);
}
