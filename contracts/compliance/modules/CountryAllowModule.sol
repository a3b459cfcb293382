// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICountryAllowModule} from "../../../interfaces/modules/ICountryAllowModule.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title CountryAllowModule
/// @notice Built-in rule 16: recipients only from the allowed countries. Shared by every compliance.
contract CountryAllowModule is AbstractModule, ICountryAllowModule {
    constructor() AbstractModule(0) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "CountryAllow";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.COUNTRY_NOT_ALLOWED;
    }

    /// @inheritdoc ICountryAllowModule
    function allowCountries(uint16[] calldata countries) external onlyComplianceCall {
        _set(countries, true);
    }

    /// @inheritdoc ICountryAllowModule
    function disallowCountries(uint16[] calldata countries) external onlyComplianceCall {
        _set(countries, false);
    }

    /// @inheritdoc ICountryAllowModule
    function isCountryAllowed(address compliance, uint16 country) external view returns (bool) {
        (bool allowed,,,,,) = _engine(compliance).countryRule(country);
        return allowed;
    }

    /// @inheritdoc ICountryAllowModule
    function allowedCountries(address compliance) external view returns (uint16[] memory) {
        return _engine(compliance).countriesWith(0);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory) {
        return string.concat("CountryAllow: recipients from ", _join(_engine(compliance).countriesWith(0)));
    }

    function _set(uint16[] calldata countries, bool allowed) private {
        IRuleEngine engine = _callerEngine();
        bool wrote = false;
        for (uint256 i; i < countries.length; ++i) {
            uint16 country = countries[i];
            if (allowed) _checkCountry(country);
            CountryWord memory w = _countryRule(engine, country);
            if (w.allowed == allowed) continue;
            if (allowed) emit CountryAllowed(msg.sender, country);
            else emit CountryDisallowed(msg.sender, country);
            w.allowed = allowed;
            _setCountryRule(engine, country, w);
            wrote = true;
        }
        if (!wrote) _checkOwnCompliance(engine);
    }
}
