// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IModule} from "../../../interfaces/IModule.sol";
import {ICountryRestrictModule} from "../../../interfaces/modules/ICountryRestrictModule.sol";
import {TransferContext} from "../../../interfaces/ITransferTypes.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title CountryRestrictModule
/// @notice Recipients must not come from a restricted country (code 17). One storage read per check.
contract CountryRestrictModule is AbstractModule, ICountryRestrictModule {
    using EnumerableSet for EnumerableSet.UintSet;

    EnumerableSet.UintSet private _restricted;

    /// @param compliance_ The ModularCompliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_) {}

    /// @inheritdoc IModule
    function name() external pure returns (string memory) {
        return "CountryRestrict";
    }

    /// @inheritdoc IModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.COUNTRY_RESTRICTED;
    }

    /// @inheritdoc IModule
    function check(TransferContext calldata ctx) public view returns (uint8) {
        if (ctx.to != address(0) && _restricted.contains(ctx.recipient.country)) {
            return RestrictionCodes.COUNTRY_RESTRICTED;
        }
        return 0;
    }

    /// @inheritdoc IModule
    /// @dev Stateless: the same as {check}.
    function onTransfer(TransferContext calldata ctx) external view onlyCompliance returns (uint8) {
        return check(ctx);
    }

    /// @inheritdoc ICountryRestrictModule
    function restrictCountries(uint16[] calldata countries) external onlyComplianceOwner {
        for (uint256 i; i < countries.length; ++i) {
            _checkCountry(countries[i]);
            if (_restricted.add(countries[i])) emit CountryRestricted(countries[i]);
        }
    }

    /// @inheritdoc ICountryRestrictModule
    function unrestrictCountries(uint16[] calldata countries) external onlyComplianceOwner {
        for (uint256 i; i < countries.length; ++i) {
            if (_restricted.remove(countries[i])) emit CountryUnrestricted(countries[i]);
        }
    }

    /// @inheritdoc ICountryRestrictModule
    function isCountryRestricted(uint16 country) external view returns (bool) {
        return _restricted.contains(country);
    }

    /// @inheritdoc ICountryRestrictModule
    function restrictedCountries() external view returns (uint16[] memory) {
        return _countries(_restricted);
    }

    /// @inheritdoc IModule
    function describe() external view returns (string memory) {
        return string.concat("CountryRestrict: no recipients from ", _join(_restricted));
    }
}
