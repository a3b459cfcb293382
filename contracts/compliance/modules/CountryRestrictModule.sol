// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {ICountryRestrictModule} from "../../../interfaces/modules/ICountryRestrictModule.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title CountryRestrictModule
/// @notice Built-in rule 17: no recipients from the restricted countries.
contract CountryRestrictModule is AbstractModule, ICountryRestrictModule {
    using EnumerableSet for EnumerableSet.UintSet;

    EnumerableSet.UintSet private _restricted;

    /// @param compliance_ The compliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_, 1) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "CountryRestrict";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.COUNTRY_RESTRICTED;
    }

    /// @inheritdoc ICountryRestrictModule
    function restrictCountries(uint16[] calldata countries) external onlyComplianceOwner {
        _set(countries, true);
    }

    /// @inheritdoc ICountryRestrictModule
    function unrestrictCountries(uint16[] calldata countries) external onlyComplianceOwner {
        _set(countries, false);
    }

    /// @inheritdoc ICountryRestrictModule
    function isCountryRestricted(uint16 country) external view returns (bool) {
        return _restricted.contains(country);
    }

    /// @inheritdoc ICountryRestrictModule
    function restrictedCountries() external view returns (uint16[] memory) {
        return _countries(_restricted);
    }

    /// @inheritdoc IConfigurableModule
    function describe() external view returns (string memory) {
        return string.concat("CountryRestrict: no recipients from ", _join(_restricted));
    }

    function _set(uint16[] calldata countries, bool restricted) private {
        IRuleEngine engine = _engine();
        for (uint256 i; i < countries.length; ++i) {
            uint16 country = countries[i];
            if (restricted) {
                _checkCountry(country);
                if (!_restricted.add(country)) continue;
                emit CountryRestricted(country);
            } else {
                if (!_restricted.remove(country)) continue;
                emit CountryUnrestricted(country);
            }
            CountryWord memory w = _countryRule(engine, country);
            w.restricted = restricted;
            _setCountryRule(engine, country, w);
        }
    }
}
