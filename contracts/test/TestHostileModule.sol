// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModule} from "../../interfaces/IModule.sol";
import {TransferContext} from "../../interfaces/ITransferTypes.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title TestHostileModule
/// @notice TEST ONLY. A compliance module that, once armed, calls a target (the token, the compliance)
/// from inside `onTransfer`, while the token is in the middle of a balance change, to test that nothing
/// can be gained by re-entering. It either bubbles the callback's revert or records it and lets the
/// change go on. Its `check` accepts everything.
contract TestHostileModule is IModule {
    address private immutable _compliance;
    address private _target;
    bytes private _callback;
    bool private _bubble;

    /// @notice The return or revert data of the last callback.
    bytes public lastReentryResult;
    /// @notice Whether the last callback succeeded.
    bool public lastReentrySucceeded;
    /// @notice How many times `onTransfer` ran.
    uint256 public transfersSeen;

    /// @param compliance_ The ModularCompliance this module serves.
    constructor(address compliance_) {
        _compliance = compliance_;
    }

    /// @notice Make the next `onTransfer` call `target` with `callback` first.
    /// @param bubble Revert with the callback's error if it fails, instead of recording it.
    function arm(address target, bytes calldata callback, bool bubble) external {
        _target = target;
        _callback = callback;
        _bubble = bubble;
    }

    /// @inheritdoc IModule
    function onTransfer(TransferContext calldata) external returns (uint8) {
        if (msg.sender != _compliance) revert ModuleOnlyCompliance(msg.sender);
        ++transfersSeen;
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
            lastReentryResult = ret;
        }
        return 0;
    }

    /// @inheritdoc IModule
    function check(TransferContext calldata) external pure returns (uint8) {
        return 0;
    }

    /// @inheritdoc IModule
    function name() external pure returns (string memory) {
        return "Hostile";
    }

    /// @inheritdoc IModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.TRANSFER_LIMIT_EXCEEDED;
    }

    /// @inheritdoc IModule
    function compliance() external view returns (address) {
        return _compliance;
    }

    /// @inheritdoc IModule
    function describe() external pure returns (string memory) {
        return "Hostile: calls back into its target";
    }
}
