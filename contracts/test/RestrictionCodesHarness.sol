// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes, TransferRestricted} from "../libraries/RestrictionCodes.sol";

/// @title RestrictionCodesHarness
/// @notice Exposes {RestrictionCodes} to off-chain tests, and reverts in each way a client must decode:
/// `TransferRestricted(code)`, `Error(string)` and `Panic(uint256)`.
contract RestrictionCodesHarness {
    /// @notice The sentence {RestrictionCodes.message} gives for `code`.
    function message(uint8 code) external pure returns (string memory) {
        return RestrictionCodes.message(code);
    }

    /// @notice The rank {RestrictionCodes.priority} gives to `code`.
    function priority(uint8 code) external pure returns (uint8) {
        return RestrictionCodes.priority(code);
    }

    /// @notice Always reverts with `TransferRestricted(code)`.
    function restrict(uint8 code) external pure {
        revert TransferRestricted(code);
    }

    /// @notice Always reverts with `Error(reason)`.
    function fail(string calldata reason) external pure {
        revert(reason);
    }

    /// @notice Reverts with `Panic(0x12)` when `divisor` is zero.
    function divide(uint256 dividend, uint256 divisor) external pure returns (uint256) {
        return dividend / divisor;
    }
}
