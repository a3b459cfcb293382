// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IModule} from "../../../interfaces/IModule.sol";
import {ICountryAllowModule} from "../../../interfaces/modules/ICountryAllowModule.sol";
import {TransferContext} from "../../../interfaces/ITransferTypes.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title CountryAllowModule
/// @notice Recipients must come from an allowed country (code 16). One storage read per check.
contract CountryAllowModule is AbstractModule, ICountryAllowModule {
    using EnumerableSet for EnumerableSet.UintSet;

    EnumerableSet.UintSet private _allowed;

    /// @param compliance_ The ModularCompliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_) {}

    /// @inheritdoc IModule
    function name() external pure returns (string memory) {
        return "CountryAllow";
    }

    /// @inheritdoc IModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.COUNTRY_NOT_ALLOWED;
    }

    /// @inheritdoc IModule
    function check(TransferContext calldata ctx) public view returns (uint8) {
        if (ctx.to == address(0) || _allowed.contains(ctx.recipient.country)) return 0;
        return RestrictionCodes.COUNTRY_NOT_ALLOWED;
    }

    /// @inheritdoc IModule
    /// @dev Stateless: the same as {check}.
    function onTransfer(TransferContext calldata ctx) external view onlyCompliance returns (uint8) {
        return check(ctx);
    }

    /// @inheritdoc ICountryAllowModule
    function allowCountries(uint16[] calldata countries) external onlyComplianceOwner {
        for (uint256 i; i < countries.length; ++i) {
            _checkCountry(countries[i]);
            if (_allowed.add(countries[i])) emit CountryAllowed(countries[i]);
        }
    }

    /// @inheritdoc ICountryAllowModule
    function disallowCountries(uint16[] calldata countries) external onlyComplianceOwner {
        for (uint256 i; i < countries.length; ++i) {
            if (_allowed.remove(countries[i])) emit CountryDisallowed(countries[i]);
        }
    }

    /// @inheritdoc ICountryAllowModule
    function isCountryAllowed(uint16 country) external view returns (bool) {
        return _allowed.contains(country);
    }

    /// @inheritdoc ICountryAllowModule
    function allowedCountries() external view returns (uint16[] memory) {
        return _countries(_allowed);
    }

    /// @inheritdoc IModule
    function describe() external view returns (string memory) {
        return string.concat("CountryAllow: recipients from ", _join(_allowed));
    }
}
