// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {ITransferLimitsModule} from "../../../interfaces/modules/ITransferLimitsModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title TransferLimitsModule
/// @notice Shared by every compliance. Built-in rule 23: per identity, a maximum amount moved out per window of time. The token keeps
/// one window per identity in its ledger word, so one window length is configured at a time
/// ({MAX_LIMITS} is 1): setting another window replaces nothing and is refused until the first is removed
/// (limit 0).
contract TransferLimitsModule is AbstractModule, ITransferLimitsModule {
    /// @inheritdoc ITransferLimitsModule
    uint256 public constant MAX_LIMITS = 1;

    constructor() AbstractModule(7) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "TransferLimits";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.TRANSFER_LIMIT_EXCEEDED;
    }

    /// @inheritdoc ITransferLimitsModule
    /// @dev Limit 0 removes the window. The limit fits 88 bits.
    function setTransferLimit(uint32 window, uint256 limit) external onlyComplianceCall {
        if (window == 0 || limit > type(uint88).max) revert ModuleInvalidTransferLimit(window, limit);
        IRuleEngine engine = _callerEngine();
        (uint256 maxBalance,, uint32 current) = engine.limits();
        if (limit == 0) {
            if (current != window) revert ModuleInvalidTransferLimit(window, limit);
            window = 0;
        } else if (current != 0 && current != window) {
            revert ModuleInvalidTransferLimit(window, limit);
        }
        // maxBalance was stored in 112 bits; limit checked to fit 88 bits above.
        engine.setLimits(msg.sender, uint112(maxBalance), uint88(limit), window);
        emit TransferLimitSet(msg.sender, window == 0 ? current : window, limit);
    }

    /// @inheritdoc ITransferLimitsModule
    function transferLimits(address compliance) public view returns (uint32[] memory windows, uint256[] memory limits) {
        (, uint256 limit, uint32 window) = _engine(compliance).limits();
        uint256 n = window == 0 ? 0 : 1;
        windows = new uint32[](n);
        limits = new uint256[](n);
        if (n == 1) (windows[0], limits[0]) = (window, limit);
    }

    /// @inheritdoc ITransferLimitsModule
    /// @dev `identity` may also be one of the identity's wallets.
    function movedInWindow(address compliance, address identity, uint32 window)
        external
        view
        returns (uint256 moved)
    {
        IRuleEngine engine = _engine(compliance);
        (,, uint32 current) = engine.limits();
        if (window != current || window == 0) return 0;
        (,, moved) = engine.ledgerOf(identity);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory out) {
        out = "TransferLimits:";
        (uint32[] memory windows, uint256[] memory limits) = transferLimits(compliance);
        if (windows.length == 0) return string.concat(out, " none");
        out = string.concat(out, " ", Strings.toString(limits[0]), " per ", Strings.toString(windows[0]), "s;");
    }
}
