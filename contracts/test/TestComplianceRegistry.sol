// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Investor} from "../../interfaces/ITransferTypes.sol";

/// @title TestComplianceRegistry
/// @notice Test fixture: an identity registry reduced to the one read the compliance makes, with
/// records set directly by tests.
contract TestComplianceRegistry {
    mapping(address wallet => Investor) private _investors;

    /// @notice Set the record of `wallet`.
    function setInvestor(address wallet, Investor calldata record) external {
        _investors[wallet] = record;
    }

    /// @notice The record of `wallet` (all zero if none).
    function investor(address wallet) external view returns (Investor memory) {
        return _investors[wallet];
    }
}
