// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title MaxHoldersRule
/// @notice Code 19: the number of identities holding a balance stays within the cap, overall and for the
/// recipient's country. Refused only when the recipient identity would start holding while a cap it falls
/// under is reached and no holder of the same scope leaves in the same change.
library MaxHoldersRule {
    /// @dev The code for a change where the recipient `joins` (starts holding) and the sender `leaves`
    /// (stops holding, counted under `leavingCountry`), the recipient's country being `joiningCountry`; the
    /// overall cap and count are `totalCap`, `totalCount`, those of the recipient's country `countryCap`,
    /// `countryCount` (a cap of 0: none).
    function check(
        uint256 totalCap,
        uint256 totalCount,
        uint256 countryCap,
        uint256 countryCount,
        bool joins,
        bool leaves,
        uint16 leavingCountry,
        uint16 joiningCountry
    ) internal pure returns (uint8) {
        if (!joins) return 0;
        if (totalCap != 0 && totalCount >= totalCap && !leaves) return RestrictionCodes.MAX_HOLDERS_EXCEEDED;
        if (countryCap != 0 && countryCount >= countryCap && !(leaves && leavingCountry == joiningCountry)) {
            return RestrictionCodes.MAX_HOLDERS_EXCEEDED;
        }
        return 0;
    }
}
