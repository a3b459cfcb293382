// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC1967Proxy} from "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol";

/// @title StablecoinProxy
/// @notice The ERC-1967 proxy that holds a stablecoin's state and address; the logic is a {Stablecoin}
/// implementation, upgraded by the stablecoin's owner through the implementation's UUPS `upgradeToAndCall`.
/// @dev OpenZeppelin's {ERC1967Proxy} under a name of its own, so deployments and explorers show what it
/// fronts. Pass `abi.encodeCall(Stablecoin.initialize, (...))` as `data`: the proxy is then initialised in
/// the transaction that creates it and no one can front-run the initialisation.
contract StablecoinProxy is ERC1967Proxy {
    /// @param implementation The {Stablecoin} implementation contract.
    /// @param data The initialisation call, run by delegatecall in the constructor.
    constructor(address implementation, bytes memory data) payable ERC1967Proxy(implementation, data) {}
}
