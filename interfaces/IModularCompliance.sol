// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICompliance} from "./ICompliance.sol";

/// @title IModularCompliance
/// @notice {ICompliance} plus the few errors sectoken's ModularCompliance adds to it.
/// @dev Modules run in the fixed order of `RestrictionCodes.priority(module.restrictionCode())`,
/// whatever order they were added in; modules reporting the same code keep their order of addition.
interface IModularCompliance is ICompliance {
    /// @notice `token` is not the token bound to this compliance.
    error ComplianceTokenNotBound(address token);

    /// @notice No token is bound yet, so there is no identity registry to build a context from.
    error ComplianceNoToken();
}
