// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IStablecoinOrders
/// @notice Lawful orders against a frozen (blacklisted) holder, executed by the enforcer: {seize} moves
/// the holder's whole balance to a recovery address, {wipe} burns it (Paxos' `wipeFrozenAddress`). Each
/// carries the reference of the order it executes (e.g. a case number hashed or packed into 32 bytes),
/// so every enforcement on chain traces back to its order.
/// @dev Freezing is the blacklist ({IStablecoinRoles-blacklist}); an order only acts on a balance already
/// frozen, and nothing else moves a blacklisted balance. Orders run while the token is paused too: a
/// pause stops holders, not the execution of an order.
interface IStablecoinOrders {
    /// @notice Emitted when the enforcer has moved `amount` (the whole balance) of the blacklisted
    /// `account` to `recipient` under the order `orderRef`; follows an {IERC20-Transfer} event.
    event Seized(address indexed account, address indexed recipient, uint256 amount, bytes32 indexed orderRef);
    /// @notice Emitted when the enforcer has burnt `amount` (the whole balance) of the blacklisted
    /// `account` under the order `orderRef`; follows an {IERC20-Transfer} event to the zero address.
    event Wiped(address indexed account, uint256 amount, bytes32 indexed orderRef);

    /// @notice An order acts only on a blacklisted (frozen) `account`.
    error StablecoinNotBlacklisted(address account);
    /// @notice An order must carry the reference of the order it executes (not zero).
    error StablecoinMissingOrderReference();

    /// @notice Move the whole balance of the blacklisted `account` to `recipient`, under the order `orderRef`.
    /// @dev Emits an {IERC20-Transfer} event, then a {Seized} event.
    ///
    /// Requirements:
    /// - the caller is the enforcer; `orderRef` is not zero;
    /// - `account` is blacklisted;
    /// - `recipient` is not the zero address (use {wipe}), not blacklisted and not this contract.
    /// @return amount The amount moved.
    function seize(address account, address recipient, bytes32 orderRef) external returns (uint256 amount);

    /// @notice Burn the whole balance of the blacklisted `account`, under the order `orderRef`.
    /// @dev Emits an {IERC20-Transfer} event to the zero address, then a {Wiped} event. The burn lowers the
    /// total supply and so frees room under the reserve cap.
    ///
    /// Requirements: the caller is the enforcer; `orderRef` is not zero; `account` is blacklisted.
    /// @return amount The amount burnt.
    function wipe(address account, bytes32 orderRef) external returns (uint256 amount);
}
