// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {ICompliance} from "../../interfaces/ICompliance.sol";
import {IModularCompliance} from "../../interfaces/IModularCompliance.sol";
import {IModule} from "../../interfaces/IModule.sol";
import {Investor, TransferContext, TransferKind} from "../../interfaces/ITransferTypes.sol";
import {RestrictionCodes, TransferRestricted} from "../libraries/RestrictionCodes.sol";

/// @notice The two things the compliance reads from its token to build a context itself.
interface IComplianceTokenView {
    function identityRegistry() external view returns (address);
    function balanceOf(address account) external view returns (uint256);
}

/// @notice The one registry read the compliance needs: a wallet's investor record.
interface IComplianceRegistryView {
    function investor(address wallet) external view returns (Investor memory);
}

/// @title ModularCompliance
/// @notice ERC-3643-style compliance for one security token: an ordered list of at most
/// {MAX_MODULES} modules, each enforcing one rule and answering with an ERC-1404 code.
/// @dev Modules are kept sorted by `RestrictionCodes.priority(module.restrictionCode())` when added,
/// so the code a refusal reports is fixed whatever order the owner added them in. The token and the
/// module count share one storage slot: the transfer path reads it once, then one slot per module.
contract ModularCompliance is IModularCompliance, Ownable2Step {
    /// @inheritdoc ICompliance
    uint256 public constant MAX_MODULES = 25;

    address private _token;
    uint8 private _moduleCount;
    address[MAX_MODULES] private _modules;
    mapping(address module => bool) private _bound;

    /// @dev Only the bound token.
    modifier onlyToken() {
        if (msg.sender != _token) revert ComplianceOnlyToken(msg.sender);
        _;
    }

    /// @param initialOwner The only account that binds the token, and that manages modules and their settings.
    constructor(address initialOwner) Ownable(initialOwner) {}

    // ------------------------------------------------------------------ token binding

    /// @inheritdoc ICompliance
    /// @dev Only the owner binds, and only to a token that is already deployed: no other account can bind
    /// itself while no token is bound (it could then drive the modules' state hooks with forged
    /// transfers). Emits a {TokenBound} event.
    ///
    /// Requirements:
    /// - the caller is the owner;
    /// - `token` is not zero and no token is bound yet.
    function bindToken(address token) external onlyOwner {
        if (token == address(0)) revert ComplianceZeroAddress();
        address bound = _token;
        if (bound != address(0)) revert ComplianceTokenAlreadyBound(bound);
        _token = token;
        emit TokenBound(token);
    }

    /// @inheritdoc ICompliance
    /// @dev Callable by the owner or by the bound token itself.
    /// Emits a {TokenUnbound} event.
    ///
    /// Requirements:
    /// - `token` is the bound token.
    function unbindToken(address token) external {
        if (msg.sender != owner() && msg.sender != token) revert OwnableUnauthorizedAccount(msg.sender);
        if (token == address(0)) revert ComplianceZeroAddress();
        if (token != _token) revert ComplianceTokenNotBound(token);
        _token = address(0);
        emit TokenUnbound(token);
    }

    /// @inheritdoc ICompliance
    function getTokenBound() external view returns (address) {
        return _token;
    }

    // ------------------------------------------------------------------ modules

    /// @inheritdoc ICompliance
    /// @dev Inserted after every module of the same or a lower priority rank.
    /// Emits a {ModuleAdded} event.
    ///
    /// Requirements:
    /// - the caller is the owner; `module` is not zero and not bound yet;
    /// - fewer than {MAX_MODULES} modules are bound;
    /// - `module.compliance()` is this contract.
    function addModule(address module) external onlyOwner {
        if (module == address(0)) revert ComplianceZeroAddress();
        if (_bound[module]) revert ComplianceModuleAlreadyBound(module);
        uint256 n = _moduleCount;
        if (n >= MAX_MODULES) revert ComplianceTooManyModules(MAX_MODULES);
        address served = IModule(module).compliance();
        if (served != address(this)) revert ComplianceModuleForeign(module, served);

        uint8 rank = RestrictionCodes.priority(IModule(module).restrictionCode());
        uint256 i = n;
        while (i > 0 && RestrictionCodes.priority(IModule(_modules[i - 1]).restrictionCode()) > rank) {
            _modules[i] = _modules[i - 1];
            --i;
        }
        _modules[i] = module;
        _bound[module] = true;
        // n < MAX_MODULES (checked above), so n + 1 fits in a uint8.
        _moduleCount = uint8(n + 1);
        emit ModuleAdded(module);
    }

    /// @inheritdoc ICompliance
    /// @dev The modules after it move up one place, keeping their order.
    /// Emits a {ModuleRemoved} event.
    ///
    /// Requirements:
    /// - the caller is the owner; `module` is bound.
    function removeModule(address module) external onlyOwner {
        if (module == address(0)) revert ComplianceZeroAddress();
        if (!_bound[module]) revert ComplianceModuleNotBound(module);
        uint256 n = _moduleCount;
        uint256 i;
        while (_modules[i] != module) ++i;
        for (; i + 1 < n; ++i) {
            _modules[i] = _modules[i + 1];
        }
        delete _modules[n - 1];
        delete _bound[module];
        // The module was bound, so n >= 1.
        _moduleCount = uint8(n - 1);
        emit ModuleRemoved(module);
    }

    /// @inheritdoc ICompliance
    function getModules() external view returns (address[] memory modules) {
        uint256 n = _moduleCount;
        modules = new address[](n);
        for (uint256 i; i < n; ++i) {
            modules[i] = _modules[i];
        }
    }

    /// @inheritdoc ICompliance
    function isModuleBound(address module) external view returns (bool) {
        return _bound[module];
    }

    // ------------------------------------------------------------------ checks

    /// @inheritdoc ICompliance
    function checkTransfer(TransferContext calldata ctx) external view returns (uint8) {
        uint256 n = _moduleCount;
        for (uint256 i; i < n; ++i) {
            uint8 code = IModule(_modules[i]).check(ctx);
            if (code != 0) return code;
        }
        return 0;
    }

    /// @inheritdoc ICompliance
    /// @dev Builds the context itself: kind `Mint` when `from` is zero, `Burn` when `to` is zero, else
    /// `Transfer`; investor records from the token's identity registry.
    function detectTransferRestriction(address from, address to, uint256 amount) public view returns (uint8) {
        TransferContext memory ctx = _context(from, to, amount, 0);
        uint256 n = _moduleCount;
        for (uint256 i; i < n; ++i) {
            uint8 code = IModule(_modules[i]).check(ctx);
            if (code != 0) return code;
        }
        return 0;
    }

    /// @inheritdoc ICompliance
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return detectTransferRestriction(from, to, amount) == 0;
    }

    // ------------------------------------------------------------------ state hooks

    /// @inheritdoc ICompliance
    function applyTransfer(TransferContext calldata ctx) external onlyToken {
        uint256 n = _moduleCount;
        for (uint256 i; i < n; ++i) {
            uint8 code = IModule(_modules[i]).onTransfer(ctx);
            if (code != 0) revert TransferRestricted(code);
        }
    }

    /// @inheritdoc ICompliance
    /// @dev ERC-3643 tokens call this after moving balances, so the sender's balance before the
    /// transfer is rebuilt as its balance now plus `amount`.
    function transferred(address from, address to, uint256 amount) external onlyToken {
        _applyMemory(_context(from, to, amount, amount));
    }

    /// @inheritdoc ICompliance
    function created(address to, uint256 amount) external onlyToken {
        _applyMemory(_context(address(0), to, amount, 0));
    }

    /// @inheritdoc ICompliance
    /// @dev Called after the burn: the balance before it is rebuilt as the balance now plus `amount`.
    function destroyed(address from, uint256 amount) external onlyToken {
        _applyMemory(_context(from, address(0), amount, amount));
    }

    /// @dev {applyTransfer} for a context built in memory.
    function _applyMemory(TransferContext memory ctx) private {
        uint256 n = _moduleCount;
        for (uint256 i; i < n; ++i) {
            uint8 code = IModule(_modules[i]).onTransfer(ctx);
            if (code != 0) revert TransferRestricted(code);
        }
    }

    /// @dev A context for a balance change the token reports by addresses only. `moved` is added to the
    /// sender's current balance (the amount already moved out when called after the change).
    function _context(address from, address to, uint256 amount, uint256 moved)
        private
        view
        returns (TransferContext memory ctx)
    {
        address token = _token;
        if (token == address(0)) revert ComplianceNoToken();
        IComplianceRegistryView registry = IComplianceRegistryView(IComplianceTokenView(token).identityRegistry());
        ctx.kind = from == address(0) ? TransferKind.Mint : (to == address(0) ? TransferKind.Burn : TransferKind.Transfer);
        ctx.from = from;
        ctx.to = to;
        ctx.amount = amount;
        if (from != address(0)) {
            ctx.fromBalance = IComplianceTokenView(token).balanceOf(from) + moved;
            ctx.sender = registry.investor(from);
        }
        if (to != address(0)) ctx.recipient = registry.investor(to);
    }
}
