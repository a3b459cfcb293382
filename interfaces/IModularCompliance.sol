// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICompliance} from "./ICompliance.sol";

/// @notice A call to one of a compliance's modules, as its `callModuleFunction` makes it.
/// @param module The module.
/// @param callData The call (selector and arguments).
struct ModuleSetting {
    address module;
    bytes callData;
}

/// @title IModularCompliance
/// @notice {ICompliance} plus the few errors sectoken's ModularCompliance adds to it.
/// @dev Modules run in the fixed order of `RestrictionCodes.priority(module.restrictionCode())`,
/// whatever order they were added in; modules reporting the same code keep their order of addition.
interface IModularCompliance is ICompliance {
    /// @notice `token` is not the token bound to this compliance.
    error ComplianceTokenNotBound(address token);

    /// @notice No token is bound yet, so there is no identity registry to build a context from.
    error ComplianceNoToken();

    /// @notice Set a proxy up for an offering factory, in the transaction that creates it: owned by
    /// `initialOwner`, bound to `token` (whose compliance this must be), the built-in `modules` switched on
    /// and each of `settings` called as {callModuleFunction} calls it. Emits {TokenBound} and {ModuleAdded}
    /// per module; each setting emits its module's and the token's events (no {ModuleInteraction}).
    /// Requirements: not initialised yet; `token` not zero; every module built-in.
    function initializeOffering(
        address initialOwner,
        address token,
        address[] calldata modules,
        ModuleSetting[] calldata settings
    ) external;
}
