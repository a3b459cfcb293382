// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IModule} from "../../../interfaces/IModule.sol";
import {ITransferLimitsModule} from "../../../interfaces/modules/ITransferLimitsModule.sol";
import {TransferContext, TransferKind} from "../../../interfaces/ITransferTypes.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title TransferLimitsModule
/// @notice Per identity, a maximum amount moved out per window of time (code 23).
/// @dev With no limit configured a transfer costs one storage read; each configured window adds one
/// read for its limit and one read and write for the sender's counter.
contract TransferLimitsModule is AbstractModule, ITransferLimitsModule {
    /// @inheritdoc ITransferLimitsModule
    uint256 public constant MAX_LIMITS = 4;

    /// @dev A window length and its limit, in one slot.
    struct Limit {
        uint32 window;
        uint224 limit;
    }

    /// @dev An identity's current window for one window length: when it opened and what moved in it.
    struct Counter {
        uint40 start;
        uint216 moved;
    }

    uint256 private _limitCount;
    Limit[MAX_LIMITS] private _limits;
    mapping(address identity => mapping(uint32 window => Counter)) private _counters;

    /// @param compliance_ The ModularCompliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_) {}

    /// @inheritdoc IModule
    function name() external pure returns (string memory) {
        return "TransferLimits";
    }

    /// @inheritdoc IModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.TRANSFER_LIMIT_EXCEEDED;
    }

    /// @inheritdoc IModule
    function check(TransferContext calldata ctx) public view returns (uint8) {
        (address sender, uint256 n) = _counted(ctx);
        for (uint256 i; i < n; ++i) {
            Limit memory l = _limits[i];
            if (_moved(_counters[sender][l.window], l.window) + ctx.amount > l.limit) {
                return RestrictionCodes.TRANSFER_LIMIT_EXCEEDED;
            }
        }
        return 0;
    }

    /// @inheritdoc IModule
    function onTransfer(TransferContext calldata ctx) external onlyCompliance returns (uint8) {
        (address sender, uint256 n) = _counted(ctx);
        if (n == 0) return 0;
        if (check(ctx) != 0) return RestrictionCodes.TRANSFER_LIMIT_EXCEEDED;
        for (uint256 i; i < n; ++i) {
            uint32 window = _limits[i].window;
            Counter storage c = _counters[sender][window];
            // block.timestamp fits in 40 bits until the year 36812.
            if (block.timestamp >= uint256(c.start) + window) {
                c.start = uint40(block.timestamp);
                c.moved = SafeCast.toUint216(ctx.amount);
            } else {
                c.moved = SafeCast.toUint216(uint256(c.moved) + ctx.amount);
            }
        }
        return 0;
    }

    /// @dev The sender identity and the number of windows to apply: none unless a plain transfer
    /// between two identities.
    function _counted(TransferContext calldata ctx) private view returns (address sender, uint256 n) {
        if (ctx.kind != TransferKind.Transfer) return (address(0), 0);
        n = _limitCount;
        if (n == 0) return (address(0), 0);
        sender = _holder(ctx.sender.identity, ctx.from);
        if (sender == _holder(ctx.recipient.identity, ctx.to)) return (address(0), 0);
    }

    /// @dev What a counter holds for its current window (zero once the window has ended).
    function _moved(Counter memory c, uint32 window) private view returns (uint256) {
        return block.timestamp >= uint256(c.start) + window ? 0 : c.moved;
    }

    /// @inheritdoc ITransferLimitsModule
    function setTransferLimit(uint32 window, uint256 limit) external onlyComplianceOwner {
        if (window == 0 || limit > type(uint224).max) revert ModuleInvalidTransferLimit(window, limit);
        uint256 n = _limitCount;
        uint256 i;
        while (i < n && _limits[i].window != window) ++i;
        if (limit == 0) {
            if (i == n) revert ModuleInvalidTransferLimit(window, limit);
            // i < n, so n >= 1: move the last entry into the gap.
            _limits[i] = _limits[n - 1];
            delete _limits[n - 1];
            _limitCount = n - 1;
        } else {
            if (i == MAX_LIMITS) revert ModuleInvalidTransferLimit(window, limit);
            // Checked to fit in 224 bits above.
            _limits[i] = Limit(window, uint224(limit));
            if (i == n) _limitCount = n + 1;
        }
        emit TransferLimitSet(window, limit);
    }

    /// @inheritdoc ITransferLimitsModule
    function transferLimits() external view returns (uint32[] memory windows, uint256[] memory limits) {
        uint256 n = _limitCount;
        windows = new uint32[](n);
        limits = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            (windows[i], limits[i]) = (_limits[i].window, _limits[i].limit);
        }
    }

    /// @inheritdoc ITransferLimitsModule
    function movedInWindow(address identity, uint32 window) external view returns (uint256) {
        return _moved(_counters[identity][window], window);
    }

    /// @inheritdoc IModule
    function describe() external view returns (string memory out) {
        out = "TransferLimits:";
        uint256 n = _limitCount;
        if (n == 0) return string.concat(out, " none");
        for (uint256 i; i < n; ++i) {
            Limit memory l = _limits[i];
            out = string.concat(out, " ", Strings.toString(l.limit), " per ", Strings.toString(l.window), "s;");
        }
    }
}
