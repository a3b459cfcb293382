// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {INonAccreditedHoldersModule} from "../../../interfaces/modules/INonAccreditedHoldersModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title NonAccreditedHoldersModule
/// @notice Shared by every compliance. Built-in rule 25: a cap on the holders without the accredited claim.
contract NonAccreditedHoldersModule is AbstractModule, INonAccreditedHoldersModule {
    constructor() AbstractModule(9) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "NonAccreditedHolders";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.NON_ACCREDITED_HOLDERS_EXCEEDED;
    }

    /// @inheritdoc INonAccreditedHoldersModule
    function setNonAccreditedHolderCap(uint256 cap) external onlyComplianceCall {
        _checkFits(cap, type(uint32).max);
        IRuleEngine engine = _callerEngine();
        (,, uint8 stored) = engine.nonAccreditedHolders();
        // Checked to fit 32 bits above.
        engine.setNonAccreditedHolders(msg.sender, uint32(cap), stored);
        emit NonAccreditedHoldersSet(msg.sender, cap, _topicOf(stored));
    }

    /// @inheritdoc INonAccreditedHoldersModule
    function setAccreditedTopic(uint256 topic) external onlyComplianceCall {
        uint8 stored = _storedTopic(topic);
        IRuleEngine engine = _callerEngine();
        (uint32 cap,,) = engine.nonAccreditedHolders();
        engine.setNonAccreditedHolders(msg.sender, cap, stored);
        emit NonAccreditedHoldersSet(msg.sender, cap, topic);
    }

    /// @inheritdoc INonAccreditedHoldersModule
    function setNonAccreditedHolders(uint256 cap, uint256 topic) external onlyComplianceCall {
        _checkFits(cap, type(uint32).max);
        uint8 stored = _storedTopic(topic);
        // Checked to fit 32 bits above.
        _callerEngine().setNonAccreditedHolders(msg.sender, uint32(cap), stored);
        emit NonAccreditedHoldersSet(msg.sender, cap, topic);
    }

    /// @inheritdoc INonAccreditedHoldersModule
    function nonAccreditedHolders(address compliance) public view returns (uint256 cap, uint256 count, uint256 topic) {
        uint8 stored;
        (cap, count, stored) = _engine(compliance).nonAccreditedHolders();
        topic = _topicOf(stored);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory) {
        (uint256 cap, uint256 count, uint256 topic) = nonAccreditedHolders(compliance);
        return string.concat(
            "NonAccreditedHolders: ",
            Strings.toString(count),
            cap == 0 ? " (no cap)" : string.concat(" of at most ", Strings.toString(cap)),
            topic == type(uint256).max ? ", every holder counts" : string.concat(", accredited topic ", Strings.toString(topic))
        );
    }
}
