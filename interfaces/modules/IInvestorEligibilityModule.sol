// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title IInvestorEligibilityModule
/// @notice Per country, the claim topics a recipient must hold: all of the `allOf` topics and, when
/// `anyOf` is not empty, at least one of the `anyOf` topics (e.g. US: accredited; UK: professional,
/// certified high-net-worth or certified sophisticated). A recipient that falls short is refused with
/// code 22 (`INVESTOR_NOT_ELIGIBLE`) on mints, transfers and forced transfers. A country with no rule
/// imposes none; senders and burns are not affected.
/// @dev Topics are bitmaps (bit `t` = claim topic `t`, as in `Investor.topics`); rules cover topics
/// 0-127 so that one rule is one storage slot.
interface IInvestorEligibilityModule is IConfigurableModule {
    /// @notice Emitted when the rule for `country` is set (both masks zero: the rule is removed).
    event EligibilityRuleSet(address indexed compliance, uint16 indexed country, uint256 anyOf, uint256 allOf);

    /// @notice A topic mask names a topic above 127.
    error ModuleTopicOutOfRange(uint256 topicMask);

    /// @notice Set the rule for recipients from `country`; two zero masks remove it.
    /// @param anyOf Bitmap of topics of which the recipient must hold at least one (zero: none needed).
    /// @param allOf Bitmap of topics the recipient must all hold.
    /// Emits an {EligibilityRuleSet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`);
    /// - `country` is in 1-999 and both masks fit in 128 bits.
    function setEligibilityRule(uint16 country, uint256 anyOf, uint256 allOf) external;

    /// @notice The rule for recipients from `country` (two zero masks when there is none).
    function eligibilityRule(address compliance, uint16 country) external view returns (uint256 anyOf, uint256 allOf);

    /// @notice Every country with a rule, in no particular order.
    function ruleCountries(address compliance) external view returns (uint16[] memory);
}
