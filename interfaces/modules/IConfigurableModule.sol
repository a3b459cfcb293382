// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IConfigurableModule
/// @notice A built-in rule as ERC-3643 tools see it: a module of the token's compliance that switches one
/// rule compiled into the token on or off (`addModule`/`removeModule` on the compliance) and whose settings
/// it writes into the token. One deployment of each built-in module serves every compliance (T-REX style):
/// its setters are reached through the compliance's `callModuleFunction(callData, module)` (the caller is the
/// compliance, whose owner alone may relay them), and its views take the compliance as their first argument.
/// The module keeps no transfer-path state; a module's per-compliance lists (countries) are bitmaps keyed
/// by the compliance. A built-in module is never called on a transfer: the token applies the rule itself.
/// @dev Security: a module writes the token bound to its calling compliance and passes that compliance to
/// the token's setter; the token refuses a compliance that is not its own, so a contract posing as a
/// compliance (and naming another issuer's token as its own) cannot drive a shared module into writing it.
interface IConfigurableModule {
    /// @notice The caller is not a compliance that has this module among its built-in modules: settings
    /// are reached through the compliance's `callModuleFunction`.
    error ModuleOnlyComplianceCall(address caller);

    /// @notice `country` is not an ISO 3166-1 numeric code.
    error ModuleInvalidCountry(uint16 country);

    /// @notice `value` is larger than the token's rule engine stores (`max`).
    error ModuleSettingTooLarge(uint256 value, uint256 max);

    /// @notice The compliance has no token bound yet: settings live in the token.
    error ModuleNoToken();

    /// @notice Short human-readable name, e.g. "CountryAllow".
    function name() external view returns (string memory);

    /// @notice The restriction code of this rule.
    function restrictionCode() external view returns (uint8);

    /// @notice The rule's number in the token's rule engine (see `IRuleEngine`).
    function ruleId() external view returns (uint8);

    /// @notice A human-readable description of the rule's current settings for `compliance` (for tooling).
    function describe(address compliance) external view returns (string memory);
}
