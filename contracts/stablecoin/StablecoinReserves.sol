// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {IStablecoinReserves} from "../../interfaces/IStablecoinReserves.sol";
import {StablecoinRoles} from "./StablecoinRoles.sol";

/// @title StablecoinReserves
/// @notice Reserve attestation: the reserve attester posts the attested reserves, and {_checkReserves}
/// refuses a mint above them or after the attestation has gone stale.
/// @dev The as-of time and the maximum age share one slot, so a mint's check reads two slots. The latest
/// attestation's amount, time and digest are kept in those slots for the mint path; the full record of
/// every attestation is appended to `_reports` in the same call (fields are only ever appended to the
/// storage struct).
abstract contract StablecoinReserves is ERC20Upgradeable, StablecoinRoles, IStablecoinReserves {
    /// @custom:storage-location erc7201:sectoken.storage.StablecoinReserves
    struct StablecoinReservesStorage {
        uint256 _reserves;
        uint64 _asOf;
        uint64 _maxAge;
        bytes32 _reportHash;
        ReserveReport[] _reports;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.StablecoinReserves")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STABLECOIN_RESERVES_STORAGE =
        0x6f96bfdda1e82d7fd92d3985941fc01ee53310b8d4e3a1d509b0c8b932383300;

    function _getStablecoinReservesStorage() private pure returns (StablecoinReservesStorage storage $) {
        assembly {
            $.slot := STABLECOIN_RESERVES_STORAGE
        }
    }

    /// @dev Sets the maximum attestation age. There is no attestation yet, so minting waits for the first.
    function __StablecoinReserves_init(uint256 maxAge) internal onlyInitializing {
        _setMaxAttestationAge(maxAge);
    }

    /// @inheritdoc IStablecoinReserves
    function attestReserves(uint256 amount, uint64 asOf, bytes32 reportHash, string calldata reportURI)
        external
        onlyReserveAttester
    {
        _attest(ReserveReport(amount, asOf, asOf, asOf, reportHash, reportURI));
    }

    /// @inheritdoc IStablecoinReserves
    function attestReserveReport(
        uint256 amount,
        uint64 asOf,
        bytes32 reportHash,
        string calldata reportURI,
        uint64 periodStart,
        uint64 periodEnd
    ) external onlyReserveAttester {
        if (periodStart > periodEnd || periodEnd > asOf) {
            revert StablecoinInvalidReportPeriod(periodStart, periodEnd, asOf);
        }
        _attest(ReserveReport(amount, asOf, periodStart, periodEnd, reportHash, reportURI));
    }

    /// @inheritdoc IStablecoinReserves
    function reserveReportCount() external view returns (uint256) {
        return _getStablecoinReservesStorage()._reports.length;
    }

    /// @inheritdoc IStablecoinReserves
    function reserveReport(uint256 index) external view returns (ReserveReport memory) {
        ReserveReport[] storage reports = _getStablecoinReservesStorage()._reports;
        if (index >= reports.length) revert StablecoinUnknownReserveReport(index, reports.length);
        return reports[index];
    }

    /// @inheritdoc IStablecoinReserves
    function reserveAttestation() external view returns (uint256 amount, uint64 asOf, bytes32 reportHash) {
        StablecoinReservesStorage storage $ = _getStablecoinReservesStorage();
        return ($._reserves, $._asOf, $._reportHash);
    }

    /// @inheritdoc IStablecoinReserves
    function maxAttestationAge() external view returns (uint256) {
        return _getStablecoinReservesStorage()._maxAge;
    }

    /// @inheritdoc IStablecoinReserves
    function setMaxAttestationAge(uint256 newMaxAge) external onlyOwner {
        _setMaxAttestationAge(newMaxAge);
    }

    /// @inheritdoc IStablecoinReserves
    function mintableUnderReserves() external view returns (uint256) {
        StablecoinReservesStorage storage $ = _getStablecoinReservesStorage();
        uint256 supply = totalSupply();
        if (_isStale($._asOf, $._maxAge) || supply >= $._reserves) return 0;
        // unchecked: supply < reserves was just checked.
        unchecked {
            return $._reserves - supply;
        }
    }

    /// @dev Records `report` as the latest attestation and appends it to the history, after checking its
    /// time. Emits {ReservesAttested} and {ReserveReportRecorded}.
    function _attest(ReserveReport memory report) private {
        StablecoinReservesStorage storage $ = _getStablecoinReservesStorage();
        uint64 asOf = report.asOf;
        if (asOf > block.timestamp) revert StablecoinAttestationInFuture(asOf, block.timestamp);
        if (asOf <= $._asOf) revert StablecoinAttestationNotNewer(asOf, $._asOf);
        $._reserves = report.amount;
        $._asOf = asOf;
        $._reportHash = report.reportHash;
        $._reports.push(report);
        emit ReservesAttested(_msgSender(), report.amount, asOf, report.reportHash, report.reportURI);
        emit ReserveReportRecorded($._reports.length - 1, report.periodStart, report.periodEnd);
    }

    /// @dev Reverts with {StablecoinAttestationStale} if the latest attestation is older than the maximum
    /// age (or there is none), and with {StablecoinReserveExceeded} if `supplyAfter` is above the reserves.
    function _checkReserves(uint256 supplyAfter) internal view {
        StablecoinReservesStorage storage $ = _getStablecoinReservesStorage();
        uint64 asOf = $._asOf;
        uint64 maxAge = $._maxAge;
        if (_isStale(asOf, maxAge)) revert StablecoinAttestationStale(asOf, maxAge);
        uint256 reserves = $._reserves;
        if (supplyAfter > reserves) revert StablecoinReserveExceeded(supplyAfter, reserves);
    }

    /// @dev Whether an attestation as of `asOf` is older than `maxAge` now; true before any attestation.
    function _isStale(uint64 asOf, uint64 maxAge) private view returns (bool) {
        // Both are below 2**64, so the sum cannot overflow.
        return asOf == 0 || block.timestamp > uint256(asOf) + uint256(maxAge);
    }

    /// @dev Sets the maximum age after checking `0 < newMaxAge < 2**64`. Emits {MaxAttestationAgeChanged}.
    function _setMaxAttestationAge(uint256 newMaxAge) private {
        if (newMaxAge == 0 || newMaxAge > type(uint64).max) revert StablecoinInvalidMaxAttestationAge(newMaxAge);
        StablecoinReservesStorage storage $ = _getStablecoinReservesStorage();
        uint256 previousMaxAge = $._maxAge;
        $._maxAge = uint64(newMaxAge);
        emit MaxAttestationAgeChanged(previousMaxAge, newMaxAge);
    }
}
