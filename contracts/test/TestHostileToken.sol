// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title TestHostileToken
/// @notice An ERC-20 that, once armed, calls back into a target (the settlement contract) from inside
/// `transferFrom`, to test reentrancy protection. It either bubbles the callback's revert or records it
/// and lets the transfer go on.
contract TestHostileToken is ERC20 {
    address private _target;
    bytes private _callback;
    bool private _bubble;

    /// @notice The revert data of the last callback (empty if it succeeded).
    bytes public lastReentryError;
    /// @notice Whether the last callback succeeded.
    bool public lastReentrySucceeded;

    /// @param supply Base units minted to the deployer.
    constructor(uint256 supply) ERC20("Hostile", "HOST") {
        _mint(msg.sender, supply);
    }

    /// @notice Make the next `transferFrom` call `target` with `callback` first.
    /// @param bubble Revert with the callback's error if it fails, instead of recording it.
    function arm(address target, bytes calldata callback, bool bubble) external {
        _target = target;
        _callback = callback;
        _bubble = bubble;
    }

    /// @inheritdoc ERC20
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        address target = _target;
        if (target != address(0)) {
            _target = address(0);
            (bool ok, bytes memory ret) = target.call(_callback);
            if (!ok && _bubble) {
                assembly ("memory-safe") {
                    revert(add(ret, 0x20), mload(ret))
                }
            }
            lastReentrySucceeded = ok;
            lastReentryError = ret;
        }
        return super.transferFrom(from, to, value);
    }
}
