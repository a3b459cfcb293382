// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IModule} from "../../../interfaces/IModule.sol";
import {IMaxBalanceModule} from "../../../interfaces/modules/IMaxBalanceModule.sol";
import {TransferContext} from "../../../interfaces/ITransferTypes.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title MaxBalanceModule
/// @notice Caps each investor identity's holding, all wallets summed (code 18).
contract MaxBalanceModule is AbstractModule, IMaxBalanceModule {
    uint256 private _maxBalance;
    mapping(address identity => uint256) private _balances;

    /// @param compliance_ The ModularCompliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_) {}

    /// @inheritdoc IModule
    function name() external pure returns (string memory) {
        return "MaxBalance";
    }

    /// @inheritdoc IModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.MAX_BALANCE_EXCEEDED;
    }

    /// @inheritdoc IModule
    function check(TransferContext calldata ctx) public view returns (uint8) {
        if (ctx.to == address(0)) return 0;
        address recipient = _holder(ctx.recipient.identity, ctx.to);
        if (ctx.from != address(0) && _holder(ctx.sender.identity, ctx.from) == recipient) return 0;
        uint256 cap = _maxBalance;
        if (cap != 0 && _balances[recipient] + ctx.amount > cap) return RestrictionCodes.MAX_BALANCE_EXCEEDED;
        return 0;
    }

    /// @inheritdoc IModule
    function onTransfer(TransferContext calldata ctx) external onlyCompliance returns (uint8) {
        address sender = ctx.from == address(0) ? address(0) : _holder(ctx.sender.identity, ctx.from);
        address recipient = ctx.to == address(0) ? address(0) : _holder(ctx.recipient.identity, ctx.to);
        if (sender == recipient) return 0;
        if (recipient != address(0)) {
            uint256 next = _balances[recipient] + ctx.amount;
            uint256 cap = _maxBalance;
            if (cap != 0 && next > cap) return RestrictionCodes.MAX_BALANCE_EXCEEDED;
            _balances[recipient] = next;
        }
        if (sender != address(0)) {
            uint256 current = _balances[sender];
            // Saturates, so a module added after issuance never blocks a sale; current > amount makes
            // the subtraction safe.
            unchecked {
                _balances[sender] = ctx.amount >= current ? 0 : current - ctx.amount;
            }
        }
        return 0;
    }

    /// @inheritdoc IMaxBalanceModule
    function setMaxBalance(uint256 maxBalance_) external onlyComplianceOwner {
        _maxBalance = maxBalance_;
        emit MaxBalanceSet(maxBalance_);
    }

    /// @inheritdoc IMaxBalanceModule
    function maxBalance() external view returns (uint256) {
        return _maxBalance;
    }

    /// @inheritdoc IMaxBalanceModule
    function identityBalance(address identity) external view returns (uint256) {
        return _balances[identity];
    }

    /// @inheritdoc IModule
    function describe() external view returns (string memory) {
        uint256 cap = _maxBalance;
        return cap == 0 ? "MaxBalance: none" : string.concat("MaxBalance: ", Strings.toString(cap), " per identity");
    }
}
