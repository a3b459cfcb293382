// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {ICountryAllowModule} from "../../../interfaces/modules/ICountryAllowModule.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title CountryAllowModule
/// @notice Built-in rule 16: recipients only from the allowed countries.
contract CountryAllowModule is AbstractModule, ICountryAllowModule {
    using EnumerableSet for EnumerableSet.UintSet;

    EnumerableSet.UintSet private _allowed;

    /// @param compliance_ The compliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_, 0) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "CountryAllow";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.COUNTRY_NOT_ALLOWED;
    }

    /// @inheritdoc ICountryAllowModule
    function allowCountries(uint16[] calldata countries) external onlyComplianceOwner {
        _set(countries, true);
    }

    /// @inheritdoc ICountryAllowModule
    function disallowCountries(uint16[] calldata countries) external onlyComplianceOwner {
        _set(countries, false);
    }

    /// @inheritdoc ICountryAllowModule
    function isCountryAllowed(uint16 country) external view returns (bool) {
        return _allowed.contains(country);
    }

    /// @inheritdoc ICountryAllowModule
    function allowedCountries() external view returns (uint16[] memory) {
        return _countries(_allowed);
    }

    /// @inheritdoc IConfigurableModule
    function describe() external view returns (string memory) {
        return string.concat("CountryAllow: recipients from ", _join(_allowed));
    }

    function _set(uint16[] calldata countries, bool allowed) private {
        IRuleEngine engine = _engine();
        for (uint256 i; i < countries.length; ++i) {
            uint16 country = countries[i];
            if (allowed) {
                _checkCountry(country);
                if (!_allowed.add(country)) continue;
                emit CountryAllowed(country);
            } else {
                if (!_allowed.remove(country)) continue;
                emit CountryDisallowed(country);
            }
            CountryWord memory w = _countryRule(engine, country);
            w.allowed = allowed;
            _setCountryRule(engine, country, w);
        }
    }
}
