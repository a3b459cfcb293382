// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ISecurityAgent
/// @notice The one function of an ERC-3643 token that settlement and distributions need: who its agents are.
interface ISecurityAgent {
    /// @notice Whether `account` is an agent of the token.
    function isAgent(address account) external view returns (bool);
}

/// @title IDvPSettlement
/// @notice Delivery-versus-payment: a seller delivers `securityAmount` of a security token and a buyer pays
/// `paymentAmount` of any ERC-20 in one transaction, or nothing moves.
/// @dev Life of a trade, as an explicit state machine:
///
/// ```
///   propose ──► Pending ──accept──► Settled
///                 │ ├──cancel (proposer)──► Cancelled
///                 │ ├──reject (counterparty or agent)──► Rejected
///                 │ └──expire (anyone, after expiry)──► Expired
///                 └──amend (proposer): new terms, approval cleared
/// ```
///
/// Either party proposes; the other one accepts. Acceptance names the terms hash it agrees to, so a proposer
/// who amends the trade in front of an acceptance makes that acceptance revert instead of filling new terms.
/// Both legs are pulled with `transferFrom` (the DvP needs allowances on both tokens), except when the buyer
/// pays with an EIP-3009 authorization. The security leg is subject to the token's compliance: a refused
/// delivery reverts the whole settlement with the token's own error (e.g. `TransferRestricted(code)`).
/// An agent of a security token can require that each of its trades be approved by an agent before it
/// settles (the ERC-3643 delivery-versus-approval idea). The requirement follows the token on either leg:
/// a trade whose payment is a security token requiring approval needs that token's agent too, and either
/// token's agent may approve (its own leg) or reject the trade.
interface IDvPSettlement {
    /// @notice Where a trade stands. `None` is the status of an id that was never proposed.
    enum Status {
        None,
        Pending,
        Settled,
        Cancelled,
        Expired,
        Rejected
    }

    /// @notice What the two parties agree on.
    /// @param seller Delivers the security token and receives the payment.
    /// @param buyer Pays and receives the security token.
    /// @param securityToken The token delivered.
    /// @param securityAmount Base units of `securityToken` delivered.
    /// @param paymentToken Any ERC-20 paid with (typically the stablecoin).
    /// @param paymentAmount Base units of `paymentToken` paid.
    /// @param expiry Last timestamp (inclusive) at which the trade can settle.
    struct Terms {
        address seller;
        address buyer;
        address securityToken;
        uint256 securityAmount;
        address paymentToken;
        uint256 paymentAmount;
        uint64 expiry;
    }

    /// @notice Emitted when a trade is proposed.
    event TradeProposed(uint256 indexed tradeId, address indexed proposer, bytes32 termsHash, Terms terms);
    /// @notice Emitted when the proposer replaces the terms of a pending trade.
    event TradeAmended(uint256 indexed tradeId, bytes32 termsHash, Terms terms);
    /// @notice Emitted when an agent of a leg's token (the security token, or a security token paid with) approves a trade.
    event TradeApproved(uint256 indexed tradeId, address indexed agent, bytes32 termsHash);
    /// @notice Emitted when a trade settles; both legs moved in the same transaction.
    event TradeSettled(
        uint256 indexed tradeId,
        address indexed seller,
        address indexed buyer,
        uint256 securityAmount,
        uint256 paymentAmount
    );
    /// @notice Emitted when the proposer cancels a trade.
    event TradeCancelled(uint256 indexed tradeId, address indexed proposer);
    /// @notice Emitted when the counterparty or an agent of the security token rejects a trade.
    event TradeRejected(uint256 indexed tradeId, address indexed rejectedBy);
    /// @notice Emitted when a pending trade past its expiry is marked expired.
    event TradeExpired(uint256 indexed tradeId);
    /// @notice Emitted when an agent turns the approval requirement of a security token on or off.
    event ApprovalRequirementSet(address indexed securityToken, bool required, address indexed agent);

    /// @notice The terms are malformed: a zero address, a zero amount, the same token on both legs, or the
    /// seller trading with themselves.
    error DvPInvalidTerms();
    /// @notice The expiry is not in the future.
    error DvPInvalidExpiry(uint64 expiry);
    /// @notice The caller is neither the seller nor the buyer named in the terms.
    error DvPNotParty(address caller);
    /// @notice No trade has this id.
    error DvPTradeNotFound(uint256 tradeId);
    /// @notice The trade is no longer pending (settled, cancelled, expired or rejected).
    error DvPTradeNotPending(uint256 tradeId, Status status);
    /// @notice The trade's expiry has passed; it can only be marked expired.
    error DvPTradeExpired(uint256 tradeId);
    /// @notice The trade has not reached its expiry yet.
    error DvPTradeNotExpired(uint256 tradeId, uint64 expiry);
    /// @notice The caller is not the party this step belongs to (proposer, counterparty or buyer).
    error DvPUnauthorized(uint256 tradeId, address caller);
    /// @notice The terms the caller agreed to are not the trade's current terms.
    error DvPTermsMismatch(uint256 tradeId, bytes32 expected, bytes32 actual);
    /// @notice The security token requires an agent's approval and the trade has none.
    error DvPApprovalRequired(uint256 tradeId);
    /// @notice The caller is not an agent of the security token.
    error DvPNotAgent(address securityToken, address caller);
    /// @notice The permit failed and the buyer's allowance does not cover the payment.
    error DvPPermitFailed(uint256 tradeId, uint256 allowance);

    /// @notice Propose a trade. The caller must be its seller or its buyer; the other party accepts.
    /// @param terms The trade's terms.
    /// @return tradeId The new trade's id (ids start at 1).
    ///
    /// Emits a {TradeProposed} event.
    ///
    /// Requirements:
    /// - the caller is `terms.seller` or `terms.buyer`;
    /// - addresses non-zero, amounts non-zero, two different tokens, seller and buyer different;
    /// - `terms.expiry` is in the future.
    function propose(Terms calldata terms) external returns (uint256 tradeId);

    /// @notice Replace the terms of a pending trade. Clears any approval.
    /// @param tradeId The trade.
    /// @param terms The new terms; the proposer must stay a party.
    ///
    /// Emits a {TradeAmended} event.
    ///
    /// Requirements: the caller proposed the trade, it is pending and not expired, the terms are valid.
    function amend(uint256 tradeId, Terms calldata terms) external;

    /// @notice Accept a trade and settle it: the security leg moves seller → buyer, the payment leg buyer →
    /// seller, both with `transferFrom`.
    /// @param tradeId The trade.
    /// @param termsHash The {hashTerms} of the terms the caller agrees to.
    ///
    /// Emits a {TradeSettled} event.
    ///
    /// Requirements:
    /// - the caller is the counterparty of the proposer;
    /// - the trade is pending, not expired, and its terms hash equals `termsHash`;
    /// - approved by an agent of each leg's token that requires it;
    /// - allowances and balances cover both legs, and the security token allows the delivery.
    function accept(uint256 tradeId, bytes32 termsHash) external;

    /// @notice As {accept}, for a buyer who grants the payment allowance with an EIP-2612 permit in the same
    /// transaction. The permit is for `paymentAmount` to this contract. If the permit call fails (for example
    /// because someone submitted it first) the acceptance still goes through when the allowance is enough.
    /// @param tradeId The trade.
    /// @param termsHash The terms hash the buyer agrees to.
    /// @param deadline, v, r, s The permit's deadline and signature.
    ///
    /// Emits a {TradeSettled} event.
    ///
    /// Requirements: as {accept}, with the buyer as caller (the seller proposed).
    function acceptWithPermit(uint256 tradeId, bytes32 termsHash, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external;

    /// @notice As {accept}, with the payment taken by an EIP-3009 `receiveWithAuthorization` the buyer signed
    /// to this contract for `paymentAmount`. The authorization's nonce must be {authorizationNonce} of the
    /// trade and terms, so the signature is the buyer's acceptance of exactly these terms: anyone may submit it.
    /// @param tradeId The trade.
    /// @param termsHash The terms hash the buyer agrees to.
    /// @param validAfter, validBefore, v, r, s The authorization's validity window and signature.
    ///
    /// Emits a {TradeSettled} event.
    ///
    /// Requirements: the seller proposed the trade; otherwise as {accept}.
    function acceptWithAuthorization(
        uint256 tradeId,
        bytes32 termsHash,
        uint256 validAfter,
        uint256 validBefore,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Cancel a pending trade. Only its proposer can, until it settles.
    /// @param tradeId The trade.
    ///
    /// Emits a {TradeCancelled} event.
    function cancel(uint256 tradeId) external;

    /// @notice Reject a pending trade: the counterparty declines it, or an agent of either leg's token refuses it.
    /// @param tradeId The trade.
    ///
    /// Emits a {TradeRejected} event.
    function reject(uint256 tradeId) external;

    /// @notice Approve a pending trade's current terms, as an agent of its security token (its leg) or of its
    /// payment token (its leg, when that is a security token too); an agent of both approves both.
    /// @param tradeId The trade.
    /// @param termsHash The terms hash the agent approves.
    ///
    /// Emits a {TradeApproved} event.
    ///
    /// Requirements: the caller is an agent of either leg's token; the trade is pending, not expired, with
    /// terms hash `termsHash`.
    function approve(uint256 tradeId, bytes32 termsHash) external;

    /// @notice Mark a pending trade whose expiry has passed as expired. Anyone can call it.
    /// @param tradeId The trade.
    ///
    /// Emits a {TradeExpired} event.
    function expire(uint256 tradeId) external;

    /// @notice Require (or stop requiring) an agent's approval for every trade of `securityToken`.
    /// @param securityToken The security token; the caller must be one of its agents.
    /// @param required Whether trades need an approval to settle.
    ///
    /// Emits an {ApprovalRequirementSet} event.
    function setApprovalRequired(address securityToken, bool required) external;

    /// @notice Whether trades of `securityToken` need an agent's approval.
    function approvalRequired(address securityToken) external view returns (bool);

    /// @notice A trade's terms, proposer, stored status and approval flag: approved by an agent, and by an
    /// agent of each leg whose token requires it.
    function trade(uint256 tradeId)
        external
        view
        returns (Terms memory terms, address proposer, Status status, bool approved);

    /// @notice A trade's status as it stands now: a pending trade past its expiry reads as `Expired` even
    /// before anyone calls {expire}.
    function statusOf(uint256 tradeId) external view returns (Status);

    /// @notice The number of trades proposed so far (the last id).
    function tradeCount() external view returns (uint256);

    /// @notice The hash that acceptance and approval commit to: `keccak256(abi.encode(terms))`.
    function hashTerms(Terms calldata terms) external pure returns (bytes32);

    /// @notice The EIP-3009 nonce a buyer signs to accept `tradeId` with `termsHash` through
    /// {acceptWithAuthorization}: `keccak256(abi.encode(address(this), tradeId, termsHash))`.
    function authorizationNonce(uint256 tradeId, bytes32 termsHash) external view returns (bytes32);
}
