// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/// @title OfferingProxy
/// @notice The ERC-1967 proxy that holds one offering's security token or compliance, or an issuer's identity
/// registry: its state and address. The logic is a {SecurityToken}, {ModularCompliance} or {IdentityRegistry}
/// implementation shared by every proxy of its kind, upgraded by the proxy's owner through the
/// implementation's UUPS `upgradeToAndCall`.
/// @dev OpenZeppelin's {ERC1967Proxy} under a name of its own. Pass the implementation's `initialize` call as
/// `data`: the proxy is then initialised in the transaction that creates it, so no one can front-run it.
contract OfferingProxy is ERC1967Proxy {
    /// @param implementation The implementation contract.
    /// @param data The initialisation call, run by delegatecall in the constructor.
    constructor(address implementation, bytes memory data) payable ERC1967Proxy(implementation, data) {}
}
