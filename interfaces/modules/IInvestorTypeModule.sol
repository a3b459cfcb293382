// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title IInvestorTypeModule
/// @notice Claims by investor type. The identity registry records each investor as an individual or an
/// entity; per country, entities may need other claims than individuals (e.g. UK per se professional
/// clients for entities, certified high-net-worth or sophisticated for individuals). With this rule on,
/// an entity recipient from a country with an entity rule must hold all of its `allOf` topics and, when
/// `anyOf` is set, one of them, or is refused with code 29 (`INVESTOR_TYPE_NOT_ELIGIBLE`); it is then not
/// judged by the country's common eligibility rule (22), which applies to individuals (and to entities of
/// countries without an entity rule).
interface IInvestorTypeModule is IConfigurableModule {
    /// @notice Emitted when the entity rule of `country` is set (both masks zero: removed).
    event EntityEligibilitySet(address indexed compliance, uint16 indexed country, uint256 anyOf, uint256 allOf);

    /// @notice Set the claims `country` requires of entities (topic bitmaps, topics 0-95; both zero removes
    /// the rule). Emits an {EntityEligibilitySet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`);
    /// - `country` is in 1-999; both masks fit in 96 bits.
    function setEntityEligibility(uint16 country, uint256 anyOf, uint256 allOf) external;

    /// @notice The claims `country` requires of entities (both zero: no entity rule).
    function entityEligibility(address compliance, uint16 country) external view returns (uint256 anyOf, uint256 allOf);
}
