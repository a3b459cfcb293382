// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TransferContext} from "./ITransferTypes.sol";

/// @title ICompliance
/// @notice ERC-3643-style modular compliance bound to one security token, with sectoken's extensions:
/// ERC-1404 codes and a context-passing hook that spares modules any registry calls.
interface ICompliance {
    /// @notice Emitted when a token is bound to this compliance.
    event TokenBound(address token);
    /// @notice Emitted when the token is unbound.
    event TokenUnbound(address token);
    /// @notice Emitted when a module is added.
    event ModuleAdded(address indexed module);
    /// @notice Emitted when a module is removed.
    event ModuleRemoved(address indexed module);
    /// @notice Emitted when the owner calls a module through {callModuleFunction} (ERC-3643 name).
    event ModuleInteraction(address indexed target, bytes4 selector);

    error ComplianceOnlyToken(address caller);
    error ComplianceTokenAlreadyBound(address token);
    error ComplianceModuleAlreadyBound(address module);
    error ComplianceModuleNotBound(address module);
    error ComplianceTooManyModules(uint256 max);
    error ComplianceModuleForeign(address module, address moduleCompliance);
    error ComplianceZeroAddress();
    /// @notice `module` is a built-in rule module, but not one of this compliance's (it has no hooks to
    /// call as a third-party module).
    error ComplianceNotBuiltinModule(address module);

    // --- ERC-3643 surface ---
    /// @notice Bind `token`: from then on only it drives the state hooks. Only the compliance's owner may
    /// bind (ERC-3643's reference also lets a token bind itself while none is bound; that leaves a window
    /// in which any contract can bind itself and push forged transfers through the modules).
    function bindToken(address token) external;
    /// @notice Unbind `token`; the owner or the bound token itself may.
    function unbindToken(address token) external;
    function addModule(address module) external;
    function removeModule(address module) external;
    function getModules() external view returns (address[] memory);
    function getTokenBound() external view returns (address);
    function isModuleBound(address module) external view returns (bool);
    /// @notice Call `module` with `callData` as this compliance (ERC-3643): how ERC-3643 tools set a
    /// module's settings. Only the owner may. Emits a {ModuleInteraction} event.
    function callModuleFunction(bytes calldata callData, address module) external;
    /// @notice Whether a plain transfer `from` -> `to` of `amount` passes every module.
    function canTransfer(address from, address to, uint256 amount) external view returns (bool);
    /// @notice ERC-3643 hooks; only the bound token may call them (sectoken's token uses {applyTransfer}).
    function transferred(address from, address to, uint256 amount) external;
    function created(address to, uint256 amount) external;
    function destroyed(address from, uint256 amount) external;

    // --- sectoken extensions ---
    /// @notice The built-in rule modules, by rule number (see `IRuleEngine`): one deployment of each serves
    /// every compliance of this implementation, fixed when the implementation is deployed. `addModule`/
    /// `removeModule` of one switches its rule on or off in the token; its settings are reached through
    /// {callModuleFunction}.
    function builtinModules() external view returns (address[14] memory);
    /// @notice Whether `module` is one of this compliance's built-in rule modules.
    function isBuiltinModule(address module) external view returns (bool);
    /// @notice Maximum number of modules.
    function MAX_MODULES() external view returns (uint256);
    /// @notice The first failing module's ERC-1404 code for a plain transfer (0 if all pass), in the fixed
    /// order of `RestrictionCodes.priority`.
    function detectTransferRestriction(address from, address to, uint256 amount) external view returns (uint8);
    /// @notice Same as {detectTransferRestriction} with the context supplied by the caller.
    function checkTransfer(TransferContext calldata ctx) external view returns (uint8);
    /// @notice Check and record a balance change; reverts with `TransferRestricted(code)` (declared in
    /// contracts/libraries/RestrictionCodes.sol) if a module refuses. Only the bound token may call it.
    function applyTransfer(TransferContext calldata ctx) external;
}
