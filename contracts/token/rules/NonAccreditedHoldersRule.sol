// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title NonAccreditedHoldersRule
/// @notice Code 25 (section 12(g)-style counting): the number of holder identities without the accredited
/// claim stays within a cap. An identity is counted by its claims when it becomes a holder, until it stops
/// holding.
library NonAccreditedHoldersRule {
    /// @dev Whether an investor holding `topics` counts as non-accredited, the accredited topic being
    /// `accreditedTopic` - 1 (0: none named, so everyone counts).
    function counts(uint256 accreditedTopic, uint256 topics) internal pure returns (bool) {
        return accreditedTopic == 0 || topics & (uint256(1) << (accreditedTopic - 1)) == 0;
    }

    /// @dev The code for a non-accredited identity joining the holders while `count` of them hold under
    /// `cap` (0: none); `oneLeaves` when a non-accredited holder stops holding in the same change.
    function check(uint256 cap, uint256 count, bool oneLeaves) internal pure returns (uint8) {
        return cap != 0 && count >= cap && !oneLeaves ? RestrictionCodes.NON_ACCREDITED_HOLDERS_EXCEEDED : 0;
    }
}
