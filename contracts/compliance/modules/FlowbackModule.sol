// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IFlowbackModule} from "../../../interfaces/modules/IFlowbackModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title FlowbackModule
/// @notice Shared by every compliance. Built-in rule 24: no US person receives the security during the
/// Regulation S distribution compliance period.
contract FlowbackModule is AbstractModule, IFlowbackModule {
    constructor() AbstractModule(8) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "Flowback";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.FLOWBACK_RESTRICTED;
    }

    /// @inheritdoc IFlowbackModule
    function setFlowbackEnd(uint64 endTime) external onlyComplianceCall {
        _checkFits(endTime, type(uint40).max);
        IRuleEngine engine = _callerEngine();
        PolicyWord memory p = _policy(engine);
        // Checked to fit 40 bits above.
        p.flowbackEnd = uint40(endTime);
        _setPolicy(engine, p);
        emit FlowbackSet(msg.sender, endTime, _topicOf(p.nonUsTopic));
    }

    /// @inheritdoc IFlowbackModule
    function setNonUsPersonTopic(uint256 topic) external onlyComplianceCall {
        uint8 stored = _storedTopic(topic);
        IRuleEngine engine = _callerEngine();
        PolicyWord memory p = _policy(engine);
        p.nonUsTopic = stored;
        _setPolicy(engine, p);
        emit FlowbackSet(msg.sender, p.flowbackEnd, topic);
    }

    /// @inheritdoc IFlowbackModule
    function flowback(address compliance) public view returns (uint64 endTime, uint256 topic) {
        PolicyWord memory p = _policy(_engine(compliance));
        return (p.flowbackEnd, _topicOf(p.nonUsTopic));
    }

    /// @inheritdoc IConfigurableModule
    function describe(address compliance) external view returns (string memory out) {
        (uint64 endTime, uint256 topic) = flowback(compliance);
        if (endTime == 0) return "Flowback: no distribution compliance period";
        out = string.concat("Flowback: no US person until ", Strings.toString(endTime));
        if (topic != type(uint256).max) out = string.concat(out, ", non-US-person topic ", Strings.toString(topic));
    }
}
