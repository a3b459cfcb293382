// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IMinimumHoldingModule} from "../../../interfaces/modules/IMinimumHoldingModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title MinimumHoldingModule
/// @notice Shared by every compliance. Built-in rule 26 (and 27): minimum holdings, per country if set, and
/// optionally whole-position transfers.
contract MinimumHoldingModule is AbstractModule, IMinimumHoldingModule {
    constructor() AbstractModule(10) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "MinimumHolding";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.BELOW_MINIMUM_HOLDING;
    }

    /// @inheritdoc IMinimumHoldingModule
    function setMinimumHolding(uint256 amount) external onlyComplianceCall {
        _checkFits(amount, type(uint112).max);
        IRuleEngine engine = _callerEngine();
        PolicyWord memory p = _policy(engine);
        // Checked to fit 112 bits above.
        p.minHolding = uint112(amount);
        _setPolicy(engine, p);
        emit MinimumHoldingSet(msg.sender, amount, p.fullTransfer);
    }

    /// @inheritdoc IMinimumHoldingModule
    function setCountryMinimumHolding(uint16 country, uint256 amount) external onlyComplianceCall {
        _checkCountry(country);
        _checkFits(amount, type(uint112).max);
        IRuleEngine engine = _callerEngine();
        (, uint112 minTransfer) = engine.countryMinimums(country);
        // Checked to fit 112 bits above.
        engine.setCountryMinimums(msg.sender, country, uint112(amount), minTransfer);
        emit CountryMinimumHoldingSet(msg.sender, country, amount);
    }

    /// @inheritdoc IMinimumHoldingModule
    function setFullTransfer(bool on) external onlyComplianceCall {
        IRuleEngine engine = _callerEngine();
        PolicyWord memory p = _policy(engine);
        p.fullTransfer = on;
        _setPolicy(engine, p);
        emit MinimumHoldingSet(msg.sender, p.minHolding, on);
    }

    /// @inheritdoc IMinimumHoldingModule
    function minimumHolding(address compliance) public view returns (uint256 amount, bool fullTransfer) {
        PolicyWord memory p = _policy(_engine(compliance));
        return (p.minHolding, p.fullTransfer);
    }

    /// @inheritdoc IMinimumHoldingModule
    function countryMinimums(address compliance, uint16 country)
        external
        view
        returns (uint256 minHolding, uint256 minTransfer)
    {
        return _engine(compliance).countryMinimums(country);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory out) {
        (uint256 amount, bool fullTransfer) = minimumHolding(compliance);
        out = string.concat("MinimumHolding: ", Strings.toString(amount), fullTransfer ? ", whole holdings only" : "");
        IRuleEngine engine = _engine(compliance);
        uint16[] memory countries = engine.countriesWith(4);
        for (uint256 i; i < countries.length; ++i) {
            (uint112 own,) = engine.countryMinimums(countries[i]);
            out = string.concat(out, "; ", Strings.toString(countries[i]), " ", Strings.toString(own));
        }
    }
}
