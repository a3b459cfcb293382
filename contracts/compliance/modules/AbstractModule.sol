// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {ICompliance} from "../../../interfaces/ICompliance.sol";
import {IConfigurableModule} from "../../../interfaces/modules/IConfigurableModule.sol";
import {IRuleEngine} from "../../../interfaces/IRuleEngine.sol";
import {IToken} from "../../../interfaces/IToken.sol";

/// @title AbstractModule
/// @notice What every built-in rule module shares. One deployment serves every compliance (T-REX style): a
/// setter is called by a compliance ({onlyComplianceCall}: its owner relays the call with
/// `callModuleFunction`) and writes the rule engine of the token bound to that compliance, passing the
/// compliance along so that the token accepts it only from its own; views take the compliance as argument.
/// @dev A built-in module keeps no transfer-path state: the token applies the rule from its own packed
/// words, which the module writes. The module keeps only what tools list (countries, as one bitmap of four
/// words per compliance: ISO 3166-1 numeric codes are 1-999).
abstract contract AbstractModule is IConfigurableModule {
    uint8 private immutable _ruleId;

    /// @notice Countries as a bitmap: bit `c % 256` of word `c / 256` set for country `c`.
    struct CountrySet {
        uint256[4] words;
    }

    /// @dev Only a compliance that has this module among its built-in modules (the token still checks
    /// that the compliance is its own).
    modifier onlyComplianceCall() {
        _checkComplianceCall();
        _;
    }

    /// @param ruleId_ The rule's number in the token's rule engine.
    constructor(uint8 ruleId_) {
        _ruleId = ruleId_;
    }

    /// @inheritdoc IConfigurableModule
    function ruleId() external view returns (uint8) {
        return _ruleId;
    }

    /// @dev The check of {onlyComplianceCall}, in one place.
    function _checkComplianceCall() internal view {
        if (msg.sender.code.length != 0) {
            try ICompliance(msg.sender).isBuiltinModule(address(this)) returns (bool builtin) {
                if (builtin) return;
            } catch {}
        }
        revert ModuleOnlyComplianceCall(msg.sender);
    }

    /// @dev The rule engine of the token bound to `compliance`.
    function _engine(address compliance) internal view returns (IRuleEngine engine) {
        engine = IRuleEngine(ICompliance(compliance).getTokenBound());
        if (address(engine) == address(0)) revert ModuleNoToken();
    }

    /// @dev The rule engine a setter writes: the token bound to the calling compliance, which must be that
    /// token's compliance (the token checks it again; checked here too so that a setter that would write
    /// nothing, such as removing a country never listed, is refused all the same).
    function _callerEngine() internal view returns (IRuleEngine engine) {
        engine = _engine(msg.sender);
        if (address(IToken(address(engine)).compliance()) != msg.sender) {
            revert IRuleEngine.RuleEngineForeignCompliance(msg.sender);
        }
    }

    /// @dev The engine's rule word of `country`, as a struct.
    function _countryRule(IRuleEngine engine, uint16 country) internal view returns (CountryWord memory w) {
        (w.allowed, w.restricted, w.lockSet, w.lockPeriod, w.anyOf, w.allOf) = engine.countryRule(country);
    }

    /// @dev Write the rule word of `country`, on behalf of the calling compliance.
    function _setCountryRule(IRuleEngine engine, uint16 country, CountryWord memory w) internal {
        engine.setCountryRule(msg.sender, country, w.allowed, w.restricted, w.lockSet, w.lockPeriod, w.anyOf, w.allOf);
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

    /// @dev Put `country` (1-999) in or out of `set`; whether that changed it.
    function _setCountry(CountrySet storage set, uint16 country, bool member) internal returns (bool changed) {
        if (country == 0 || country > 999) return false; // never a member (adding checks the code first)
        uint256 bit = uint256(1) << (country & 0xff);
        uint256 word = set.words[country >> 8];
        uint256 updated = member ? word | bit : word & ~bit;
        if (updated == word) return false;
        set.words[country >> 8] = updated;
        return true;
    }

    /// @dev Whether `country` is in `set`.
    function _hasCountry(CountrySet storage set, uint16 country) internal view returns (bool) {
        if (country > 999) return false;
        return set.words[country >> 8] & (uint256(1) << (country & 0xff)) != 0;
    }

    /// @dev The members of `set`, in increasing order.
    function _countries(CountrySet storage set) internal view returns (uint16[] memory out) {
        uint256[4] memory words = set.words;
        uint256 n;
        for (uint256 w; w < 4; ++w) {
            for (uint256 x = words[w]; x != 0; x &= x - 1) ++n;
        }
        out = new uint16[](n);
        uint256 k;
        for (uint256 w; w < 4; ++w) {
            uint256 x = words[w];
            for (uint256 b; x != 0; ++b) {
                // At most 4 * 256 countries: each fits 16 bits.
                if (x & 1 != 0) out[k++] = uint16(w * 256 + b);
                x >>= 1;
            }
        }
    }

    /// @dev "826,840": the members of `set` joined by commas.
    function _join(CountrySet storage set) internal view returns (string memory out) {
        uint16[] memory countries = _countries(set);
        for (uint256 i; i < countries.length; ++i) {
            out = string.concat(out, i == 0 ? "" : ",", Strings.toString(countries[i]));
        }
    }
}
