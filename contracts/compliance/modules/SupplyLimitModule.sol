// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IModule} from "../../../interfaces/IModule.sol";
import {ISupplyLimitModule} from "../../../interfaces/modules/ISupplyLimitModule.sol";
import {TransferContext, TransferKind} from "../../../interfaces/ITransferTypes.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title SupplyLimitModule
/// @notice Caps the total supply (code 20). Only mints and burns touch its one storage slot.
contract SupplyLimitModule is AbstractModule, ISupplyLimitModule {
    /// @dev Limit and counted supply in one slot.
    struct Supply {
        uint128 limit;
        uint128 supply;
    }

    Supply private _state;

    /// @param compliance_ The ModularCompliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_) {}

    /// @inheritdoc IModule
    function name() external pure returns (string memory) {
        return "SupplyLimit";
    }

    /// @inheritdoc IModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.SUPPLY_LIMIT_EXCEEDED;
    }

    /// @inheritdoc IModule
    function check(TransferContext calldata ctx) public view returns (uint8) {
        if (ctx.kind != TransferKind.Mint) return 0;
        Supply memory s = _state;
        if (s.limit != 0 && uint256(s.supply) + ctx.amount > s.limit) return RestrictionCodes.SUPPLY_LIMIT_EXCEEDED;
        return 0;
    }

    /// @inheritdoc IModule
    function onTransfer(TransferContext calldata ctx) external onlyCompliance returns (uint8) {
        if (ctx.kind == TransferKind.Mint) {
            Supply memory s = _state;
            uint256 next = uint256(s.supply) + ctx.amount;
            if (s.limit != 0 && next > s.limit) return RestrictionCodes.SUPPLY_LIMIT_EXCEEDED;
            _state.supply = SafeCast.toUint128(next);
        } else if (ctx.kind == TransferKind.Burn) {
            uint128 current = _state.supply;
            // Saturates, so a module added after issuance never blocks a burn; current >= amount
            // makes the subtraction safe.
            unchecked {
                _state.supply = ctx.amount >= current ? 0 : current - uint128(ctx.amount);
            }
        }
        return 0;
    }

    /// @inheritdoc ISupplyLimitModule
    function setSupplyLimit(uint256 limit) external onlyComplianceOwner {
        _state.limit = SafeCast.toUint128(limit);
        emit SupplyLimitSet(limit);
    }

    /// @inheritdoc ISupplyLimitModule
    function supplyLimit() external view returns (uint256) {
        return _state.limit;
    }

    /// @inheritdoc ISupplyLimitModule
    function supply() external view returns (uint256) {
        return _state.supply;
    }

    /// @inheritdoc IModule
    function describe() external view returns (string memory) {
        Supply memory s = _state;
        if (s.limit == 0) return "SupplyLimit: none";
        return string.concat("SupplyLimit: ", Strings.toString(s.limit), " (supply ", Strings.toString(s.supply), ")");
    }
}
