// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModule} from "../IModule.sol";

/// @title IConfigurableModule
/// @notice What every sectoken compliance module shares beyond {IModule}: its configuration is changed
/// only by the owner of the compliance it serves (`Ownable(compliance()).owner()`), with an event for
/// every change.
interface IConfigurableModule is IModule {
    /// @notice The caller is not the owner of the compliance this module serves.
    error ModuleOnlyComplianceOwner(address caller);

    /// @notice A zero address was given where a contract was expected.
    error ModuleZeroAddress();

    /// @notice `country` is not an ISO 3166-1 numeric code (1-999).
    error ModuleInvalidCountry(uint16 country);
}
