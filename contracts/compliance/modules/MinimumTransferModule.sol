// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IMinimumTransferModule} from "../../../interfaces/modules/IMinimumTransferModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title MinimumTransferModule
/// @notice Shared by every compliance. Built-in rule 28: a minimum amount per transfer by the sender's country.
contract MinimumTransferModule is AbstractModule, IMinimumTransferModule {
    constructor() AbstractModule(11) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "MinimumTransfer";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.TRANSFER_BELOW_MINIMUM;
    }

    /// @inheritdoc IMinimumTransferModule
    function setCountryMinimumTransfer(uint16 country, uint256 amount) external onlyComplianceCall {
        _checkCountry(country);
        _checkFits(amount, type(uint112).max);
        IRuleEngine engine = _callerEngine();
        (uint112 minHolding,) = engine.countryMinimums(country);
        // Checked to fit 112 bits above.
        engine.setCountryMinimums(msg.sender, country, minHolding, uint112(amount));
        emit CountryMinimumTransferSet(msg.sender, country, amount);
    }

    /// @inheritdoc IMinimumTransferModule
    function countryMinimumTransfer(address compliance, uint16 country) external view returns (uint256 amount) {
        (, amount) = _engine(compliance).countryMinimums(country);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory out) {
        out = "MinimumTransfer:";
        IRuleEngine engine = _engine(compliance);
        uint16[] memory countries = engine.countriesWith(5);
        for (uint256 i; i < countries.length; ++i) {
            (, uint112 amount) = engine.countryMinimums(countries[i]);
            out = string.concat(out, " ", Strings.toString(countries[i]), " ", Strings.toString(amount), ";");
        }
    }
}
