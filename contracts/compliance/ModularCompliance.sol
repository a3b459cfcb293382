// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable2StepUpgradeable} from "@openzeppelin/contracts-upgradeable/access/Ownable2StepUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ICompliance} from "../../interfaces/ICompliance.sol";
import {IModularCompliance, ModuleSetting} from "../../interfaces/IModularCompliance.sol";
import {IModule} from "../../interfaces/IModule.sol";
import {IRuleEngine} from "../../interfaces/IRuleEngine.sol";
import {IConfigurableModule} from "../../interfaces/modules/IConfigurableModule.sol";
import {Investor, TransferContext, TransferKind} from "../../interfaces/ITransferTypes.sol";
import {RestrictionCodes, TransferRestricted} from "../libraries/RestrictionCodes.sol";

/// @notice The two things the compliance reads from its token to build a context itself.
interface IComplianceTokenView {
    function identityRegistry() external view returns (address);
    function balanceOf(address account) external view returns (uint256);
    function detectTransferRestriction(address from, address to, uint256 value) external view returns (uint8);
    function compliance() external view returns (address);
}

/// @notice The one registry read the compliance needs: a wallet's investor record.
interface IComplianceRegistryView {
    function investor(address wallet) external view returns (Investor memory);
}

/// @title ModularCompliance
/// @notice The ERC-3643 compliance of one security token, as tools built for ERC-3643 see it: modules to
/// add, remove, list and call. The eight rules of sectoken are compiled into the token; each appears here
/// as a built-in module whose `addModule`/`removeModule` switches its rule on or off and whose settings it
/// writes into the token. Third-party module contracts ({IModule}) can still be added: the token calls them
/// (through {applyTransfer}) on every balance change after its own rules, and only while there are any.
/// @dev Runs behind an ERC-1967 proxy (UUPS, upgraded by the owner only), state in an ERC-7201 namespace.
/// Third-party modules are kept sorted by `RestrictionCodes.priority(module.restrictionCode())`.
contract ModularCompliance is IModularCompliance, Ownable2StepUpgradeable, UUPSUpgradeable {
    /// @inheritdoc ICompliance
    uint256 public constant MAX_MODULES = 25;

    /// @custom:storage-location erc7201:sectoken.storage.ModularCompliance
    struct ComplianceState {
        address token;
        uint8 moduleCount;
        address[MAX_MODULES] modules;
        mapping(address module => bool) bound;
        /// @dev Retired (the built-in modules are the implementation's immutables); kept so that the layout
        /// of deployed proxies stays.
        address[8] builtin;
        /// @dev Retired, as {builtin}.
        mapping(address module => uint8) builtinRule;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.ModularCompliance")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STATE_SLOT = 0x09dcf19416bf4c4460fdac0e939f572fad6f961a8e9d3fa3696f0a665c83fb00;

    /// @dev The number of built-in rules.
    uint256 private constant _BUILTINS = 14;
    /// @dev Built-in rules in the order their codes are checked (30, 16, 17, 24, 22, 29, 21, 28, 23, 26, 18,
    /// 19, 25, 20), one byte each from the left.
    uint112 private constant _CHECK_ORDER = 0x0d000108060c050b070a0203_0904;

    /// @dev Only the bound token.
    modifier onlyToken() {
        if (msg.sender != _state().token) revert ComplianceOnlyToken(msg.sender);
        _;
    }

    /// @dev The built-in rule modules, by rule number (shared by every proxy of this implementation).
    address private immutable _builtin0;
    address private immutable _builtin1;
    address private immutable _builtin2;
    address private immutable _builtin3;
    address private immutable _builtin4;
    address private immutable _builtin5;
    address private immutable _builtin6;
    address private immutable _builtin7;
    address private immutable _builtin8;
    address private immutable _builtin9;
    address private immutable _builtin10;
    address private immutable _builtin11;
    address private immutable _builtin12;
    address private immutable _builtin13;

    /// @dev The implementation itself can never be initialised: only proxies are.
    /// @param builtins The shared built-in rule module of each rule, by rule number (each module's
    /// `ruleId()` must be its index).
    constructor(address[_BUILTINS] memory builtins) {
        for (uint256 i; i < _BUILTINS; ++i) {
            if (builtins[i] == address(0)) revert ComplianceZeroAddress();
            if (IConfigurableModule(builtins[i]).ruleId() != i) revert ComplianceNotBuiltinModule(builtins[i]);
        }
        (_builtin0, _builtin1, _builtin2, _builtin3) = (builtins[0], builtins[1], builtins[2], builtins[3]);
        (_builtin4, _builtin5, _builtin6, _builtin7) = (builtins[4], builtins[5], builtins[6], builtins[7]);
        (_builtin8, _builtin9, _builtin10, _builtin11) = (builtins[8], builtins[9], builtins[10], builtins[11]);
        (_builtin12, _builtin13) = (builtins[12], builtins[13]);
        _disableInitializers();
    }

    /// @notice Set the proxy up, in the transaction that deploys it.
    /// @param initialOwner The only account that binds the token, and that manages modules and settings.
    function initialize(address initialOwner) external initializer {
        __Ownable_init(initialOwner);
    }

    /// @inheritdoc IModularCompliance
    /// @dev For {OfferingFactory}, which creates the proxy and calls this in one transaction (the proxy must
    /// exist for the modules to call it back). The rules are switched on with one write to the token.
    function initializeOffering(
        address initialOwner,
        address token,
        address[] calldata modules,
        ModuleSetting[] calldata settings
    ) external initializer {
        __Ownable_init(initialOwner);
        _bind(token);
        uint16 on = 0;
        for (uint256 i; i < modules.length; ++i) {
            uint8 rule = _ruleOf(modules[i]);
            if (rule == 0) revert ComplianceNotBuiltinModule(modules[i]);
            on |= uint16(1 << (rule - 1));
            emit ModuleAdded(modules[i]);
        }
        if (on != 0) IRuleEngine(token).setRules(on);
        // The settings' own events (the module's and the token's) record them: no {ModuleInteraction} here.
        for (uint256 i; i < settings.length; ++i) {
            address module = settings[i].module;
            if (_ruleOf(module) == 0) revert ComplianceNotBuiltinModule(module);
            Address.functionCall(module, settings[i].callData);
        }
    }

    // ------------------------------------------------------------------ token binding

    /// @inheritdoc ICompliance
    /// @dev Only the owner binds: no other account can bind itself while no token is bound. Emits a
    /// {TokenBound} event. Requirements: the caller is the owner; `token` is not zero; none is bound.
    function bindToken(address token) external onlyOwner {
        _bind(token);
        ComplianceState storage $ = _state();
        // A token switching to this compliance later (`setCompliance`) calls its modules anyway.
        if ($.moduleCount != 0) _switchExternalModules(token, true);
    }

    /// @inheritdoc ICompliance
    /// @dev Callable by the owner or by the bound token itself. Emits a {TokenUnbound} event.
    function unbindToken(address token) external {
        if (msg.sender != owner() && msg.sender != token) revert OwnableUnauthorizedAccount(msg.sender);
        if (token == address(0)) revert ComplianceZeroAddress();
        ComplianceState storage $ = _state();
        if (token != $.token) revert ComplianceTokenNotBound(token);
        $.token = address(0);
        emit TokenUnbound(token);
    }

    /// @inheritdoc ICompliance
    function getTokenBound() external view returns (address) {
        return _state().token;
    }

    // ------------------------------------------------------------------ modules

    /// @inheritdoc ICompliance
    function builtinModules() public view returns (address[_BUILTINS] memory) {
        return [
            _builtin0, _builtin1, _builtin2, _builtin3, _builtin4, _builtin5, _builtin6, _builtin7, _builtin8,
            _builtin9, _builtin10, _builtin11, _builtin12, _builtin13
        ];
    }

    /// @inheritdoc ICompliance
    function isBuiltinModule(address module) public view returns (bool) {
        return _ruleOf(module) != 0;
    }

    /// @inheritdoc ICompliance
    /// @dev A built-in module switches its rule on in the bound token. A third-party module is inserted after
    /// every module of the same or a lower priority rank, and the token starts calling the modules.
    /// Emits a {ModuleAdded} event.
    /// Requirements: the caller is the owner; `module` not zero and not bound; for a built-in module, a
    /// token is bound; for a third-party module, fewer than {MAX_MODULES} are bound and
    /// `module.compliance()` is this contract.
    function addModule(address module) external onlyOwner {
        if (module == address(0)) revert ComplianceZeroAddress();
        if (isModuleBound(module)) revert ComplianceModuleAlreadyBound(module);
        ComplianceState storage $ = _state();
        uint8 rule = _ruleOf(module);
        if (rule != 0) {
            IRuleEngine engine = _engine();
            (uint16 on,) = engine.rules();
            engine.setRules(on | uint16(1 << (rule - 1)));
            emit ModuleAdded(module);
            return;
        }
        uint256 n = $.moduleCount;
        if (n >= MAX_MODULES) revert ComplianceTooManyModules(MAX_MODULES);
        // Another implementation's built-in rule module is not a third-party module (it has no hooks to call).
        try IConfigurableModule(module).ruleId() returns (uint8) {
            revert ComplianceNotBuiltinModule(module);
        } catch {}
        address served = IModule(module).compliance();
        if (served != address(this)) revert ComplianceModuleForeign(module, served);
        uint8 rank = RestrictionCodes.priority(IModule(module).restrictionCode());
        uint256 i = n;
        while (i > 0 && RestrictionCodes.priority(IModule($.modules[i - 1]).restrictionCode()) > rank) {
            $.modules[i] = $.modules[i - 1];
            --i;
        }
        $.modules[i] = module;
        $.bound[module] = true;
        // n < MAX_MODULES (checked above), so n + 1 fits in a uint8.
        $.moduleCount = uint8(n + 1);
        emit ModuleAdded(module);
        if (n == 0 && $.token != address(0)) _switchExternalModules($.token, true);
    }

    /// @inheritdoc ICompliance
    /// @dev A built-in module switches its rule off (its settings stay in the token). For a third-party
    /// module, the modules after it move up one place. Emits a {ModuleRemoved} event.
    function removeModule(address module) external onlyOwner {
        if (module == address(0)) revert ComplianceZeroAddress();
        if (!isModuleBound(module)) revert ComplianceModuleNotBound(module);
        ComplianceState storage $ = _state();
        uint8 rule = _ruleOf(module);
        if (rule != 0) {
            IRuleEngine engine = _engine();
            (uint16 on,) = engine.rules();
            engine.setRules(on & ~uint16(1 << (rule - 1)));
            emit ModuleRemoved(module);
            return;
        }
        uint256 n = $.moduleCount;
        uint256 i;
        while ($.modules[i] != module) ++i;
        for (; i + 1 < n; ++i) {
            $.modules[i] = $.modules[i + 1];
        }
        delete $.modules[n - 1];
        delete $.bound[module];
        // The module was bound, so n >= 1.
        $.moduleCount = uint8(n - 1);
        emit ModuleRemoved(module);
        if (n == 1 && $.token != address(0)) _switchExternalModules($.token, false);
    }

    /// @inheritdoc ICompliance
    /// @dev Built-in modules whose rule is on, in the order their codes are checked, then third-party ones.
    function getModules() external view returns (address[] memory modules) {
        ComplianceState storage $ = _state();
        uint16 on = _rulesOn();
        address[_BUILTINS] memory all = builtinModules();
        address[_BUILTINS] memory builtins;
        uint256 b = 0;
        for (uint256 k; k < _BUILTINS; ++k) {
            uint8 rule = uint8(_CHECK_ORDER >> (8 * (_BUILTINS - 1 - k)));
            if (on & (1 << rule) != 0) builtins[b++] = all[rule];
        }
        uint256 n = $.moduleCount;
        modules = new address[](b + n);
        for (uint256 i; i < b; ++i) modules[i] = builtins[i];
        for (uint256 i; i < n; ++i) modules[b + i] = $.modules[i];
    }

    /// @inheritdoc ICompliance
    function isModuleBound(address module) public view returns (bool) {
        uint8 rule = _ruleOf(module);
        if (rule != 0) return _rulesOn() & (1 << (rule - 1)) != 0;
        return _state().bound[module];
    }

    /// @inheritdoc ICompliance
    function callModuleFunction(bytes calldata callData, address module) external onlyOwner {
        if (!isModuleBound(module) && !isBuiltinModule(module)) revert ComplianceModuleNotBound(module);
        _callModule(callData, module);
    }

    // ------------------------------------------------------------------ checks

    /// @inheritdoc ICompliance
    /// @dev The third-party modules only: the token applies its built-in rules itself.
    function checkTransfer(TransferContext calldata ctx) external view returns (uint8) {
        ComplianceState storage $ = _state();
        uint256 n = $.moduleCount;
        for (uint256 i; i < n; ++i) {
            uint8 code = IModule($.modules[i]).check(ctx);
            if (code != 0) return code;
        }
        return 0;
    }

    /// @inheritdoc ICompliance
    /// @dev The token's answer: its own checks, its rules, then the third-party modules.
    function detectTransferRestriction(address from, address to, uint256 amount) public view returns (uint8) {
        address token = _state().token;
        if (token == address(0)) revert ComplianceNoToken();
        return IComplianceTokenView(token).detectTransferRestriction(from, to, amount);
    }

    /// @inheritdoc ICompliance
    function canTransfer(address from, address to, uint256 amount) external view returns (bool) {
        return detectTransferRestriction(from, to, amount) == 0;
    }

    // ------------------------------------------------------------------ state hooks

    /// @inheritdoc ICompliance
    function applyTransfer(TransferContext calldata ctx) external onlyToken {
        ComplianceState storage $ = _state();
        uint256 n = $.moduleCount;
        for (uint256 i; i < n; ++i) {
            uint8 code = IModule($.modules[i]).onTransfer(ctx);
            if (code != 0) revert TransferRestricted(code);
        }
    }

    /// @inheritdoc ICompliance
    /// @dev ERC-3643 tokens call this after moving balances, so the sender's balance before the transfer is
    /// rebuilt as its balance now plus `amount`. Runs the third-party modules.
    function transferred(address from, address to, uint256 amount) external onlyToken {
        _applyMemory(_context(from, to, amount, amount));
    }

    /// @inheritdoc ICompliance
    function created(address to, uint256 amount) external onlyToken {
        _applyMemory(_context(address(0), to, amount, 0));
    }

    /// @inheritdoc ICompliance
    function destroyed(address from, uint256 amount) external onlyToken {
        _applyMemory(_context(from, address(0), amount, amount));
    }

    /// @dev Upgrades: the owner only.
    function _authorizeUpgrade(address) internal override onlyOwner {}

    function _state() private pure returns (ComplianceState storage $) {
        assembly {
            $.slot := _STATE_SLOT
        }
    }

    /// @dev Tell `token` whether it has third-party modules to call. Skipped for a token that does not use
    /// this compliance yet (its `setCompliance` makes it call the modules anyway) or has no rule engine.
    function _switchExternalModules(address token, bool on) private {
        try IComplianceTokenView(token).compliance() returns (address current) {
            if (current == address(this)) IRuleEngine(token).setExternalModules(on);
        } catch {}
    }

    /// @dev Bind `token`. Emits a {TokenBound} event.
    function _bind(address token) private {
        if (token == address(0)) revert ComplianceZeroAddress();
        ComplianceState storage $ = _state();
        if ($.token != address(0)) revert ComplianceTokenAlreadyBound($.token);
        $.token = token;
        emit TokenBound(token);
    }

    /// @dev Call `module` with `callData` as this compliance. Emits a {ModuleInteraction} event.
    function _callModule(bytes calldata callData, address module) private {
        Address.functionCall(module, callData);
        emit ModuleInteraction(module, bytes4(callData));
    }

    /// @dev Rule number + 1 of a built-in module (0: not one of this implementation's built-in modules).
    function _ruleOf(address module) private view returns (uint8) {
        // One comparison per built-in, no array built: called for every module and setting of a deployment.
        if (module == _builtin0) return 1;
        if (module == _builtin1) return 2;
        if (module == _builtin2) return 3;
        if (module == _builtin3) return 4;
        if (module == _builtin4) return 5;
        if (module == _builtin5) return 6;
        if (module == _builtin6) return 7;
        if (module == _builtin7) return 8;
        if (module == _builtin8) return 9;
        if (module == _builtin9) return 10;
        if (module == _builtin10) return 11;
        if (module == _builtin11) return 12;
        if (module == _builtin12) return 13;
        if (module == _builtin13) return 14;
        return 0;
    }

    /// @dev The bound token's rule engine.
    function _engine() private view returns (IRuleEngine) {
        address token = _state().token;
        if (token == address(0)) revert ComplianceNoToken();
        return IRuleEngine(token);
    }

    /// @dev The rules switched on in the bound token (none while unbound).
    function _rulesOn() private view returns (uint16 on) {
        address token = _state().token;
        if (token != address(0)) (on,) = IRuleEngine(token).rules();
    }

    /// @dev {applyTransfer} for a context built in memory.
    function _applyMemory(TransferContext memory ctx) private {
        ComplianceState storage $ = _state();
        uint256 n = $.moduleCount;
        for (uint256 i; i < n; ++i) {
            uint8 code = IModule($.modules[i]).onTransfer(ctx);
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
        address token = _state().token;
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
