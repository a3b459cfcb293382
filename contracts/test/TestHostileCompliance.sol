// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/// @title TestHostileCompliance
/// @notice A contract posing as a compliance, to test that the shared built-in modules cannot be driven
/// into writing another issuer's token: it names the victim token as its own, claims every module as one of
/// its built-in modules, and relays any call to a module as a compliance's `callModuleFunction` would.
contract TestHostileCompliance {
    address private immutable _victim;

    /// @param victim The token this contract pretends to be bound to.
    constructor(address victim) {
        _victim = victim;
    }

    /// @notice The victim token, as if it were bound to this contract.
    function getTokenBound() external view returns (address) {
        return _victim;
    }

    /// @notice Every module is "one of its built-in modules".
    function isBuiltinModule(address) external pure returns (bool) {
        return true;
    }

    /// @notice Call `module` with `callData` as this contract, bubbling any revert.
    function callModuleFunction(bytes calldata callData, address module) external {
        Address.functionCall(module, callData);
    }
}
