// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IStablecoinRedemptions} from "../../interfaces/IStablecoinRedemptions.sol";
import {StablecoinAuthorizations} from "./StablecoinAuthorizations.sol";

/// @title StablecoinRedemptions
/// @notice Redemption requests with escrow and timestamps (see {IStablecoinRedemptions}).
/// @dev A request takes three slots (holder, time and status; amount and the two later times; the
/// reference). The escrow is held as this contract's balance, put there by {ERC20Upgradeable-_update}
/// directly (`Stablecoin._update` refuses transfers to this contract from anyone else), and given back the
/// same way on a rejection, also to a blacklisted holder (into its frozen balance). Who may
/// acknowledge, complete and reject is decided by {_checkRedemptionOperator}.
abstract contract StablecoinRedemptions is StablecoinAuthorizations {
    /// @custom:storage-location erc7201:sectoken.storage.StablecoinRedemptions
    struct StablecoinRedemptionsStorage {
        uint256 _count;
        mapping(uint256 id => Redemption) _redemptions;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.StablecoinRedemptions")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STABLECOIN_REDEMPTIONS_STORAGE =
        0x1b7b99ac65253cb276ead89b1de132c3e5c1bdbce76fc335699f96c29b32a200;

    function _getStablecoinRedemptionsStorage() private pure returns (StablecoinRedemptionsStorage storage $) {
        assembly {
            $.slot := STABLECOIN_REDEMPTIONS_STORAGE
        }
    }

    /// @dev Reverts unless the caller may run redemptions (the stablecoin: a minter).
    function _checkRedemptionOperator() internal view virtual;

    /// @inheritdoc IStablecoinRedemptions
    function requestRedemption(uint256 amount, bytes32 ref) external returns (uint256 id) {
        address holder = _msgSender();
        _requireNotPaused();
        _requireNotBlacklisted(holder);
        if (amount == 0) revert StablecoinZeroAmount();
        StablecoinRedemptionsStorage storage $ = _getStablecoinRedemptionsStorage();
        id = ++$._count;
        $._redemptions[id] = Redemption({
            holder: holder,
            requestedAt: uint64(block.timestamp),
            status: RedemptionStatus.Requested,
            amount: SafeCast.toUint128(amount),
            acknowledgedAt: 0,
            closedAt: 0,
            ref: ref
        });
        ERC20Upgradeable._update(holder, address(this), amount);
        emit RedemptionRequested(id, holder, amount, ref);
    }

    /// @inheritdoc IStablecoinRedemptions
    function acknowledgeRedemption(uint256 id) external {
        _checkRedemptionOperator();
        Redemption storage r = _open(id, RedemptionStatus.Requested);
        r.status = RedemptionStatus.Acknowledged;
        r.acknowledgedAt = uint64(block.timestamp);
        emit RedemptionAcknowledged(id, _msgSender());
    }

    /// @inheritdoc IStablecoinRedemptions
    function completeRedemption(uint256 id) external whenNotPaused {
        _checkRedemptionOperator();
        Redemption storage r = _open(id, RedemptionStatus.Acknowledged);
        _requireNotBlacklisted(r.holder);
        uint256 amount = _close(r, RedemptionStatus.Completed);
        _burn(address(this), amount);
        emit RedemptionCompleted(id, _msgSender(), amount);
    }

    /// @inheritdoc IStablecoinRedemptions
    function rejectRedemption(uint256 id) external whenNotPaused {
        _checkRedemptionOperator();
        Redemption storage r = _redemption(id);
        RedemptionStatus status = r.status;
        if (status != RedemptionStatus.Requested && status != RedemptionStatus.Acknowledged) {
            revert StablecoinRedemptionWrongStatus(id, status);
        }
        uint256 amount = _close(r, RedemptionStatus.Rejected);
        // Straight to the holder's balance, frozen or not: a frozen holder's escrow goes back where it
        // stays frozen and a lawful order can reach it.
        ERC20Upgradeable._update(address(this), r.holder, amount);
        emit RedemptionRejected(id, _msgSender(), amount);
    }

    /// @inheritdoc IStablecoinRedemptions
    function redemption(uint256 id) external view returns (Redemption memory) {
        return _getStablecoinRedemptionsStorage()._redemptions[id];
    }

    /// @inheritdoc IStablecoinRedemptions
    function redemptionCount() external view returns (uint256) {
        return _getStablecoinRedemptionsStorage()._count;
    }

    /// @dev Request `id`, or revert with {StablecoinUnknownRedemption}.
    function _redemption(uint256 id) private view returns (Redemption storage r) {
        r = _getStablecoinRedemptionsStorage()._redemptions[id];
        if (r.status == RedemptionStatus.None) revert StablecoinUnknownRedemption(id);
    }

    /// @dev Request `id` if it is `expected`, else revert with {StablecoinRedemptionWrongStatus}.
    function _open(uint256 id, RedemptionStatus expected) private view returns (Redemption storage r) {
        r = _redemption(id);
        if (r.status != expected) revert StablecoinRedemptionWrongStatus(id, r.status);
    }

    /// @dev Marks `r` closed as `status` now; returns its escrowed amount.
    function _close(Redemption storage r, RedemptionStatus status) private returns (uint256) {
        r.status = status;
        r.closedAt = uint64(block.timestamp);
        return r.amount;
    }
}
