// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title ICountryAllowModule
/// @notice Tokens may only go to investors whose country is on an allow-list: a mint, transfer or
/// forced transfer to a recipient whose country is not listed is refused with code 16
/// (`COUNTRY_NOT_ALLOWED`). Burns are not affected. An empty list allows no recipient.
interface ICountryAllowModule is IConfigurableModule {
    /// @notice Emitted when `country` is added to the allow-list.
    event CountryAllowed(address indexed compliance, uint16 indexed country);
    /// @notice Emitted when `country` is removed from the allow-list.
    event CountryDisallowed(address indexed compliance, uint16 indexed country);

    /// @notice Add countries to the allow-list; countries already listed are skipped.
    /// @param countries ISO 3166-1 numeric codes.
    /// Emits a {CountryAllowed} event for each country added.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`);
    /// - every code is in 1-999.
    function allowCountries(uint16[] calldata countries) external;

    /// @notice Remove countries from the allow-list; countries not listed are skipped.
    /// Emits a {CountryDisallowed} event for each country removed.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`).
    function disallowCountries(uint16[] calldata countries) external;

    /// @notice Whether recipients from `country` are allowed.
    function isCountryAllowed(address compliance, uint16 country) external view returns (bool);

    /// @notice Every allowed country, in no particular order.
    function allowedCountries(address compliance) external view returns (uint16[] memory);
}
