// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title INonAccreditedHoldersModule
/// @notice Section 12(g)-style counting: holders of record are counted by investor identity (the overall
/// cap is {IMaxHoldersModule}'s), and this rule keeps a separate count of the holders without the
/// accredited claim, capped (e.g. 500; 35 purchasers for a Rule 506(b) offering). A change that would
/// make one more such identity a holder while the cap is reached is refused with code 25
/// (`NON_ACCREDITED_HOLDERS_EXCEEDED`), unless such a holder stops holding in the same change.
/// @dev An identity is counted by the claims it has when it becomes a holder, until it stops holding. The
/// count is exact only from the first holder: adding the module (switching the rule on) is refused while
/// the token has holders (`IRuleEngine.RuleEngineHoldersExist`).
interface INonAccreditedHoldersModule is IConfigurableModule {
    /// @notice Emitted when the cap or the accredited topic changes.
    event NonAccreditedHoldersSet(address indexed compliance, uint256 cap, uint256 topic);

    /// @notice Set the cap of holders without the accredited claim (0: none). A cap below the count blocks
    /// new non-accredited holders only. Emits a {NonAccreditedHoldersSet} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`);
    /// - `cap` fits in 32 bits.
    function setNonAccreditedHolderCap(uint256 cap) external;

    /// @notice Set the claim topic (0-95) of accredited investors (none set: every holder counts).
    /// Emits a {NonAccreditedHoldersSet} event.
    ///
    /// Requirements: as {setNonAccreditedHolderCap}; `topic` is at most 95.
    function setAccreditedTopic(uint256 topic) external;

    /// @notice Set the cap and the accredited topic in one call (as {setNonAccreditedHolderCap} then
    /// {setAccreditedTopic}, one event). Emits a {NonAccreditedHoldersSet} event.
    ///
    /// Requirements: as {setNonAccreditedHolderCap} and {setAccreditedTopic}.
    function setNonAccreditedHolders(uint256 cap, uint256 topic) external;

    /// @notice The cap, the number of non-accredited holders counted, and the accredited topic
    /// (`type(uint256).max` when none is set).
    function nonAccreditedHolders(address compliance) external view returns (uint256 cap, uint256 count, uint256 topic);
}
