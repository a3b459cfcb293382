// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {ILockUpModule} from "../../../interfaces/modules/ILockUpModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title LockUpModule
/// @notice Shared by every compliance. Built-in rule 21: tokens received at issuance stay locked for the recipient country's period.
/// @dev The token keeps the lots (at most {MAX_LOTS} per wallet) and emits {TokensLocked},
/// {LockedTokensReleased} and {LockedTokensMoved}.
contract LockUpModule is AbstractModule, ILockUpModule {
    /// @inheritdoc ILockUpModule
    uint256 public constant MAX_LOTS = 8;
    uint64 private constant _MAX_PERIOD = 3650 days;

    constructor() AbstractModule(5) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "LockUp";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.TOKENS_LOCKED;
    }

    /// @inheritdoc ILockUpModule
    function setLockUpPeriod(uint16 country, uint64 period) external onlyComplianceCall {
        _checkCountry(country);
        if (period > _MAX_PERIOD) revert ModuleLockUpTooLong(period);
        _setCountryPeriod(country, true, period);
        emit LockUpPeriodSet(msg.sender, country, period);
    }

    /// @inheritdoc ILockUpModule
    function clearLockUpPeriod(uint16 country) external onlyComplianceCall {
        _setCountryPeriod(country, false, 0);
        emit LockUpPeriodCleared(msg.sender, country);
    }

    /// @inheritdoc ILockUpModule
    function setDefaultLockUpPeriod(uint64 period) external onlyComplianceCall {
        if (period > _MAX_PERIOD) revert ModuleLockUpTooLong(period);
        IRuleEngine engine = _callerEngine();
        (uint256 cap,) = engine.supplySettings();
        // The cap was stored in 112 bits; period <= 10 years fits 32 bits.
        engine.setSupplySettings(msg.sender, uint112(cap), uint32(period));
        emit DefaultLockUpPeriodSet(msg.sender, period);
    }

    /// @inheritdoc ILockUpModule
    function lockUpPeriod(address compliance, uint16 country) public view returns (uint64) {
        IRuleEngine engine = _engine(compliance);
        CountryWord memory w = _countryRule(engine, country);
        if (w.lockSet) return w.lockPeriod;
        (, uint32 fallbackPeriod) = engine.supplySettings();
        return fallbackPeriod;
    }

    /// @inheritdoc ILockUpModule
    function lockedBalance(address compliance, address wallet) external view returns (uint256) {
        return _engine(compliance).lockedBalance(wallet);
    }

    /// @inheritdoc ILockUpModule
    function lots(address compliance, address wallet)
        external
        view
        returns (uint256[] memory amounts, uint64[] memory unlockTimes)
    {
        return _engine(compliance).lots(wallet);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory) {
        (, uint32 fallbackPeriod) = _engine(compliance).supplySettings();
        return string.concat("LockUp: default period ", Strings.toString(fallbackPeriod), "s");
    }

    function _setCountryPeriod(uint16 country, bool set, uint64 period) private {
        IRuleEngine engine = _callerEngine();
        CountryWord memory w = _countryRule(engine, country);
        // period <= 10 years fits 32 bits.
        (w.lockSet, w.lockPeriod) = (set, uint32(period));
        _setCountryRule(engine, country, w);
    }
}
