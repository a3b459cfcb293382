// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModule} from "../../interfaces/IModule.sol";
import {TransferContext} from "../../interfaces/ITransferTypes.sol";

/// @title TestRecordingModule
/// @notice TEST ONLY. A third-party compliance module that reports a fixed restriction code, refuses with
/// it while switched to refuse, and records the context of every balance change it accepts.
contract TestRecordingModule is IModule {
    address private immutable _compliance;
    uint8 private immutable _code;
    bool private _refusing;
    TransferContext private _last;

    /// @notice How many balance changes `onTransfer` accepted.
    uint256 public seen;

    /// @param compliance_ The ModularCompliance this module serves.
    /// @param code_ The restriction code it reports.
    constructor(address compliance_, uint8 code_) {
        _compliance = compliance_;
        _code = code_;
    }

    /// @notice Refuse every change (with this module's code) while `on`.
    function setRefusing(bool on) external {
        _refusing = on;
    }

    /// @notice The context of the last change accepted.
    function lastContext() external view returns (TransferContext memory) {
        return _last;
    }

    /// @inheritdoc IModule
    function onTransfer(TransferContext calldata ctx) external returns (uint8) {
        if (msg.sender != _compliance) revert ModuleOnlyCompliance(msg.sender);
        if (_refusing) return _code;
        _last = ctx;
        ++seen;
        return 0;
    }

    /// @inheritdoc IModule
    function check(TransferContext calldata) external view returns (uint8) {
        return _refusing ? _code : 0;
    }

    /// @inheritdoc IModule
    function name() external pure returns (string memory) {
        return "Recording";
    }

    /// @inheritdoc IModule
    function restrictionCode() external view returns (uint8) {
        return _code;
    }

    /// @inheritdoc IModule
    function compliance() external view returns (address) {
        return _compliance;
    }

    /// @inheritdoc IModule
    function describe() external pure returns (string memory) {
        return "Recording: records what it accepts";
    }
}
