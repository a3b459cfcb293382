// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICountryRestrictModule} from "../../../interfaces/modules/ICountryRestrictModule.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title CountryRestrictModule
/// @notice Built-in rule 17: no recipients from the restricted countries. Shared by every compliance.
contract CountryRestrictModule is AbstractModule, ICountryRestrictModule {
    constructor() AbstractModule(1) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "CountryRestrict";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.COUNTRY_RESTRICTED;
    }

    /// @inheritdoc ICountryRestrictModule
    function restrictCountries(uint16[] calldata countries) external onlyComplianceCall {
        _set(countries, true);
    }

    /// @inheritdoc ICountryRestrictModule
    function unrestrictCountries(uint16[] calldata countries) external onlyComplianceCall {
        _set(countries, false);
    }

    /// @inheritdoc ICountryRestrictModule
    function isCountryRestricted(address compliance, uint16 country) external view returns (bool) {
        (, bool restricted,,,,) = _engine(compliance).countryRule(country);
        return restricted;
    }

    /// @inheritdoc ICountryRestrictModule
    function restrictedCountries(address compliance) external view returns (uint16[] memory) {
        return _engine(compliance).countriesWith(1);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory) {
        return string.concat("CountryRestrict: no recipients from ", _join(_engine(compliance).countriesWith(1)));
    }

    function _set(uint16[] calldata countries, bool restricted) private {
        IRuleEngine engine = _callerEngine();
        bool wrote = false;
        for (uint256 i; i < countries.length; ++i) {
            uint16 country = countries[i];
            if (restricted) _checkCountry(country);
            CountryWord memory w = _countryRule(engine, country);
            if (w.restricted == restricted) continue;
            if (restricted) emit CountryRestricted(msg.sender, country);
            else emit CountryUnrestricted(msg.sender, country);
            w.restricted = restricted;
            _setCountryRule(engine, country, w);
            wrote = true;
        }
        if (!wrote) _checkOwnCompliance(engine);
    }
}
