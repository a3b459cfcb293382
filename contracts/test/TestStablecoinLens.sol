// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IStablecoin} from "../../interfaces/IStablecoin.sol";

/// @title TestStablecoinLens
/// @notice Reads a stablecoin's books for a set of holders in one call, so the stateful test can check
/// its model after every step at the cost of one request.
contract TestStablecoinLens {
    /// @notice The total supply, and each holder's balance and minter allowance.
    /// @param token The stablecoin.
    /// @param holders The accounts to read.
    function books(IStablecoin token, address[] calldata holders)
        external
        view
        returns (uint256 supply, uint256[] memory balances, uint256[] memory minterAllowances)
    {
        supply = token.totalSupply();
        balances = new uint256[](holders.length);
        minterAllowances = new uint256[](holders.length);
        for (uint256 i = 0; i < holders.length; ++i) {
            balances[i] = token.balanceOf(holders[i]);
            minterAllowances[i] = token.minterAllowance(holders[i]);
        }
    }
}
