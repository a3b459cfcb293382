// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IDistribution
/// @notice Dividends and coupons paid pro rata to the holders of a security at a record date, with Merkle
/// claims: the tooling computes each holder's amount off-chain from balances at the record block, and an
/// agent of the security publishes the tree's root and funds the total. Nothing is added to the token's
/// transfer path.
/// @dev One contract serves many distributions. A Merkle leaf is
/// `keccak256(bytes.concat(keccak256(abi.encode(index, account, amount))))` (OpenZeppelin's standard
/// double-hashed leaf), and proofs use sorted-pair hashing ({MerkleProof-verify}). Each index can be paid
/// once; anyone may submit a claim, and it always pays the `account` in the leaf. Claims are accepted until
/// the deadline (inclusive); afterwards whatever is left, unclaimed amounts and rounding dust alike, goes
/// back to the distribution's issuer. The sum paid never exceeds the funded total.
interface IDistribution {
    /// @notice A distribution as stored.
    /// @param issuer Who funded it and gets the remainder back.
    /// @param deadline Last timestamp (inclusive) at which claims are paid.
    /// @param reclaimed Whether the remainder was returned to the issuer.
    /// @param security The security whose holders are paid.
    /// @param recordBlock The block whose closing balances the amounts were computed from.
    /// @param paymentToken The ERC-20 paid (typically the stablecoin).
    /// @param root The Merkle root of the `(index, account, amount)` leaves.
    /// @param funded The total transferred in when the distribution was created.
    /// @param claimed The total paid out so far.
    struct DistributionInfo {
        address issuer;
        uint64 deadline;
        bool reclaimed;
        address security;
        uint64 recordBlock;
        address paymentToken;
        bytes32 root;
        uint128 funded;
        uint128 claimed;
    }

    /// @notice One holder's claim, as the tooling publishes it.
    struct Claim {
        uint256 index;
        address account;
        uint256 amount;
        bytes32[] proof;
    }

    /// @notice Emitted when a distribution is created and funded.
    event DistributionCreated(
        uint256 indexed distributionId,
        address indexed security,
        address indexed paymentToken,
        address issuer,
        bytes32 root,
        uint256 funded,
        uint64 recordBlock,
        uint64 deadline
    );
    /// @notice Emitted when a holder is paid; `caller` submitted the claim (the holder or anyone on their behalf).
    event Claimed(
        uint256 indexed distributionId, uint256 index, address indexed account, uint256 amount, address caller
    );
    /// @notice Emitted when the remainder of a distribution returns to its issuer after the deadline.
    event Reclaimed(uint256 indexed distributionId, address indexed issuer, uint256 amount);

    /// @notice The caller is not an agent of the security.
    error DistributionNotAgent(address security, address caller);
    /// @notice Zero address or root, zero or oversized funding, a record block not in the past, or a deadline
    /// not in the future.
    error DistributionInvalidParameters();
    /// @notice The payment token delivered less than the funded total (e.g. a fee-on-transfer token).
    error DistributionFundingShortfall(uint256 expected, uint256 received);
    /// @notice No distribution has this id.
    error DistributionNotFound(uint256 distributionId);
    /// @notice This index has already been paid.
    error DistributionAlreadyClaimed(uint256 distributionId, uint256 index);
    /// @notice The proof does not show `(index, account, amount)` to be a leaf of the distribution's tree.
    error DistributionInvalidProof(uint256 distributionId, uint256 index, address account, uint256 amount);
    /// @notice Paying `amount` would take the total paid above the funding.
    error DistributionExceedsFunding(uint256 distributionId, uint256 remaining, uint256 amount);
    /// @notice The claim window closed at `deadline`.
    error DistributionClaimWindowClosed(uint256 distributionId, uint64 deadline);
    /// @notice The claim window is open until `deadline`; the remainder cannot be reclaimed yet.
    error DistributionClaimWindowOpen(uint256 distributionId, uint64 deadline);
    /// @notice The remainder was already returned.
    error DistributionAlreadyReclaimed(uint256 distributionId);

    /// @notice Create a distribution and fund it with `funded` of `paymentToken` from the caller.
    /// @param security The security whose holders are paid; the caller must be one of its agents.
    /// @param paymentToken The ERC-20 paid; the caller must have approved `funded` to this contract.
    /// @param root The Merkle root of the claims.
    /// @param funded The total to fund; at least the sum of the leaves' amounts.
    /// @param recordBlock The record block the amounts were computed at (informational, must be in the past).
    /// @param deadline Last timestamp at which claims are paid.
    /// @return distributionId The new distribution's id (ids start at 1).
    ///
    /// Emits a {DistributionCreated} event.
    function createDistribution(
        address security,
        address paymentToken,
        bytes32 root,
        uint256 funded,
        uint64 recordBlock,
        uint64 deadline
    ) external returns (uint256 distributionId);

    /// @notice Pay `amount` to `account`, proven by `proof` to be leaf `index` of the distribution. Anyone may
    /// call; the payment goes to `account` only.
    ///
    /// Emits a {Claimed} event.
    ///
    /// Requirements: the distribution exists, its deadline has not passed, the index is unpaid, the proof is
    /// valid, and the funding covers the amount.
    function claim(uint256 distributionId, uint256 index, address account, uint256 amount, bytes32[] calldata proof)
        external;

    /// @notice Pay many claims of one distribution. Claims already paid are skipped (so a batch is not undone
    /// by a holder who claimed first); any other failure reverts the whole batch.
    /// @return paid The number of claims paid by this call.
    ///
    /// Emits a {Claimed} event for each claim paid.
    function batchClaim(uint256 distributionId, Claim[] calldata claims) external returns (uint256 paid);

    /// @notice After the deadline, return everything not paid out to the distribution's issuer. Anyone may call.
    /// @return amount The amount returned.
    ///
    /// Emits a {Reclaimed} event.
    function reclaim(uint256 distributionId) external returns (uint256 amount);

    /// @notice Whether leaf `index` of the distribution has been paid.
    function isClaimed(uint256 distributionId, uint256 index) external view returns (bool);

    /// @notice A distribution's stored record.
    function distribution(uint256 distributionId) external view returns (DistributionInfo memory);

    /// @notice The number of distributions created (the last id).
    function distributionCount() external view returns (uint256);

    /// @notice The Merkle leaf of `(index, account, amount)`.
    function leaf(uint256 index, address account, uint256 amount) external pure returns (bytes32);
}
