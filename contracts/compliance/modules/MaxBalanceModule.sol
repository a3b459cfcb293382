// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IMaxBalanceModule} from "../../../interfaces/modules/IMaxBalanceModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title MaxBalanceModule
/// @notice Built-in rule 18: an investor identity's balance over all its wallets stays at most the maximum.
contract MaxBalanceModule is AbstractModule, IMaxBalanceModule {
    /// @param compliance_ The compliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_, 2) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "MaxBalance";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.MAX_BALANCE_EXCEEDED;
    }

    /// @inheritdoc IMaxBalanceModule
    function setMaxBalance(uint256 maxBalance_) external onlyComplianceOwner {
        _checkFits(maxBalance_, type(uint112).max);
        IRuleEngine engine = _engine();
        (, uint256 windowLimit, uint32 window) = engine.limits();
        // Fits 112 bits (checked above); the window limit was stored in 88 bits.
        engine.setLimits(uint112(maxBalance_), uint88(windowLimit), window);
        emit MaxBalanceSet(maxBalance_);
    }

    /// @inheritdoc IMaxBalanceModule
    function maxBalance() public view returns (uint256 cap) {
        (cap,,) = _engine().limits();
    }

    /// @inheritdoc IMaxBalanceModule
    /// @dev `identity` may also be one of the identity's wallets.
    function identityBalance(address identity) external view returns (uint256 balance) {
        (balance,,) = _engine().ledgerOf(identity);
    }

    /// @inheritdoc IConfigurableModule
    function describe() external view returns (string memory) {
        uint256 cap = maxBalance();
        return cap == 0 ? "MaxBalance: none" : string.concat("MaxBalance: ", Strings.toString(cap), " per identity");
    }
}
