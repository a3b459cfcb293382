// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title FlowbackRule
/// @notice Code 24 (Regulation S flowback): until the end of the distribution compliance period, the
/// security may not go to a US person: a recipient registered in the United States, or one without the
/// non-US-person claim (when the token names that claim's topic).
library FlowbackRule {
    /// @dev ISO 3166-1 numeric code of the United States.
    uint16 internal constant US = 840;

    /// @dev The code for a recipient in `country` holding `topics`, the period ending at `end` (0: none)
    /// and the non-US-person topic being `nonUsTopic` - 1 (0: none named).
    function check(uint256 end, uint256 nonUsTopic, uint16 country, uint256 topics) internal view returns (uint8) {
        if (block.timestamp >= end) return 0;
        if (country == US) return RestrictionCodes.FLOWBACK_RESTRICTED;
        if (nonUsTopic != 0 && topics & (uint256(1) << (nonUsTopic - 1)) == 0) {
            return RestrictionCodes.FLOWBACK_RESTRICTED;
        }
        return 0;
    }
}
