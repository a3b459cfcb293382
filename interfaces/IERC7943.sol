// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @title IERC7943Fungible
/// @notice ERC-7943 (uRWA) interface for ERC-20 based real-world-asset tokens; interface id 0x3edbb4c4.
interface IERC7943Fungible is IERC165 {
    /// @notice Emitted when tokens were taken from `from` and given to `to` by an enforcement action.
    event ForcedTransfer(address indexed from, address indexed to, uint256 amount);
    /// @notice Emitted when the frozen amount of `account` changed; `amount` is the new frozen amount.
    event Frozen(address indexed account, uint256 amount);

    /// @notice `account` may not send.
    error ERC7943CannotSend(address account);
    /// @notice `account` may not receive.
    error ERC7943CannotReceive(address account);
    /// @notice The transfer is not allowed by the token's rules.
    error ERC7943CannotTransfer(address from, address to, uint256 amount);
    /// @notice `amount` exceeds the `unfrozen` part of `account`'s balance.
    error ERC7943InsufficientUnfrozenBalance(address account, uint256 amount, uint256 unfrozen);

    /// @notice Take `amount` from `from` and give it to `to` (regulatory enforcement or recovery).
    /// Frozen tokens it takes are unfrozen first, with a {Frozen} event before the ERC-20 `Transfer`.
    function forcedTransfer(address from, address to, uint256 amount) external returns (bool result);

    /// @notice Set the frozen amount of `account` (absolute, like `approve`); it may exceed the balance.
    /// Emits a {Frozen} event.
    function setFrozenTokens(address account, uint256 amount) external returns (bool result);

    /// @notice Whether `account` may send under the token's account-level rules.
    function canSend(address account) external view returns (bool allowed);

    /// @notice Whether `account` may receive under the token's account-level rules.
    function canReceive(address account) external view returns (bool allowed);

    /// @notice The frozen amount of `account` (may exceed its balance).
    function getFrozenTokens(address account) external view returns (uint256 amount);

    /// @notice Whether a transfer of `amount` from `from` to `to` is allowed now, frozen tokens included.
    function canTransfer(address from, address to, uint256 amount) external view returns (bool allowed);
}
