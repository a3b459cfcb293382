// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TokenStorage} from "../token/TokenStorage.sol";
import {ModularCompliance} from "../compliance/ModularCompliance.sol";
import {AgentRole} from "../registry/AgentRole.sol";
import {IdentityRegistry} from "../registry/IdentityRegistry.sol";

/// @title TestStorageLayouts
/// @notice TEST ONLY. Declares the ERC-7201 namespaced state structs of the upgradeable contracts as
/// ordinary state, so that the compiler's `storageLayout` output describes their members (slot, offset,
/// type): a test compares that with the layout the deployed proxies were built with. Never deployed.
contract TestStorageLayouts is TokenStorage {
    TokenState internal token;
    ModularCompliance.ComplianceState internal compliance;
    IdentityRegistry.RegistryState internal registry;
    AgentRole.AgentRoleState internal agents;
}
