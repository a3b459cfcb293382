// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IStablecoinReserves
/// @notice The on-chain link between the stablecoin and its reserves. The reserve attester posts each
/// attestation of the reserves (amount in token base units, the time it speaks for, and the hash and
/// location of the accountant's report); a mint is refused if it would take the total supply above the
/// attested reserves, or if the latest attestation is older than the owner's maximum age.
/// Every attestation is also kept as a {ReserveReport} (amount, as-of time, the period the report covers,
/// its digest and location), numbered from 0, so the history of reports can be read from the chain.
/// @dev Only mints are gated: transfers and burns go on whatever the reserves, so holders can always
/// move and redeem. A burn frees room under the cap at once.
interface IStablecoinReserves {
    /// @notice One attestation, as recorded.
    /// @param amount The attested reserves, in token base units.
    /// @param asOf The time the attestation speaks for.
    /// @param periodStart The start of the period the report covers (equal to `asOf` for a report on a
    /// single point in time).
    /// @param periodEnd The end of that period (not after `asOf`).
    /// @param reportHash The digest of the report (e.g. its SHA-256).
    /// @param reportURI Where the report can be read.
    struct ReserveReport {
        uint256 amount;
        uint64 asOf;
        uint64 periodStart;
        uint64 periodEnd;
        bytes32 reportHash;
        string reportURI;
    }

    /// @notice Emitted when `attester` has posted reserves of `amount` as of `asOf`, with the report's
    /// hash and URI.
    event ReservesAttested(
        address indexed attester,
        uint256 amount,
        uint64 asOf,
        bytes32 indexed reportHash,
        string reportURI
    );
    /// @notice Emitted after {ReservesAttested} when the attestation has been recorded as report number
    /// `index`, covering `periodStart` to `periodEnd`.
    event ReserveReportRecorded(uint256 indexed index, uint64 periodStart, uint64 periodEnd);
    /// @notice Emitted when the owner has changed the maximum attestation age.
    event MaxAttestationAgeChanged(uint256 previousMaxAge, uint256 newMaxAge);

    /// @notice A mint would take the total supply to `supplyAfter`, above the attested `reserves`.
    error StablecoinReserveExceeded(uint256 supplyAfter, uint256 reserves);
    /// @notice The latest attestation (as of `asOf`; 0 if there is none) is older than `maxAge` seconds.
    error StablecoinAttestationStale(uint64 asOf, uint256 maxAge);
    /// @notice An attestation cannot speak for a time after the current block (`timestamp`).
    error StablecoinAttestationInFuture(uint64 asOf, uint256 timestamp);
    /// @notice An attestation must be newer than the latest one (as of `latestAsOf`).
    error StablecoinAttestationNotNewer(uint64 asOf, uint64 latestAsOf);
    /// @notice A report's period must run forwards and end no later than its as-of time `asOf`.
    error StablecoinInvalidReportPeriod(uint64 periodStart, uint64 periodEnd, uint64 asOf);
    /// @notice There is no reserve report number `index` (there are `count`).
    error StablecoinUnknownReserveReport(uint256 index, uint256 count);
    /// @notice The maximum attestation age must be between 1 second and 2**64 - 1 seconds.
    error StablecoinInvalidMaxAttestationAge(uint256 maxAge);

    /// @notice Post an attestation of the reserves.
    /// @dev Emits a {ReservesAttested} event. An attestation below the current supply is accepted (it
    /// states a fact) and stops minting until reserves are topped up or tokens burnt.
    ///
    /// Requirements:
    /// - the caller is the reserve attester;
    /// - `asOf` is not after the current block's timestamp, and is after the latest attestation's.
    /// @param amount The attested reserves, in token base units.
    /// @param asOf The time (unix seconds) the attestation speaks for.
    /// @param reportHash The hash of the attestation report.
    /// @param reportURI Where the report can be read.
    function attestReserves(uint256 amount, uint64 asOf, bytes32 reportHash, string calldata reportURI)
        external;

    /// @notice Post an attestation of the reserves from a report covering `periodStart` to `periodEnd`
    /// (e.g. the monthly report of the reserves' composition); {attestReserves} is this with the period
    /// being the instant `asOf`.
    /// @dev Emits a {ReservesAttested} event, then a {ReserveReportRecorded} event. Requirements: those of
    /// {attestReserves}, and `periodStart <= periodEnd <= asOf`.
    function attestReserveReport(
        uint256 amount,
        uint64 asOf,
        bytes32 reportHash,
        string calldata reportURI,
        uint64 periodStart,
        uint64 periodEnd
    ) external;

    /// @notice How many attestations have been recorded: reports are numbered 0 to this number - 1.
    function reserveReportCount() external view returns (uint256);

    /// @notice Attestation number `index` as recorded.
    /// @dev Reverts with {StablecoinUnknownReserveReport} if there is no such report.
    function reserveReport(uint256 index) external view returns (ReserveReport memory);

    /// @notice The latest attestation.
    /// @return amount The attested reserves, in token base units (0 before the first attestation).
    /// @return asOf The time the attestation speaks for (0 before the first attestation).
    /// @return reportHash The hash of the attestation report.
    function reserveAttestation() external view returns (uint256 amount, uint64 asOf, bytes32 reportHash);

    /// @notice The maximum age, in seconds, of the latest attestation for a mint to be allowed.
    function maxAttestationAge() external view returns (uint256);

    /// @notice Set the maximum attestation age.
    /// @dev Emits a {MaxAttestationAgeChanged} event. Requirements: the caller is the owner;
    /// `0 < newMaxAge < 2**64`.
    /// @param newMaxAge The new maximum age, in seconds.
    function setMaxAttestationAge(uint256 newMaxAge) external;

    /// @notice How much can be minted now under the reserve cap: 0 if the attestation is stale or the
    /// supply is at or above the reserves. Minter allowances apply on top.
    function mintableUnderReserves() external view returns (uint256);
}
