// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IMaxHoldersModule} from "../../../interfaces/modules/IMaxHoldersModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title MaxHoldersModule
/// @notice Shared by every compliance. Built-in rule 19: caps the number of identities holding a balance, overall and per country. The
/// token counts holders whatever rules are on, so a cap set late starts from the exact count.
contract MaxHoldersModule is AbstractModule, IMaxHoldersModule {
    constructor() AbstractModule(3) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "MaxHolders";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.MAX_HOLDERS_EXCEEDED;
    }

    /// @inheritdoc IMaxHoldersModule
    function setHolderCap(uint256 cap) external onlyComplianceCall {
        if (cap > type(uint32).max) revert ModuleHolderCapTooLarge(cap);
        // Checked to fit in 32 bits above.
        _callerEngine().setHolderCap(msg.sender, 0, uint32(cap));
        emit HolderCapSet(msg.sender, cap);
    }

    /// @inheritdoc IMaxHoldersModule
    function setCountryHolderCap(uint16 country, uint256 cap) external onlyComplianceCall {
        _checkCountry(country);
        if (cap > type(uint32).max) revert ModuleHolderCapTooLarge(cap);
        // Checked to fit in 32 bits above.
        _callerEngine().setHolderCap(msg.sender, country, uint32(cap));
        emit CountryHolderCapSet(msg.sender, country, cap);
    }

    /// @inheritdoc IMaxHoldersModule
    function holders(address compliance) public view returns (uint256 cap, uint256 count) {
        return _engine(compliance).holderCount(0);
    }

    /// @inheritdoc IMaxHoldersModule
    function countryHolders(address compliance, uint16 country)
        external
        view
        returns (uint256 cap, uint256 count)
    {
        return _engine(compliance).holderCount(country);
    }

    /// @inheritdoc IMaxHoldersModule
    /// @dev `identity` may also be one of the identity's wallets.
    function holding(address compliance, address identity) external view returns (uint256 balance, uint16 country) {
        (balance, country,) = _engine(compliance).ledgerOf(identity);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory) {
        (uint256 cap, uint256 count) = holders(compliance);
        return string.concat(
            "MaxHolders: ", Strings.toString(count), " holders, cap ", cap == 0 ? "none" : Strings.toString(cap)
        );
    }
}
