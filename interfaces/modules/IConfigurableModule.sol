// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IConfigurableModule
/// @notice A built-in rule as ERC-3643 tools see it: a module of the token's compliance that switches one
/// rule compiled into the token on or off (`addModule`/`removeModule` on the compliance) and whose settings
/// it writes into the token. The compliance's owner sets them, directly or through the compliance's
/// `callModuleFunction`. A built-in module is never called on a transfer: the token applies the rule itself.
interface IConfigurableModule {
    /// @notice The caller is neither the owner of the compliance this module serves nor the compliance.
    error ModuleOnlyComplianceOwner(address caller);

    /// @notice A zero address was given where a contract is needed.
    error ModuleZeroAddress();

    /// @notice `country` is not an ISO 3166-1 numeric code.
    error ModuleInvalidCountry(uint16 country);

    /// @notice `value` is larger than the token's rule engine stores (`max`).
    error ModuleSettingTooLarge(uint256 value, uint256 max);

    /// @notice The compliance this module serves has no token bound yet: settings live in the token.
    error ModuleNoToken();

    /// @notice Short human-readable name, e.g. "CountryAllow".
    function name() external view returns (string memory);

    /// @notice The restriction code of this rule.
    function restrictionCode() external view returns (uint8);

    /// @notice The compliance this module serves.
    function compliance() external view returns (address);

    /// @notice The rule's number in the token's rule engine (see `IRuleEngine`).
    function ruleId() external view returns (uint8);

    /// @notice A human-readable description of the rule's current settings (for tooling).
    function describe() external view returns (string memory);
}
