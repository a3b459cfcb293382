// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IMaxHoldersModule} from "../../../interfaces/modules/IMaxHoldersModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title MaxHoldersModule
/// @notice Built-in rule 19: caps the number of identities holding a balance, overall and per country. The
/// token counts holders whatever rules are on, so a cap set late starts from the exact count.
contract MaxHoldersModule is AbstractModule, IMaxHoldersModule {
    /// @param compliance_ The compliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_, 3) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "MaxHolders";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.MAX_HOLDERS_EXCEEDED;
    }

    /// @inheritdoc IMaxHoldersModule
    function setHolderCap(uint256 cap) external onlyComplianceOwner {
        if (cap > type(uint32).max) revert ModuleHolderCapTooLarge(cap);
        // Checked to fit in 32 bits above.
        _engine().setHolderCap(0, uint32(cap));
        emit HolderCapSet(cap);
    }

    /// @inheritdoc IMaxHoldersModule
    function setCountryHolderCap(uint16 country, uint256 cap) external onlyComplianceOwner {
        _checkCountry(country);
        if (cap > type(uint32).max) revert ModuleHolderCapTooLarge(cap);
        // Checked to fit in 32 bits above.
        _engine().setHolderCap(country, uint32(cap));
        emit CountryHolderCapSet(country, cap);
    }

    /// @inheritdoc IMaxHoldersModule
    function holders() public view returns (uint256 cap, uint256 count) {
        return _engine().holderCount(0);
    }

    /// @inheritdoc IMaxHoldersModule
    function countryHolders(uint16 country) external view returns (uint256 cap, uint256 count) {
        return _engine().holderCount(country);
    }

    /// @inheritdoc IMaxHoldersModule
    /// @dev `identity` may also be one of the identity's wallets.
    function holding(address identity) external view returns (uint256 balance, uint16 country) {
        (balance, country,) = _engine().ledgerOf(identity);
    }

    /// @inheritdoc IConfigurableModule
    function describe() external view returns (string memory) {
        (uint256 cap, uint256 count) = holders();
        return string.concat(
            "MaxHolders: ", Strings.toString(count), " holders, cap ", cap == 0 ? "none" : Strings.toString(cap)
        );
    }
}
