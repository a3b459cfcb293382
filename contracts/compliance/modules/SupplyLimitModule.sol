// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {ISupplyLimitModule} from "../../../interfaces/modules/ISupplyLimitModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title SupplyLimitModule
/// @notice Shared by every compliance. Built-in rule 20: issuance never takes the total supply above its limit.
contract SupplyLimitModule is AbstractModule, ISupplyLimitModule {
    constructor() AbstractModule(4) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "SupplyLimit";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.SUPPLY_LIMIT_EXCEEDED;
    }

    /// @inheritdoc ISupplyLimitModule
    function setSupplyLimit(uint256 limit) external onlyComplianceCall {
        _checkFits(limit, type(uint112).max);
        IRuleEngine engine = _callerEngine();
        (, uint32 defaultLockPeriod) = engine.supplySettings();
        // Fits 112 bits (checked above).
        engine.setSupplySettings(msg.sender, uint112(limit), defaultLockPeriod);
        emit SupplyLimitSet(msg.sender, limit);
    }

    /// @inheritdoc ISupplyLimitModule
    function supplyLimit(address compliance) public view returns (uint256 cap) {
        (cap,) = _engine(compliance).supplySettings();
    }

    /// @inheritdoc ISupplyLimitModule
    /// @dev The token's total supply.
    function supply(address compliance) public view returns (uint256) {
        return IERC20(address(_engine(compliance))).totalSupply();
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory) {
        uint256 cap = supplyLimit(compliance);
        if (cap == 0) return "SupplyLimit: none";
        return string.concat("SupplyLimit: ", Strings.toString(cap), " (supply ", Strings.toString(supply(compliance)), ")");
    }
}
