// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IModule} from "../../../interfaces/IModule.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";

/// @title AbstractModule
/// @notice What every compliance module shares: the one compliance it serves (fixed at deploy), the
/// access checks for the compliance and its owner, and small helpers for country lists.
abstract contract AbstractModule is IConfigurableModule {
    using EnumerableSet for EnumerableSet.UintSet;

    /// @dev Immutable, so checking the caller costs no storage read on the transfer path.
    address private immutable _compliance;

    /// @dev Only the compliance this module serves.
    modifier onlyCompliance() {
        _checkCompliance();
        _;
    }

    /// @dev The check of {onlyCompliance}, in one place (not copied into every function the modifier guards).
    function _checkCompliance() internal view {
        if (msg.sender != _compliance) revert ModuleOnlyCompliance(msg.sender);
    }

    /// @dev Only the owner of the compliance this module serves.
    modifier onlyComplianceOwner() {
        _checkComplianceOwner();
        _;
    }

    /// @dev The check of {onlyComplianceOwner}, in one place (not copied into every function the modifier guards).
    function _checkComplianceOwner() internal view {
        if (msg.sender != Ownable(_compliance).owner()) revert ModuleOnlyComplianceOwner(msg.sender);
    }

    /// @param compliance_ The ModularCompliance this module serves, for good.
    constructor(address compliance_) {
        if (compliance_ == address(0)) revert ModuleZeroAddress();
        _compliance = compliance_;
    }

    /// @inheritdoc IModule
    function compliance() external view returns (address) {
        return _compliance;
    }

    /// @dev The identity a balance belongs to: the investor's identity, or the wallet itself when it has
    /// none.
    function _holder(address identity, address wallet) internal pure returns (address) {
        return identity != address(0) ? identity : wallet;
    }

    /// @dev Reverts unless `country` is an ISO 3166-1 numeric code.
    function _checkCountry(uint16 country) internal pure {
        if (country == 0 || country > 999) revert ModuleInvalidCountry(country);
    }

    /// @dev The members of a country set as `uint16`s.
    function _countries(EnumerableSet.UintSet storage set) internal view returns (uint16[] memory out) {
        uint256 n = set.length();
        out = new uint16[](n);
        for (uint256 i; i < n; ++i) {
            out[i] = uint16(set.at(i));
        }
    }

    /// @dev "826,840": the members of a number set joined by commas.
    function _join(EnumerableSet.UintSet storage set) internal view returns (string memory out) {
        uint256 n = set.length();
        for (uint256 i; i < n; ++i) {
            out = string.concat(out, i == 0 ? "" : ",", Strings.toString(set.at(i)));
        }
    }
}
