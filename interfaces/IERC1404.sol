// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IERC1404
/// @notice ERC-1404 simple restricted token: ask before sending, and learn in words why not.
interface IERC1404 {
    /// @notice The restriction code a transfer of `value` from `from` to `to` would meet now (0 = none).
    function detectTransferRestriction(address from, address to, uint256 value) external view returns (uint8);

    /// @notice A plain sentence explaining `restrictionCode`.
    function messageForTransferRestriction(uint8 restrictionCode) external view returns (string memory);
}
