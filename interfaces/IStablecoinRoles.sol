// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IStablecoinRoles
/// @notice The stablecoin's operating roles and the controls they run: pause, blacklist and rescue.
/// The enforcer's job (lawful orders: seize and wipe) is in {IStablecoinOrders}.
/// @dev Each role has one job and one holder, and the owner rotates every role (the owner itself with
/// {transferOwnership}); each rotation emits an event. The master minter's job (minters and their
/// allowances) is in {IStablecoin}, the reserve attester's in {IStablecoinReserves}.
///
/// | role             | may call                                                     |
/// |------------------|--------------------------------------------------------------|
/// | owner            | role rotations, `setMaxAttestationAge`, contract upgrades    |
/// | master minter    | `configureMinter`, `configureMinterRateLimit`, `removeMinter` |
/// | minter           | `mint` (within its allowance and rate limit), `burn` (its own balance), handling redemption requests |
/// | pauser           | `pause`, `unpause`                                           |
/// | blacklister      | `blacklist`, `unBlacklist`                                   |
/// | rescuer          | `rescueERC20`                                                |
/// | reserve attester | `attestReserves`, `attestReserveReport`                      |
/// | enforcer         | `seize`, `wipe` (lawful orders against blacklisted holders)  |
///
/// Events follow Circle's FiatToken v2.2 where it has the same event: {OwnershipTransferred} with both
/// addresses unindexed, and {Pause}/{Unpause} without arguments, so indexers built for USDC read them.
interface IStablecoinRoles {
    /// @notice Emitted when ownership has moved from `previousOwner` to `newOwner`. Neither address is
    /// indexed: the layout of Circle's FiatToken (`Ownable.sol`), not OpenZeppelin's.
    event OwnershipTransferred(address previousOwner, address newOwner);
    /// @notice Emitted when the master minter role has been given to `newMasterMinter`.
    event MasterMinterChanged(address indexed newMasterMinter);
    /// @notice Emitted when the pauser role has been given to `newPauser`.
    event PauserChanged(address indexed newPauser);
    /// @notice Emitted when the blacklister role has been given to `newBlacklister`.
    event BlacklisterChanged(address indexed newBlacklister);
    /// @notice Emitted when the rescuer role has been given to `newRescuer`.
    event RescuerChanged(address indexed newRescuer);
    /// @notice Emitted when the reserve attester role has been given to `newReserveAttester`.
    event ReserveAttesterChanged(address indexed newReserveAttester);
    /// @notice Emitted when the enforcer role has been given to `newEnforcer`.
    event EnforcerChanged(address indexed newEnforcer);
    /// @notice Emitted when the pauser has paused the token (Circle's FiatToken event, no arguments).
    event Pause();
    /// @notice Emitted when the pauser has unpaused the token (Circle's FiatToken event, no arguments).
    event Unpause();
    /// @notice Emitted when `account` has been blacklisted.
    event Blacklisted(address indexed account);
    /// @notice Emitted when `account` has been removed from the blacklist.
    event UnBlacklisted(address indexed account);
    /// @notice Emitted when `amount` of `token` held by this contract has been sent to `to`.
    event TokensRescued(address indexed token, address indexed to, uint256 amount);

    /// @notice The caller is not the owner.
    error StablecoinNotOwner(address account);
    /// @notice The caller is not the master minter.
    error StablecoinNotMasterMinter(address account);
    /// @notice The caller is not the pauser.
    error StablecoinNotPauser(address account);
    /// @notice The caller is not the blacklister.
    error StablecoinNotBlacklister(address account);
    /// @notice The caller is not the rescuer.
    error StablecoinNotRescuer(address account);
    /// @notice The caller is not the reserve attester.
    error StablecoinNotReserveAttester(address account);
    /// @notice The caller is not the enforcer.
    error StablecoinNotEnforcer(address account);
    /// @notice The rescuer cannot take the stablecoin itself: what the contract holds is redemption escrow.
    error StablecoinRescueOfEscrow();
    /// @notice A role cannot be given to the zero address.
    error StablecoinZeroAddress();
    /// @notice The token is paused.
    error StablecoinPaused();
    /// @notice `account` is blacklisted.
    error StablecoinBlacklisted(address account);

    /// @notice The owner.
    function owner() external view returns (address);
    /// @notice The master minter.
    function masterMinter() external view returns (address);
    /// @notice The pauser.
    function pauser() external view returns (address);
    /// @notice The blacklister.
    function blacklister() external view returns (address);
    /// @notice The rescuer.
    function rescuer() external view returns (address);
    /// @notice The reserve attester.
    function reserveAttester() external view returns (address);
    /// @notice The enforcer (executes lawful orders); the zero address until the owner appoints one.
    function enforcer() external view returns (address);

    /// @notice Give ownership to `newOwner` (takes effect at once).
    /// @dev Emits an {OwnershipTransferred} event. Requirements: the caller is the owner; `newOwner` is
    /// not the zero address.
    function transferOwnership(address newOwner) external;
    /// @notice Give the master minter role to `newMasterMinter`.
    /// @dev Emits a {MasterMinterChanged} event. Requirements: the caller is the owner; not the zero address.
    function updateMasterMinter(address newMasterMinter) external;
    /// @notice Give the pauser role to `newPauser`.
    /// @dev Emits a {PauserChanged} event. Requirements: the caller is the owner; not the zero address.
    function updatePauser(address newPauser) external;
    /// @notice Give the blacklister role to `newBlacklister`.
    /// @dev Emits a {BlacklisterChanged} event. Requirements: the caller is the owner; not the zero address.
    function updateBlacklister(address newBlacklister) external;
    /// @notice Give the rescuer role to `newRescuer`.
    /// @dev Emits a {RescuerChanged} event. Requirements: the caller is the owner; not the zero address.
    function updateRescuer(address newRescuer) external;
    /// @notice Give the reserve attester role to `newReserveAttester`.
    /// @dev Emits a {ReserveAttesterChanged} event. Requirements: the caller is the owner; not the zero
    /// address.
    function updateReserveAttester(address newReserveAttester) external;
    /// @notice Give the enforcer role to `newEnforcer`.
    /// @dev Emits an {EnforcerChanged} event. Requirements: the caller is the owner; not the zero address.
    function updateEnforcer(address newEnforcer) external;

    /// @notice Whether the token is paused.
    function paused() external view returns (bool);
    /// @notice Stop transfers, mints, burns, approvals (and so permits), authorizations and minter
    /// configuration until {unpause}.
    /// @dev Emits a {Pause} event. Requirements: the caller is the pauser.
    function pause() external;
    /// @notice Resume normal operation.
    /// @dev Emits an {Unpause} event. Requirements: the caller is the pauser.
    function unpause() external;

    /// @notice Whether `account` is blacklisted.
    function isBlacklisted(address account) external view returns (bool);
    /// @notice Blacklist `account` (freeze it): it can no longer send, receive, spend an allowance, mint,
    /// burn or ask for a redemption, and only a lawful order ({IStablecoinOrders}) moves its balance.
    /// Approvals by or to it still go through, as in FiatToken v2.2 (they move nothing; an exposed holder
    /// can still revoke an allowance).
    /// @dev Emits a {Blacklisted} event. Requirements: the caller is the blacklister.
    function blacklist(address account) external;
    /// @notice Remove `account` from the blacklist.
    /// @dev Emits an {UnBlacklisted} event. Requirements: the caller is the blacklister.
    function unBlacklist(address account) external;

    /// @notice Send `amount` of the ERC-20 `token` held by this contract (sent to it by mistake) to `to`.
    /// The stablecoin this contract holds is redemption escrow, never a mistake, so it cannot be rescued.
    /// @dev Emits a {TokensRescued} event. Requirements: the caller is the rescuer; `token` is not this
    /// stablecoin; the token transfer succeeds.
    function rescueERC20(IERC20 token, address to, uint256 amount) external;
}
