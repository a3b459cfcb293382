// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IDistribution} from "../../interfaces/IDistribution.sol";
import {ISecurityAgent} from "../../interfaces/IDvPSettlement.sol";

/// @title Distribution
/// @notice Record-date distributions paid with Merkle claims (see {IDistribution}).
/// @dev Funds of all distributions sit in this contract; each distribution's payouts are capped by its own
/// funding, so one distribution can never pay out another's money.
contract Distribution is IDistribution, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using BitMaps for BitMaps.BitMap;

    mapping(uint256 distributionId => DistributionInfo) private _distributions;
    mapping(uint256 distributionId => BitMaps.BitMap) private _claimed;
    uint256 private _distributionCount;

    /// @inheritdoc IDistribution
    function createDistribution(
        address security,
        address paymentToken,
        bytes32 root,
        uint256 funded,
        uint64 recordBlock,
        uint64 deadline
    ) external nonReentrant returns (uint256 distributionId) {
        if (!_isAgent(security, msg.sender)) revert DistributionNotAgent(security, msg.sender);
        if (
            paymentToken == address(0) || root == bytes32(0) || funded == 0 || funded > type(uint128).max
                || recordBlock >= block.number || deadline <= block.timestamp
        ) revert DistributionInvalidParameters();
        // Cannot overflow: one id per transaction.
        unchecked {
            distributionId = ++_distributionCount;
        }
        _distributions[distributionId] = DistributionInfo({
            issuer: msg.sender,
            deadline: deadline,
            reclaimed: false,
            security: security,
            recordBlock: recordBlock,
            paymentToken: paymentToken,
            root: root,
            funded: uint128(funded),
            claimed: 0
        });
        emit DistributionCreated(
            distributionId, security, paymentToken, msg.sender, root, funded, recordBlock, deadline
        );
        IERC20 token = IERC20(paymentToken);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), funded);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != funded) revert DistributionFundingShortfall(funded, received);
    }

    /// @inheritdoc IDistribution
    function claim(uint256 distributionId, uint256 index, address account, uint256 amount, bytes32[] calldata proof)
        external
        nonReentrant
    {
        DistributionInfo storage d = _open(distributionId);
        if (_claimed[distributionId].get(index)) revert DistributionAlreadyClaimed(distributionId, index);
        _pay(distributionId, d, index, account, amount, proof);
    }

    /// @inheritdoc IDistribution
    function batchClaim(uint256 distributionId, Claim[] calldata claims) external nonReentrant returns (uint256 paid) {
        DistributionInfo storage d = _open(distributionId);
        BitMaps.BitMap storage claimed = _claimed[distributionId];
        for (uint256 i = 0; i < claims.length; ++i) {
            Claim calldata c = claims[i];
            if (claimed.get(c.index)) continue;
            _pay(distributionId, d, c.index, c.account, c.amount, c.proof);
            // Cannot overflow: bounded by the length of `claims`.
            unchecked {
                ++paid;
            }
        }
    }

    /// @inheritdoc IDistribution
    function reclaim(uint256 distributionId) external nonReentrant returns (uint256 amount) {
        DistributionInfo storage d = _existing(distributionId);
        if (block.timestamp <= d.deadline) revert DistributionClaimWindowOpen(distributionId, d.deadline);
        if (d.reclaimed) revert DistributionAlreadyReclaimed(distributionId);
        d.reclaimed = true;
        // Cannot underflow: `claimed` never exceeds `funded` (checked in {_pay}).
        unchecked {
            amount = d.funded - d.claimed;
        }
        address issuer = d.issuer;
        emit Reclaimed(distributionId, issuer, amount);
        if (amount != 0) IERC20(d.paymentToken).safeTransfer(issuer, amount);
    }

    /// @inheritdoc IDistribution
    function isClaimed(uint256 distributionId, uint256 index) external view returns (bool) {
        return _claimed[distributionId].get(index);
    }

    /// @inheritdoc IDistribution
    function distribution(uint256 distributionId) external view returns (DistributionInfo memory) {
        return _existing(distributionId);
    }

    /// @inheritdoc IDistribution
    function distributionCount() external view returns (uint256) {
        return _distributionCount;
    }

    /// @inheritdoc IDistribution
    function leaf(uint256 index, address account, uint256 amount) external pure returns (bytes32) {
        return _leaf(index, account, amount);
    }

    /// @dev Verify the claim, record it, then pay `account`. The caller checked the window and that `index`
    /// is unpaid.
    function _pay(
        uint256 distributionId,
        DistributionInfo storage d,
        uint256 index,
        address account,
        uint256 amount,
        bytes32[] calldata proof
    ) private {
        if (!MerkleProof.verifyCalldata(proof, d.root, _leaf(index, account, amount))) {
            revert DistributionInvalidProof(distributionId, index, account, amount);
        }
        uint256 remaining;
        // Cannot underflow: `claimed` never exceeds `funded` (checked just below, on every payment).
        unchecked {
            remaining = d.funded - d.claimed;
        }
        if (amount > remaining) revert DistributionExceedsFunding(distributionId, remaining, amount);
        _claimed[distributionId].set(index);
        // Cannot overflow: `amount <= remaining`, so the sum stays at most `funded`, a uint128.
        unchecked {
            d.claimed += uint128(amount);
        }
        emit Claimed(distributionId, index, account, amount, msg.sender);
        IERC20(d.paymentToken).safeTransfer(account, amount);
    }

    /// @dev The distribution `distributionId`, which must exist and still take claims.
    function _open(uint256 distributionId) private view returns (DistributionInfo storage d) {
        d = _existing(distributionId);
        if (block.timestamp > d.deadline) revert DistributionClaimWindowClosed(distributionId, d.deadline);
    }

    /// @dev The distribution `distributionId`, which must exist.
    function _existing(uint256 distributionId) private view returns (DistributionInfo storage d) {
        d = _distributions[distributionId];
        if (d.issuer == address(0)) revert DistributionNotFound(distributionId);
    }

    /// @dev Whether `account` is an agent of `security`; false for a token without `isAgent`.
    function _isAgent(address security, address account) private view returns (bool) {
        (bool ok, bytes memory ret) = security.staticcall(abi.encodeCall(ISecurityAgent.isAgent, (account)));
        return ok && ret.length == 32 && abi.decode(ret, (bool));
    }

    /// @dev See {IDistribution-leaf}.
    function _leaf(uint256 index, address account, uint256 amount) private pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(index, account, amount))));
    }
}
