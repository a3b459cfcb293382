// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ModuleSetting} from "./IModularCompliance.sol";

/// @title IOfferingFactory
/// @notice Deploys an offering (token + compliance proxies of shared implementations) in one transaction,
/// owned by the caller from the start, with its rules switched on and set and its agents appointed.
interface IOfferingFactory {
    /// @notice What one offering is made of.
    /// @param name Token name (not empty).
    /// @param symbol Token symbol (not empty).
    /// @param decimals Token decimals.
    /// @param identityRegistry The issuer's identity registry (its owner binds the token to it).
    /// @param onchainID The token's ONCHAINID (may be zero).
    /// @param agents The token's agents (all five powers each).
    /// @param modules The compliance's built-in rule modules to switch on.
    /// @param settings The rule settings, as `callModuleFunction` payloads of built-in modules.
    struct Offering {
        string name;
        string symbol;
        uint8 decimals;
        address identityRegistry;
        address onchainID;
        address[] agents;
        address[] modules;
        ModuleSetting[] settings;
    }

    /// @notice Emitted when `owner` deployed an offering: its `token` and `compliance`, created with `salt`.
    event OfferingDeployed(address indexed token, address indexed compliance, address indexed owner, bytes32 salt);

    /// @notice An implementation given to the constructor is the zero address.
    error OfferingFactoryZeroAddress();

    /// @notice The token implementation every offering's token proxy runs.
    function tokenImplementation() external view returns (address);

    /// @notice The compliance implementation every offering's compliance proxy runs.
    function complianceImplementation() external view returns (address);

    /// @notice Deploy an offering owned by the caller, in this one transaction: the token and compliance
    /// proxies (CREATE2, salt from the caller and `salt`), both initialised with the caller as owner, the
    /// compliance bound to the token, `offering.modules` switched on, `offering.settings` applied and
    /// `offering.agents` appointed. Emits {OfferingDeployed} (and the token's and compliance's events).
    ///
    /// Requirements: the caller has not deployed an offering with `salt` through this factory; every
    /// module is a built-in module of the compliance implementation; every setting is accepted.
    /// @return token The token (its proxy).
    /// @return compliance The compliance (its proxy).
    function deployOffering(bytes32 salt, Offering calldata offering)
        external
        returns (address token, address compliance);

    /// @notice Where `deployer`'s offering created with `salt` is (or will be): a resumed deployment checks
    /// for code there.
    function offeringAddresses(address deployer, bytes32 salt)
        external
        view
        returns (address token, address compliance);
}
