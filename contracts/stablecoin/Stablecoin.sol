// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IStablecoin} from "../../interfaces/IStablecoin.sol";
import {StablecoinOrders} from "./StablecoinOrders.sol";
import {StablecoinRedemptions} from "./StablecoinRedemptions.sol";

/// @title Stablecoin
/// @notice A fiat-backed stablecoin in the manner of Circle's FiatToken v2.2 (see {IStablecoin}), whose
/// mints are capped by the attested reserves. One code base serves any currency: a USD coin and a GBP
/// coin are two proxies initialised with different name, symbol and currency.
/// @dev Deployed behind an OpenZeppelin {ERC1967Proxy} as a UUPS implementation: the upgrade logic lives
/// here and only the owner may upgrade ({_authorizeUpgrade}). UUPS rather than a transparent proxy keeps
/// every call free of the proxy's admin check (the cost is paid on every transfer) and needs no separate
/// ProxyAdmin contract; the price is that each new implementation must stay UUPS, which
/// `upgradeToAndCall` checks through `proxiableUUID`. Deploy the proxy with the `initialize` call as its
/// constructor data so no one can initialise it first; the implementation's own initialisers are
/// disabled in the constructor.
///
/// Every balance change runs through {_update} (pause, blacklist on both sides, no tokens to the
/// contract itself) and every allowance change through {_approve} (pause only, as FiatToken v2.2). The
/// two deliberate exceptions call {ERC20Upgradeable-_update} directly: lawful orders
/// ({StablecoinOrders}, the only moves of a blacklisted balance) and redemption escrow
/// ({StablecoinRedemptions}, the only tokens this contract holds).
contract Stablecoin is StablecoinRedemptions, StablecoinOrders, UUPSUpgradeable {
    /// @dev A minter's rate limit: `limit` per `window` seconds; `minted` in the window opened at
    /// `windowStart`. One slot is read on every mint (the first three fields), the second on a limited one.
    struct MintRateLimit {
        uint128 limit;
        uint64 window;
        uint64 windowStart;
        uint256 minted;
    }

    /// @custom:storage-location erc7201:sectoken.storage.Stablecoin
    /// @dev Fields are only ever appended (`_rateLimits` came after the allowances).
    struct StablecoinStorage {
        string _currency;
        uint8 _decimals;
        mapping(address account => bool) _minters;
        mapping(address minter => uint256) _minterAllowances;
        mapping(address minter => MintRateLimit) _rateLimits;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.Stablecoin")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STABLECOIN_STORAGE = 0x8132febe2289f1929f88ac5b39e24a6eb2ff394086c1c280a7b0ded4de121200;

    /// @notice The maximum attestation age set at initialisation: one day. The owner can change it.
    uint256 public constant DEFAULT_MAX_ATTESTATION_AGE = 1 days;

    /// @dev Reverts with {StablecoinNotMinter} unless the caller is a minter.
    modifier onlyMinters() {
        _checkMinter();
        _;
    }

    /// @dev The check of {onlyMinters}, in one place (not copied into every function the modifier guards).
    function _checkMinter() internal view {
        if (!_getStablecoinStorage()._minters[_msgSender()]) revert StablecoinNotMinter(_msgSender());
    }

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initialise the proxy's state: token metadata, role holders and the default maximum
    /// attestation age ({DEFAULT_MAX_ATTESTATION_AGE}). Can be called once, and never on the
    /// implementation contract itself.
    /// @dev Emits the role events ({OwnershipTransferred} from the zero address, {MasterMinterChanged},
    /// {PauserChanged}, {BlacklisterChanged}, {RescuerChanged}, {ReserveAttesterChanged}) and
    /// {MaxAttestationAgeChanged}. The EIP-712 domain is (name_, "2", chain id, this proxy).
    /// @param name_ The token name, also the EIP-712 domain name (e.g. "USD Coin").
    /// @param symbol_ The token symbol (e.g. "USDC").
    /// @param currency_ The ISO 4217 code of the backing currency (e.g. "USD").
    /// @param decimals_ The number of decimals (the deploy tooling passes 6 unless told otherwise).
    /// @param owner_ The owner (role rotations, maximum attestation age, upgrades).
    /// @param masterMinter_ The master minter.
    /// @param pauser_ The pauser.
    /// @param blacklister_ The blacklister.
    /// @param rescuer_ The rescuer.
    /// @param reserveAttester_ The reserve attester.
    function initialize(
        string memory name_,
        string memory symbol_,
        string memory currency_,
        uint8 decimals_,
        address owner_,
        address masterMinter_,
        address pauser_,
        address blacklister_,
        address rescuer_,
        address reserveAttester_
    ) external initializer {
        __ERC20_init(name_, symbol_);
        __EIP712_init(name_, EIP712_VERSION);
        __StablecoinRoles_init(owner_, masterMinter_, pauser_, blacklister_, rescuer_, reserveAttester_);
        __StablecoinReserves_init(DEFAULT_MAX_ATTESTATION_AGE);
        StablecoinStorage storage $ = _getStablecoinStorage();
        $._currency = currency_;
        $._decimals = decimals_;
    }

    /// @inheritdoc IStablecoin
    function currency() external view returns (string memory) {
        return _getStablecoinStorage()._currency;
    }

    /// @inheritdoc IERC20Metadata
    function decimals() public view override(ERC20Upgradeable, IERC20Metadata) returns (uint8) {
        return _getStablecoinStorage()._decimals;
    }

    // --- minting ---

    /// @inheritdoc IStablecoin
    function isMinter(address account) external view returns (bool) {
        return _getStablecoinStorage()._minters[account];
    }

    /// @inheritdoc IStablecoin
    function minterAllowance(address minter) external view returns (uint256) {
        return _getStablecoinStorage()._minterAllowances[minter];
    }

    /// @inheritdoc IStablecoin
    function configureMinter(address minter, uint256 minterAllowedAmount)
        external
        whenNotPaused
        onlyMasterMinter
        returns (bool)
    {
        StablecoinStorage storage $ = _getStablecoinStorage();
        $._minters[minter] = true;
        $._minterAllowances[minter] = minterAllowedAmount;
        emit MinterConfigured(minter, minterAllowedAmount);
        return true;
    }

    /// @inheritdoc IStablecoin
    function configureMinterRateLimit(address minter, uint256 limit, uint256 window)
        external
        whenNotPaused
        onlyMasterMinter
    {
        MintRateLimit storage rate = _getStablecoinStorage()._rateLimits[minter];
        if (window == 0 && limit == 0) {
            delete _getStablecoinStorage()._rateLimits[minter];
        } else {
            if (window == 0 || window > type(uint64).max || limit > type(uint128).max) {
                revert StablecoinInvalidRateLimit(limit, window);
            }
            rate.limit = uint128(limit);
            rate.window = uint64(window);
        }
        emit MinterRateLimitConfigured(minter, limit, window);
    }

    /// @inheritdoc IStablecoin
    function minterRateLimit(address minter)
        external
        view
        returns (uint256 limit, uint256 window, uint256 minted, uint256 windowEndsAt)
    {
        MintRateLimit storage rate = _getStablecoinStorage()._rateLimits[minter];
        (limit, window) = (rate.limit, rate.window);
        uint256 endsAt = uint256(rate.windowStart) + window;
        if (window != 0 && block.timestamp < endsAt) (minted, windowEndsAt) = (rate.minted, endsAt);
    }

    /// @inheritdoc IStablecoin
    function removeMinter(address minter) external onlyMasterMinter returns (bool) {
        StablecoinStorage storage $ = _getStablecoinStorage();
        $._minters[minter] = false;
        $._minterAllowances[minter] = 0;
        delete $._rateLimits[minter];
        emit MinterRemoved(minter);
        return true;
    }

    /// @inheritdoc IStablecoin
    function mint(address to, uint256 amount) external whenNotPaused onlyMinters returns (bool) {
        address minter = _msgSender();
        _requireNotBlacklisted(minter);
        if (amount == 0) revert StablecoinZeroAmount();
        StablecoinStorage storage $ = _getStablecoinStorage();
        uint256 allowance_ = $._minterAllowances[minter];
        if (amount > allowance_) revert StablecoinMinterAllowanceExceeded(minter, allowance_, amount);
        MintRateLimit storage rate = $._rateLimits[minter];
        if (rate.window != 0) _useRateLimit(rate, minter, amount);
        _checkReserves(totalSupply() + amount);
        // unchecked: amount <= allowance_ was just checked.
        unchecked {
            $._minterAllowances[minter] = allowance_ - amount;
        }
        emit Mint(minter, to, amount);
        _mint(to, amount);
        return true;
    }

    /// @inheritdoc IStablecoin
    function burn(uint256 amount) external whenNotPaused onlyMinters {
        if (amount == 0) revert StablecoinZeroAmount();
        emit Burn(_msgSender(), amount);
        _burn(_msgSender(), amount);
    }

    /// @dev Counts `amount` against `minter`'s rate limit, opening a new window if the last one has
    /// ended; reverts with {StablecoinMinterRateLimitExceeded} if the window has less room left.
    function _useRateLimit(MintRateLimit storage rate, address minter, uint256 amount) private {
        uint256 start = rate.windowStart;
        uint256 window = rate.window;
        uint256 minted = rate.minted;
        if (block.timestamp >= start + window) {
            start = block.timestamp;
            minted = 0;
            rate.windowStart = uint64(start);
        }
        uint256 limit = rate.limit;
        uint256 available = limit > minted ? limit - minted : 0;
        if (amount > available) revert StablecoinMinterRateLimitExceeded(minter, available, amount, start + window);
        // unchecked: amount <= available = limit - minted, so the sum is at most limit < 2**128.
        unchecked {
            rate.minted = minted + amount;
        }
    }

    // --- allowances (FiatToken v2) ---

    /// @inheritdoc IStablecoin
    function increaseAllowance(address spender, uint256 increment) external returns (bool) {
        address owner = _msgSender();
        _approve(owner, spender, allowance(owner, spender) + increment);
        return true;
    }

    /// @inheritdoc IStablecoin
    function decreaseAllowance(address spender, uint256 decrement) external returns (bool) {
        address owner = _msgSender();
        uint256 current = allowance(owner, spender);
        if (decrement > current) revert StablecoinAllowanceBelowZero(spender, current, decrement);
        // unchecked: decrement <= current was just checked.
        unchecked {
            _approve(owner, spender, current - decrement);
        }
        return true;
    }

    // --- ERC-20 hooks ---

    /// @inheritdoc IERC20
    /// @dev Also refuses a blacklisted caller (the spender), even with an unlimited allowance.
    function transferFrom(address from, address to, uint256 value)
        public
        override(ERC20Upgradeable, IERC20)
        returns (bool)
    {
        _requireNotBlacklisted(_msgSender());
        return super.transferFrom(from, to, value);
    }

    /// @dev The one check point for balance changes: refused while paused, when either side (other than
    /// the zero address of a mint or burn) is blacklisted, or when tokens would be sent to this contract.
    function _update(address from, address to, uint256 value) internal override {
        _requireNotPaused();
        if (from != address(0)) _requireNotBlacklisted(from);
        if (to != address(0)) {
            _requireNotBlacklisted(to);
            if (to == address(this)) revert ERC20InvalidReceiver(to);
        }
        super._update(from, to, value);
    }

    /// @dev The one check point for allowance changes (approve, increase/decreaseAllowance, permit, and
    /// spending an allowance in transferFrom): refused while paused. A blacklisted owner or spender may
    /// still set an allowance, as in FiatToken v2.2: it moves nothing ({transferFrom} refuses a
    /// blacklisted spender and {_update} a blacklisted holder), and a frozen holder can still revoke one.
    function _approve(address owner, address spender, uint256 value, bool emitEvent) internal override {
        _requireNotPaused();
        super._approve(owner, spender, value, emitEvent);
    }

    /// @dev Minters run redemptions: acknowledging, completing (burning the escrow) and rejecting.
    function _checkRedemptionOperator() internal view override {
        _checkMinter();
    }

    /// @dev Only the owner may upgrade the implementation.
    function _authorizeUpgrade(address) internal override onlyOwner {}

    function _getStablecoinStorage() private pure returns (StablecoinStorage storage $) {
        assembly {
            $.slot := STABLECOIN_STORAGE
        }
    }
}
