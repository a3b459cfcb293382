// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {ICompliance} from "../../../interfaces/ICompliance.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";

/// @title AbstractModule
/// @notice What every built-in rule module shares: the one compliance it serves (fixed at deploy), the
/// access check for the compliance's owner (or the compliance itself, relaying `callModuleFunction`), the
/// token whose rule engine holds the settings, and small helpers for country lists.
/// @dev A built-in module keeps no transfer-path state: the token applies the rule from its own packed
/// words, which the module writes. The module keeps only what tools list (e.g. the countries configured).
abstract contract AbstractModule is IConfigurableModule {
    using EnumerableSet for EnumerableSet.UintSet;

    address private immutable _compliance;
    uint8 private immutable _ruleId;

    /// @dev Only the owner of the compliance this module serves, or the compliance relaying its call.
    modifier onlyComplianceOwner() {
        _checkComplianceOwner();
        _;
    }

    /// @param compliance_ The compliance this module serves, for good.
    /// @param ruleId_ The rule's number in the token's rule engine.
    constructor(address compliance_, uint8 ruleId_) {
        if (compliance_ == address(0)) revert ModuleZeroAddress();
        _compliance = compliance_;
        _ruleId = ruleId_;
    }

    /// @inheritdoc IConfigurableModule
    function compliance() external view returns (address) {
        return _compliance;
    }

    /// @inheritdoc IConfigurableModule
    function ruleId() external view returns (uint8) {
        return _ruleId;
    }

    /// @dev The check of {onlyComplianceOwner}, in one place.
    function _checkComplianceOwner() internal view {
        if (msg.sender != _compliance && msg.sender != Ownable(_compliance).owner()) {
            revert ModuleOnlyComplianceOwner(msg.sender);
        }
    }

    /// @dev The rule engine of the token bound to the compliance.
    function _engine() internal view returns (IRuleEngine engine) {
        engine = IRuleEngine(ICompliance(_compliance).getTokenBound());
        if (address(engine) == address(0)) revert ModuleNoToken();
    }

    /// @dev The engine's rule word of `country`, as a struct.
    function _countryRule(IRuleEngine engine, uint16 country) internal view returns (CountryWord memory w) {
        (w.allowed, w.restricted, w.lockSet, w.lockPeriod, w.anyOf, w.allOf) = engine.countryRule(country);
    }

    /// @dev Write the rule word of `country`.
    function _setCountryRule(IRuleEngine engine, uint16 country, CountryWord memory w) internal {
        engine.setCountryRule(country, w.allowed, w.restricted, w.lockSet, w.lockPeriod, w.anyOf, w.allOf);
    }

    /// @dev A country's settings in the engine.
    struct CountryWord {
        bool allowed;
        bool restricted;
        bool lockSet;
        uint32 lockPeriod;
        uint96 anyOf;
        uint96 allOf;
    }

    /// @dev Reverts unless `value` fits `max`.
    function _checkFits(uint256 value, uint256 max) internal pure {
        if (value > max) revert ModuleSettingTooLarge(value, max);
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
