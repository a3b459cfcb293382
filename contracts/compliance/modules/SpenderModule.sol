// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {ISpenderModule} from "../../../interfaces/modules/ISpenderModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title SpenderModule
/// @notice Shared by every compliance. Built-in rule 30: `transferFrom` only by verified investors and the
/// operators the issuer lists.
contract SpenderModule is AbstractModule, ISpenderModule {
    constructor() AbstractModule(13) {}

    /// @inheritdoc IConfigurableModule
    function name() external pure returns (string memory) {
        return "Spender";
    }

    /// @inheritdoc IConfigurableModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.SPENDER_NOT_ALLOWED;
    }

    /// @inheritdoc ISpenderModule
    function setOperator(address operator, bool listed) external onlyComplianceCall {
        _callerEngine().setOperator(msg.sender, operator, listed);
        emit OperatorListed(msg.sender, operator, listed);
    }

    /// @inheritdoc ISpenderModule
    function isOperator(address compliance, address operator) external view returns (bool) {
        return _engine(compliance).isOperator(operator);
    }

    /// @inheritdoc IConfigurableModule
    function describe(address) external pure returns (string memory) {
        return "Spender: verified investors and listed operators";
    }
}
