// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ICompliance} from "../../interfaces/ICompliance.sol";
import {TransferKind, TransferContext} from "../../interfaces/ITransferTypes.sol";
import {TransferRestricted} from "../libraries/RestrictionCodes.sol";
import {IRuleEngine} from "../../interfaces/IRuleEngine.sol";

/// @title TestCompliance
/// @notice TEST ONLY. A stand-in compliance with no modules: it records each balance change it is asked
/// to apply (as events) and refuses with a code it is told to. Never deploy it for a real token.
contract TestCompliance is ICompliance {
    /// @notice Emitted by {applyTransfer} while recording: the change itself.
    event TransferApplied(uint8 kind, address from, address to, uint256 amount, uint256 fromBalance);
    /// @notice Emitted by {applyTransfer} while recording: the parties as the token read them.
    event PartiesSeen(
        address senderIdentity,
        uint16 senderCountry,
        bool senderVerified,
        uint256 senderTopics,
        address recipientIdentity,
        uint16 recipientCountry,
        bool recipientVerified,
        uint256 recipientTopics
    );

    uint8 private _refusal;
    bool private _refuseForced;
    bool private _recording;
    address private _token;

    /// @notice Refuse every change (of any kind if `refuseForced`, else all but forced ones) with `code`;
    /// 0 accepts again.
    function setRefusal(uint8 code, bool refuseForced) external {
        _refusal = code;
        _refuseForced = refuseForced;
    }

    /// @notice Turn the recording events on or off (off to measure the token's own gas).
    function setRecording(bool on) external {
        _recording = on;
    }

    /// @inheritdoc ICompliance
    /// @dev Any caller may bind while none is bound: a test double has no owner.
    function bindToken(address token) external {
        if (_token != address(0)) revert ComplianceTokenAlreadyBound(_token);
        _token = token;
        emit TokenBound(token);
        // The stand-in plays a third-party module: the token calls it on every balance change (a token
        // switching to it later with `setCompliance` calls it anyway).
        (bool ok, bytes memory ret) = token.staticcall(abi.encodeWithSignature("compliance()"));
        if (ok && abi.decode(ret, (address)) == address(this)) IRuleEngine(token).setExternalModules(true);
    }

    /// @inheritdoc ICompliance
    function builtinModules() external pure returns (address[14] memory none) {}

    /// @inheritdoc ICompliance
    function isBuiltinModule(address) external pure returns (bool) {
        return false;
    }

    /// @inheritdoc ICompliance
    function callModuleFunction(bytes calldata, address module) external pure {
        revert ComplianceModuleNotBound(module);
    }

    /// @inheritdoc ICompliance
    function unbindToken(address token) external {
        if (msg.sender != _token || token != _token) revert ComplianceOnlyToken(msg.sender);
        _token = address(0);
        emit TokenUnbound(token);
    }

    /// @inheritdoc ICompliance
    function addModule(address module) external pure {
        revert ComplianceTooManyModules(0);
    }

    /// @inheritdoc ICompliance
    function removeModule(address module) external pure {
        revert ComplianceModuleNotBound(module);
    }

    /// @inheritdoc ICompliance
    function getModules() external pure returns (address[] memory) {
        return new address[](0);
    }

    /// @inheritdoc ICompliance
    function getTokenBound() external view returns (address) {
        return _token;
    }

    /// @inheritdoc ICompliance
    function isModuleBound(address) external pure returns (bool) {
        return false;
    }

    /// @inheritdoc ICompliance
    function canTransfer(address, address, uint256) external view returns (bool) {
        return _refusal == 0;
    }

    /// @inheritdoc ICompliance
    function transferred(address, address, uint256) external view {
        _onlyToken();
    }

    /// @inheritdoc ICompliance
    function created(address, uint256) external view {
        _onlyToken();
    }

    /// @inheritdoc ICompliance
    function destroyed(address, uint256) external view {
        _onlyToken();
    }

    /// @inheritdoc ICompliance
    function MAX_MODULES() external pure returns (uint256) {
        return 0;
    }

    /// @inheritdoc ICompliance
    function detectTransferRestriction(address, address, uint256) external view returns (uint8) {
        return _refusal;
    }

    /// @inheritdoc ICompliance
    function checkTransfer(TransferContext calldata ctx) public view returns (uint8) {
        if (ctx.kind == TransferKind.Forced && !_refuseForced) return 0;
        return _refusal;
    }

    /// @inheritdoc ICompliance
    function applyTransfer(TransferContext calldata ctx) external {
        _onlyToken();
        uint8 code = checkTransfer(ctx);
        if (code != 0) revert TransferRestricted(code);
        if (_recording) {
            emit TransferApplied(uint8(ctx.kind), ctx.from, ctx.to, ctx.amount, ctx.fromBalance);
            emit PartiesSeen(
                ctx.sender.identity,
                ctx.sender.country,
                ctx.sender.verified,
                ctx.sender.topics,
                ctx.recipient.identity,
                ctx.recipient.country,
                ctx.recipient.verified,
                ctx.recipient.topics
            );
        }
    }

    function _onlyToken() private view {
        if (msg.sender != _token) revert ComplianceOnlyToken(msg.sender);
    }
}
