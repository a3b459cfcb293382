// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {IERC3009} from "./IERC3009.sol";
import {IStablecoinRoles} from "./IStablecoinRoles.sol";
import {IStablecoinReserves} from "./IStablecoinReserves.sol";
import {IStablecoinOrders} from "./IStablecoinOrders.sol";
import {IStablecoinRedemptions} from "./IStablecoinRedemptions.sol";

/// @title IStablecoin
/// @notice A fiat-backed stablecoin with the controls of Circle's FiatToken v2.2 (minters with
/// allowances, blacklist, pause, rescue, EIP-2612 permit, EIP-3009 authorizations with both `v,r,s` and
/// `bytes signature` forms, ERC-1271 signatures from smart-contract wallets) and a reserve attestation
/// that caps minting (see {IStablecoinReserves}), lawful orders ({IStablecoinOrders}), redemption
/// requests ({IStablecoinRedemptions}) and per-minter rate limits.
///
/// Approvals (`approve`, `increaseAllowance`, `decreaseAllowance`, `permit`) are refused only while
/// paused: a blacklisted owner or spender can still set an allowance, as in FiatToken v2.2, though a
/// blacklisted spender cannot spend it and nothing moves to or from a blacklisted account.
/// @dev EIP-712 domain: `name` = the token name, `version` = "2" (FiatToken v2's, so wallets and relayers
/// that already speak to FiatToken tokens work unchanged), `chainId` = the chain's id, `verifyingContract`
/// = the proxy's address. Permit struct:
/// `Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)`.
///
/// Every signature is checked the same way: an ECDSA signature must recover to the signer with a low `s`
/// (malleable high-`s` signatures are refused); otherwise, if the signer is a contract, its ERC-1271
/// `isValidSignature` must accept `abi.encodePacked(r, s, v)` (or the given bytes).
interface IStablecoin is
    IERC20Metadata,
    IERC20Permit,
    IERC5267,
    IERC3009,
    IStablecoinRoles,
    IStablecoinReserves,
    IStablecoinOrders,
    IStablecoinRedemptions
{
    /// @notice Emitted when `minter` has minted `amount` to `to`; followed by an {IERC20-Transfer} event.
    event Mint(address indexed minter, address indexed to, uint256 amount);
    /// @notice Emitted when `burner` has burnt `amount` of its own balance; followed by an
    /// {IERC20-Transfer} event to the zero address.
    event Burn(address indexed burner, uint256 amount);
    /// @notice Emitted when the master minter has made `minter` a minter with allowance `minterAllowedAmount`.
    event MinterConfigured(address indexed minter, uint256 minterAllowedAmount);
    /// @notice Emitted when the master minter has removed `oldMinter`.
    event MinterRemoved(address indexed oldMinter);
    /// @notice Emitted when the master minter has limited `minter` to minting `limit` per `window`
    /// seconds (both 0: no rate limit).
    event MinterRateLimitConfigured(address indexed minter, uint256 limit, uint256 window);

    /// @notice The caller is not a minter.
    error StablecoinNotMinter(address account);
    /// @notice Mint and burn amounts must be above zero.
    error StablecoinZeroAmount();
    /// @notice `minter` may mint `allowance` more, less than the `amount` asked.
    error StablecoinMinterAllowanceExceeded(address minter, uint256 allowance, uint256 amount);
    /// @notice `minter` may mint `available` more in its current rate-limit window, which ends at
    /// `windowEndsAt`, less than the `amount` asked.
    error StablecoinMinterRateLimitExceeded(address minter, uint256 available, uint256 amount, uint256 windowEndsAt);
    /// @notice A rate limit is a `limit` below 2**128 per `window` of 1 second to 2**64 - 1 seconds, or
    /// none (both 0).
    error StablecoinInvalidRateLimit(uint256 limit, uint256 window);
    /// @notice `decreaseAllowance` would take `spender`'s allowance of `allowance` below zero (by `decrement`).
    error StablecoinAllowanceBelowZero(address spender, uint256 allowance, uint256 decrement);
    /// @notice The permit's `deadline` has passed.
    error StablecoinPermitExpired(uint256 deadline);
    /// @notice The signature is not `signer`'s (wrong signer, wrong data, wrong domain, or high `s`).
    error StablecoinInvalidSignature(address signer);
    /// @notice The authorization is valid only after `validAfter`.
    error StablecoinAuthorizationNotYetValid(uint256 validAfter);
    /// @notice The authorization was valid only before `validBefore`.
    error StablecoinAuthorizationExpired(uint256 validBefore);
    /// @notice The authorization `nonce` of `authorizer` is already used or cancelled.
    error StablecoinAuthorizationUsed(address authorizer, bytes32 nonce);
    /// @notice A receive authorization must be submitted by its payee `payee`, not `caller`.
    error StablecoinCallerNotPayee(address caller, address payee);

    /// @notice The ISO 4217 code of the fiat currency backing the token, e.g. "USD" or "GBP".
    function currency() external view returns (string memory);

    /// @notice The EIP-712 domain version, "2" (FiatToken v2's `version()`).
    function version() external view returns (string memory);

    /// @notice Raise the caller's allowance to `spender` by `increment` (FiatToken v2).
    /// @dev Emits an {IERC20-Approval} event. Requirements: not paused; `spender` is not the zero address.
    /// @return True.
    function increaseAllowance(address spender, uint256 increment) external returns (bool);
    /// @notice Lower the caller's allowance to `spender` by `decrement` (FiatToken v2).
    /// @dev Emits an {IERC20-Approval} event. Requirements: not paused; `decrement` is not above the
    /// allowance.
    /// @return True.
    function decreaseAllowance(address spender, uint256 decrement) external returns (bool);

    /// @notice keccak256 of the `Permit` type string.
    function PERMIT_TYPEHASH() external view returns (bytes32);

    // --- minting ---

    /// @notice Whether `account` is a minter.
    function isMinter(address account) external view returns (bool);
    /// @notice How much `minter` may still mint.
    function minterAllowance(address minter) external view returns (uint256);
    /// @notice Make `minter` a minter (or reconfigure it) with a mint allowance of `minterAllowedAmount`,
    /// replacing any previous allowance.
    /// @dev Emits a {MinterConfigured} event. Requirements: the caller is the master minter; not paused.
    /// @return True.
    function configureMinter(address minter, uint256 minterAllowedAmount) external returns (bool);
    /// @notice Limit `minter` to minting at most `limit` in each window of `window` seconds (Paxos
    /// SupplyControl style, on top of the allowance); `limit = window = 0` removes the limit. A window
    /// opens with the first mint after the previous one ended; changing the limit keeps the current window
    /// and what was minted in it.
    /// @dev Emits a {MinterRateLimitConfigured} event. Requirements: the caller is the master minter; not
    /// paused; `0 < window < 2**64` and `limit < 2**128`, or both 0.
    function configureMinterRateLimit(address minter, uint256 limit, uint256 window) external;
    /// @notice The rate limit of `minter` and its use.
    /// @return limit The most it may mint per window (0 with `window` 0: no limit).
    /// @return window The window's length in seconds.
    /// @return minted What it has minted in the current window (0 if the last window has ended).
    /// @return windowEndsAt When the current window ends (0 if none is open: the next mint opens one).
    function minterRateLimit(address minter)
        external
        view
        returns (uint256 limit, uint256 window, uint256 minted, uint256 windowEndsAt);
    /// @notice Remove `minter`: it can no longer mint or burn, and its allowance and rate limit are cleared.
    /// @dev Emits a {MinterRemoved} event. Requirements: the caller is the master minter.
    /// @return True.
    function removeMinter(address minter) external returns (bool);
    /// @notice Mint `amount` to `to`, spending the caller's minter allowance.
    /// @dev Emits a {Mint} event, then an {IERC20-Transfer} event from the zero address.
    ///
    /// Requirements:
    /// - not paused; the caller is a minter; neither the caller nor `to` is blacklisted;
    /// - `to` is not the zero address nor this contract; `amount > 0`;
    /// - `amount` is within the caller's minter allowance and what its rate limit leaves in the window;
    /// - the latest reserve attestation is not older than {maxAttestationAge}, and the total supply after
    ///   the mint does not exceed the attested reserves.
    /// @return True.
    function mint(address to, uint256 amount) external returns (bool);
    /// @notice Burn `amount` of the caller's own balance (tokens redeemed for fiat).
    /// @dev Emits a {Burn} event, then an {IERC20-Transfer} event to the zero address.
    /// Requirements: not paused; the caller is a minter, not blacklisted; `0 < amount <= balance`.
    function burn(uint256 amount) external;

    // --- FiatToken v2.2 signature-bytes forms (same rules as the v,r,s forms) ---

    /// @notice {IERC20Permit-permit} with the signature as bytes (65-byte ECDSA or ERC-1271 data).
    function permit(address owner, address spender, uint256 value, uint256 deadline, bytes calldata signature)
        external;
    /// @notice {IERC3009-transferWithAuthorization} with the signature as bytes.
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external;
    /// @notice {IERC3009-receiveWithAuthorization} with the signature as bytes.
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external;
    /// @notice {IERC3009-cancelAuthorization} with the signature as bytes.
    function cancelAuthorization(address authorizer, bytes32 nonce, bytes calldata signature) external;
}
