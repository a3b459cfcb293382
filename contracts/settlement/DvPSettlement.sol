// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IDvPSettlement, ISecurityAgent} from "../../interfaces/IDvPSettlement.sol";
import {IERC3009Receive} from "../../interfaces/IERC3009Receive.sol";

/// @title DvPSettlement
/// @notice Atomic delivery-versus-payment of a security token against any ERC-20 (see {IDvPSettlement}).
/// @dev Holds no funds between transactions: both legs go straight from one party to the other, except an
/// EIP-3009 payment, which passes through this contract within the settling transaction. Every mutating
/// function is `nonReentrant`, and settlement marks the trade settled before any token is called.
contract DvPSettlement is IDvPSettlement, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @dev A trade as stored: the terms plus their state, packed so the first slot holds the seller, the
    /// expiry and the four flags. `approved` / `paymentApproved`: an agent of the security token / of the
    /// payment token (when that is a security token too) approved the current terms.
    struct Trade {
        address seller;
        uint64 expiry;
        Status status;
        bool approved;
        bool buyerProposed;
        bool paymentApproved;
        address buyer;
        address securityToken;
        address paymentToken;
        uint256 securityAmount;
        uint256 paymentAmount;
    }

    mapping(uint256 tradeId => Trade) private _trades;
    mapping(address securityToken => bool) private _approvalRequired;
    uint256 private _tradeCount;

    /// @inheritdoc IDvPSettlement
    function propose(Terms calldata terms) external nonReentrant returns (uint256 tradeId) {
        _validate(terms);
        bool buyerProposed = msg.sender == terms.buyer;
        if (!buyerProposed && msg.sender != terms.seller) revert DvPNotParty(msg.sender);
        // Cannot overflow: one id per transaction, 2**256 transactions will never happen.
        unchecked {
            tradeId = ++_tradeCount;
        }
        Trade storage t = _trades[tradeId];
        _write(t, terms);
        t.status = Status.Pending;
        t.buyerProposed = buyerProposed;
        emit TradeProposed(tradeId, msg.sender, keccak256(abi.encode(terms)), terms);
    }

    /// @inheritdoc IDvPSettlement
    function amend(uint256 tradeId, Terms calldata terms) external nonReentrant {
        Trade storage t = _pending(tradeId);
        if (msg.sender != _proposer(t)) revert DvPUnauthorized(tradeId, msg.sender);
        if (block.timestamp > t.expiry) revert DvPTradeExpired(tradeId);
        _validate(terms);
        if ((t.buyerProposed ? terms.buyer : terms.seller) != msg.sender) revert DvPNotParty(msg.sender);
        _write(t, terms);
        t.approved = false;
        t.paymentApproved = false;
        emit TradeAmended(tradeId, keccak256(abi.encode(terms)), terms);
    }

    /// @inheritdoc IDvPSettlement
    function accept(uint256 tradeId, bytes32 termsHash) external nonReentrant {
        Trade storage t = _pending(tradeId);
        address counterparty = t.buyerProposed ? t.seller : t.buyer;
        if (msg.sender != counterparty) revert DvPUnauthorized(tradeId, msg.sender);
        _settle(tradeId, t, termsHash);
        IERC20(t.paymentToken).safeTransferFrom(t.buyer, t.seller, t.paymentAmount);
    }

    /// @inheritdoc IDvPSettlement
    function acceptWithPermit(uint256 tradeId, bytes32 termsHash, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
        nonReentrant
    {
        Trade storage t = _pending(tradeId);
        if (t.buyerProposed || msg.sender != t.buyer) revert DvPUnauthorized(tradeId, msg.sender);
        _settle(tradeId, t, termsHash);
        address paymentToken = t.paymentToken;
        uint256 price = t.paymentAmount;
        // A permit submitted by someone else first makes this call fail; the allowance it set still counts.
        try IERC20Permit(paymentToken).permit(msg.sender, address(this), price, deadline, v, r, s) {}
        catch {
            uint256 allowance = IERC20(paymentToken).allowance(msg.sender, address(this));
            if (allowance < price) revert DvPPermitFailed(tradeId, allowance);
        }
        IERC20(paymentToken).safeTransferFrom(msg.sender, t.seller, price);
    }

    /// @inheritdoc IDvPSettlement
    function acceptWithAuthorization(
        uint256 tradeId,
        bytes32 termsHash,
        uint256 validAfter,
        uint256 validBefore,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant {
        Trade storage t = _pending(tradeId);
        if (t.buyerProposed) revert DvPUnauthorized(tradeId, msg.sender);
        _settle(tradeId, t, termsHash);
        _receiveAuthorized(t, _authorizationNonce(tradeId, termsHash), validAfter, validBefore, v, r, s);
        IERC20(t.paymentToken).safeTransfer(t.seller, t.paymentAmount);
    }

    /// @inheritdoc IDvPSettlement
    function cancel(uint256 tradeId) external nonReentrant {
        Trade storage t = _pending(tradeId);
        if (msg.sender != _proposer(t)) revert DvPUnauthorized(tradeId, msg.sender);
        t.status = Status.Cancelled;
        emit TradeCancelled(tradeId, msg.sender);
    }

    /// @inheritdoc IDvPSettlement
    function reject(uint256 tradeId) external nonReentrant {
        Trade storage t = _pending(tradeId);
        address counterparty = t.buyerProposed ? t.seller : t.buyer;
        if (
            msg.sender != counterparty && !_isAgent(t.securityToken, msg.sender)
                && !_isAgent(t.paymentToken, msg.sender)
        ) revert DvPUnauthorized(tradeId, msg.sender);
        t.status = Status.Rejected;
        emit TradeRejected(tradeId, msg.sender);
    }

    /// @inheritdoc IDvPSettlement
    function approve(uint256 tradeId, bytes32 termsHash) external nonReentrant {
        Trade storage t = _pending(tradeId);
        bool forSecurity = _isAgent(t.securityToken, msg.sender);
        bool forPayment = _isAgent(t.paymentToken, msg.sender);
        if (!forSecurity && !forPayment) revert DvPNotAgent(t.securityToken, msg.sender);
        if (block.timestamp > t.expiry) revert DvPTradeExpired(tradeId);
        bytes32 actual = _hash(t);
        if (actual != termsHash) revert DvPTermsMismatch(tradeId, termsHash, actual);
        if (forSecurity) t.approved = true;
        if (forPayment) t.paymentApproved = true;
        emit TradeApproved(tradeId, msg.sender, termsHash);
    }

    /// @inheritdoc IDvPSettlement
    function expire(uint256 tradeId) external nonReentrant {
        Trade storage t = _pending(tradeId);
        if (block.timestamp <= t.expiry) revert DvPTradeNotExpired(tradeId, t.expiry);
        t.status = Status.Expired;
        emit TradeExpired(tradeId);
    }

    /// @inheritdoc IDvPSettlement
    function setApprovalRequired(address securityToken, bool required) external nonReentrant {
        if (!_isAgent(securityToken, msg.sender)) revert DvPNotAgent(securityToken, msg.sender);
        _approvalRequired[securityToken] = required;
        emit ApprovalRequirementSet(securityToken, required, msg.sender);
    }

    /// @inheritdoc IDvPSettlement
    function approvalRequired(address securityToken) external view returns (bool) {
        return _approvalRequired[securityToken];
    }

    /// @inheritdoc IDvPSettlement
    function trade(uint256 tradeId)
        external
        view
        returns (Terms memory terms, address proposer, Status status, bool approved)
    {
        Trade storage t = _trades[tradeId];
        if (t.status == Status.None) revert DvPTradeNotFound(tradeId);
        terms = _terms(t);
        proposer = _proposer(t);
        status = t.status;
        approved = (t.approved || t.paymentApproved) && (t.approved || !_approvalRequired[t.securityToken])
            && (t.paymentApproved || !_approvalRequired[t.paymentToken]);
    }

    /// @inheritdoc IDvPSettlement
    function statusOf(uint256 tradeId) external view returns (Status) {
        Trade storage t = _trades[tradeId];
        if (t.status == Status.Pending && block.timestamp > t.expiry) return Status.Expired;
        return t.status;
    }

    /// @inheritdoc IDvPSettlement
    function tradeCount() external view returns (uint256) {
        return _tradeCount;
    }

    /// @inheritdoc IDvPSettlement
    function hashTerms(Terms calldata terms) external pure returns (bytes32) {
        return keccak256(abi.encode(terms));
    }

    /// @inheritdoc IDvPSettlement
    function authorizationNonce(uint256 tradeId, bytes32 termsHash) external view returns (bytes32) {
        return _authorizationNonce(tradeId, termsHash);
    }

    /// @dev The checks and effects of every acceptance, then the security leg (seller → buyer). The caller
    /// moves the payment leg afterwards; a revert in either leg undoes everything.
    function _settle(uint256 tradeId, Trade storage t, bytes32 termsHash) private {
        if (block.timestamp > t.expiry) revert DvPTradeExpired(tradeId);
        bytes32 actual = _hash(t);
        if (actual != termsHash) revert DvPTermsMismatch(tradeId, termsHash, actual);
        if (_approvalRequired[t.securityToken] && !t.approved) revert DvPApprovalRequired(tradeId);
        if (_approvalRequired[t.paymentToken] && !t.paymentApproved) revert DvPApprovalRequired(tradeId);
        t.status = Status.Settled;
        emit TradeSettled(tradeId, t.seller, t.buyer, t.securityAmount, t.paymentAmount);
        IERC20(t.securityToken).safeTransferFrom(t.seller, t.buyer, t.securityAmount);
    }

    /// @dev Pull the payment of `t` from its buyer into this contract with the buyer's EIP-3009 authorization.
    function _receiveAuthorized(
        Trade storage t,
        bytes32 nonce,
        uint256 validAfter,
        uint256 validBefore,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) private {
        IERC3009Receive(t.paymentToken).receiveWithAuthorization(
            t.buyer, address(this), t.paymentAmount, validAfter, validBefore, nonce, v, r, s
        );
    }

    /// @dev The trade `tradeId`, which must exist and be pending.
    function _pending(uint256 tradeId) private view returns (Trade storage t) {
        t = _trades[tradeId];
        Status status = t.status;
        if (status == Status.None) revert DvPTradeNotFound(tradeId);
        if (status != Status.Pending) revert DvPTradeNotPending(tradeId, status);
    }

    /// @dev Reverts with {DvPInvalidTerms} or {DvPInvalidExpiry} unless `terms` can be traded.
    function _validate(Terms calldata terms) private view {
        if (
            terms.seller == address(0) || terms.buyer == address(0) || terms.seller == terms.buyer
                || terms.securityToken == address(0) || terms.paymentToken == address(0)
                || terms.securityToken == terms.paymentToken || terms.securityAmount == 0 || terms.paymentAmount == 0
        ) revert DvPInvalidTerms();
        if (terms.expiry <= block.timestamp) revert DvPInvalidExpiry(terms.expiry);
    }

    /// @dev Copy `terms` into the stored trade `t`.
    function _write(Trade storage t, Terms calldata terms) private {
        t.seller = terms.seller;
        t.expiry = terms.expiry;
        t.buyer = terms.buyer;
        t.securityToken = terms.securityToken;
        t.paymentToken = terms.paymentToken;
        t.securityAmount = terms.securityAmount;
        t.paymentAmount = terms.paymentAmount;
    }

    /// @dev The terms of the stored trade `t`.
    function _terms(Trade storage t) private view returns (Terms memory) {
        return Terms(t.seller, t.buyer, t.securityToken, t.securityAmount, t.paymentToken, t.paymentAmount, t.expiry);
    }

    /// @dev {hashTerms} of the stored trade `t`.
    function _hash(Trade storage t) private view returns (bytes32) {
        return keccak256(abi.encode(_terms(t)));
    }

    /// @dev The party who proposed `t`.
    function _proposer(Trade storage t) private view returns (address) {
        return t.buyerProposed ? t.buyer : t.seller;
    }

    /// @dev See {authorizationNonce}.
    function _authorizationNonce(uint256 tradeId, bytes32 termsHash) private view returns (bytes32) {
        return keccak256(abi.encode(address(this), tradeId, termsHash));
    }

    /// @dev Whether `account` is an agent of `token`; false for a token without `isAgent`.
    function _isAgent(address token, address account) private view returns (bool) {
        (bool ok, bytes memory ret) = token.staticcall(abi.encodeCall(ISecurityAgent.isAgent, (account)));
        return ok && ret.length == 32 && abi.decode(ret, (bool));
    }
}
