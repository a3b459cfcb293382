// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title SmokeToken
/// @notice A plain OpenZeppelin ERC-20 with the whole supply minted to the deployer. It is the
/// toolchain's smoke test and the benchmark's gas floor: the cost of a transfer with no rules at all.
contract SmokeToken is ERC20 {
    /// @param supply Tokens (in base units) minted to the deployer.
    constructor(uint256 supply) ERC20("Smoke", "SMK") {
        _mint(msg.sender, supply);
    }
}
