// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IMaxBalanceModule} from "../../../interfaces/modules/IMaxBalanceModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title MaxBalanceModule
/// @notice Shared by every compliance. Built-in rule 18: an investor identity's balance over all its wallets stays at most the maximum.
contract MaxBalanceModule is AbstractModule, IMaxBalanceModule {
    constructor() AbstractModule(2) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "MaxBalance";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.MAX_BALANCE_EXCEEDED;
    }

    /// @inheritdoc IMaxBalanceModule
    function setMaxBalance(uint256 maxBalance_) external onlyComplianceCall {
        _checkFits(maxBalance_, type(uint112).max);
        IRuleEngine engine = _callerEngine();
        (, uint256 windowLimit, uint32 window) = engine.limits();
        // Fits 112 bits (checked above); the window limit was stored in 88 bits.
        engine.setLimits(msg.sender, uint112(maxBalance_), uint88(windowLimit), window);
        emit MaxBalanceSet(msg.sender, maxBalance_);
    }

    /// @inheritdoc IMaxBalanceModule
    function maxBalance(address compliance) public view returns (uint256 cap) {
        (cap,,) = _engine(compliance).limits();
    }

    /// @inheritdoc IMaxBalanceModule
    /// @dev `identity` may also be one of the identity's wallets.
    function identityBalance(address compliance, address identity) external view returns (uint256 balance) {
        (balance,,) = _engine(compliance).ledgerOf(identity);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory) {
        uint256 cap = maxBalance(compliance);
        return cap == 0 ? "MaxBalance: none" : string.concat("MaxBalance: ", Strings.toString(cap), " per identity");
    }
}
