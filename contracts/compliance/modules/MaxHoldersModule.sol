// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IModule} from "../../../interfaces/IModule.sol";
import {IMaxHoldersModule} from "../../../interfaces/modules/IMaxHoldersModule.sol";
import {TransferContext} from "../../../interfaces/ITransferTypes.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";
import {AbstractModule} from "./AbstractModule.sol";

/// @title MaxHoldersModule
/// @notice Caps the number of identities holding a balance, overall and per country (code 19).
/// @dev A transfer between existing holders reads and writes the two holdings only; the counters are
/// touched when an identity starts or stops holding.
contract MaxHoldersModule is AbstractModule, IMaxHoldersModule {
    /// @dev A cap and the number of holders it covers, in one slot.
    struct Counter {
        uint32 cap;
        uint32 count;
    }

    /// @dev An identity's balance over all its wallets and the country it is counted under, in one slot.
    struct Holding {
        uint240 balance;
        uint16 country;
    }

    /// @dev What one balance change does to the two holdings.
    struct Change {
        address sender;
        address recipient;
        Holding from;
        Holding to;
        bool leaves;
        bool joins;
    }

    Counter private _global;
    mapping(uint16 country => Counter) private _byCountry;
    mapping(address identity => Holding) private _holdings;

    /// @param compliance_ The ModularCompliance this module serves.
    constructor(address compliance_) AbstractModule(compliance_) {}

    /// @inheritdoc IModule
    function name() external pure returns (string memory) {
        return "MaxHolders";
    }

    /// @inheritdoc IModule
    function restrictionCode() external pure returns (uint8) {
        return RestrictionCodes.MAX_HOLDERS_EXCEEDED;
    }

    /// @inheritdoc IModule
    function check(TransferContext calldata ctx) public view returns (uint8) {
        (uint8 code,) = _judge(ctx);
        return code;
    }

    /// @inheritdoc IModule
    function onTransfer(TransferContext calldata ctx) external onlyCompliance returns (uint8) {
        (uint8 code, Change memory c) = _judge(ctx);
        if (code != 0 || c.sender == c.recipient || ctx.amount == 0) return code;
        if (c.sender != address(0)) {
            // Saturates, so a module added after issuance never blocks a sale; the guard makes the
            // subtraction safe.
            unchecked {
                c.from.balance = ctx.amount >= c.from.balance ? 0 : c.from.balance - uint240(ctx.amount);
            }
            if (c.leaves) {
                // The identity was counted when it started holding, so both counters are at least 1.
                unchecked {
                    --_global.count;
                    --_byCountry[c.from.country].count;
                }
                c.from.country = 0;
            }
            _holdings[c.sender] = c.from;
        }
        if (c.recipient != address(0)) {
            c.to.balance = SafeCast.toUint240(uint256(c.to.balance) + ctx.amount);
            if (c.joins) {
                c.to.country = ctx.recipient.country;
                ++_global.count;
                ++_byCountry[c.to.country].count;
            }
            _holdings[c.recipient] = c.to;
        }
        return 0;
    }

    /// @dev Reads the holdings once and decides: refused (code 19) only when the recipient identity
    /// would start holding while a cap it falls under is reached and no holder of the same scope leaves.
    function _judge(TransferContext calldata ctx) private view returns (uint8 code, Change memory c) {
        if (ctx.from != address(0)) {
            c.sender = _holder(ctx.sender.identity, ctx.from);
            c.from = _holdings[c.sender];
        }
        if (ctx.to != address(0)) {
            c.recipient = _holder(ctx.recipient.identity, ctx.to);
            c.to = _holdings[c.recipient];
        }
        if (c.sender == c.recipient || ctx.amount == 0) return (0, c);
        c.leaves = c.sender != address(0) && c.from.balance != 0 && ctx.amount >= c.from.balance;
        c.joins = c.recipient != address(0) && c.to.balance == 0;
        if (!c.joins) return (0, c);
        Counter memory g = _global;
        if (g.cap != 0 && g.count >= g.cap && !c.leaves) return (RestrictionCodes.MAX_HOLDERS_EXCEEDED, c);
        Counter memory k = _byCountry[ctx.recipient.country];
        if (k.cap != 0 && k.count >= k.cap && !(c.leaves && c.from.country == ctx.recipient.country)) {
            return (RestrictionCodes.MAX_HOLDERS_EXCEEDED, c);
        }
        return (0, c);
    }

    /// @inheritdoc IMaxHoldersModule
    function setHolderCap(uint256 cap) external onlyComplianceOwner {
        if (cap > type(uint32).max) revert ModuleHolderCapTooLarge(cap);
        // Checked to fit in 32 bits above.
        _global.cap = uint32(cap);
        emit HolderCapSet(cap);
    }

    /// @inheritdoc IMaxHoldersModule
    function setCountryHolderCap(uint16 country, uint256 cap) external onlyComplianceOwner {
        _checkCountry(country);
        if (cap > type(uint32).max) revert ModuleHolderCapTooLarge(cap);
        // Checked to fit in 32 bits above.
        _byCountry[country].cap = uint32(cap);
        emit CountryHolderCapSet(country, cap);
    }

    /// @inheritdoc IMaxHoldersModule
    function holders() external view returns (uint256 cap, uint256 count) {
        return (_global.cap, _global.count);
    }

    /// @inheritdoc IMaxHoldersModule
    function countryHolders(uint16 country) external view returns (uint256 cap, uint256 count) {
        Counter memory k = _byCountry[country];
        return (k.cap, k.count);
    }

    /// @inheritdoc IMaxHoldersModule
    function holding(address identity) external view returns (uint256 balance, uint16 country) {
        Holding memory h = _holdings[identity];
        return (h.balance, h.country);
    }

    /// @inheritdoc IModule
    function describe() external view returns (string memory) {
        Counter memory g = _global;
        return string.concat(
            "MaxHolders: ", Strings.toString(g.count), " holders, cap ", g.cap == 0 ? "none" : Strings.toString(g.cap)
        );
    }
}
