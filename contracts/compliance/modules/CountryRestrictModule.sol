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
    mapping(address compliance => CountrySet) private _restricted;

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
        return _hasCountry(_restricted[compliance], country);
    }

    /// @inheritdoc ICountryRestrictModule
    function restrictedCountries(address compliance) external view returns (uint16[] memory) {
        return _countries(_restricted[compliance]);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory) {
        return string.concat("CountryRestrict: no recipients from ", _join(_restricted[compliance]));
    }

    function _set(uint16[] calldata countries, bool restricted) private {
        IRuleEngine engine = _callerEngine();
        CountrySet storage set = _restricted[msg.sender];
        for (uint256 i; i < countries.length; ++i) {
            uint16 country = countries[i];
            if (restricted) _checkCountry(country);
            if (!_setCountry(set, country, restricted)) continue;
            if (restricted) emit CountryRestricted(msg.sender, country);
            else emit CountryUnrestricted(msg.sender, country);
            CountryWord memory w = _countryRule(engine, country);
            w.restricted = restricted;
            _setCountryRule(engine, country, w);
        }
    }
}
