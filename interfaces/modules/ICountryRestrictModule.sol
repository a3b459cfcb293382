// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title ICountryRestrictModule
/// @notice Tokens may not go to investors whose country is blocked: a mint, transfer or forced transfer
/// to a recipient from a restricted country is refused with code 17 (`COUNTRY_RESTRICTED`). Burns and
/// transfers out of a restricted country are not affected.
interface ICountryRestrictModule is IConfigurableModule {
    /// @notice Emitted when `country` is restricted.
    event CountryRestricted(address indexed compliance, uint16 indexed country);
    /// @notice Emitted when `country` is no longer restricted.
    event CountryUnrestricted(address indexed compliance, uint16 indexed country);

    /// @notice Restrict countries; countries already restricted are skipped.
    /// @param countries ISO 3166-1 numeric codes.
    /// Emits a {CountryRestricted} event for each country added.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`);
    /// - every code is in 1-999.
    function restrictCountries(uint16[] calldata countries) external;

    /// @notice Lift restrictions; countries not restricted are skipped.
    /// Emits a {CountryUnrestricted} event for each country removed.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`).
    function unrestrictCountries(uint16[] calldata countries) external;

    /// @notice Whether recipients from `country` are blocked.
    function isCountryRestricted(address compliance, uint16 country) external view returns (bool);

    /// @notice Every restricted country, in no particular order.
    function restrictedCountries(address compliance) external view returns (uint16[] memory);
}
