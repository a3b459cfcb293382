// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {ContextUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/ContextUpgradeable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IStablecoinRoles} from "../../interfaces/IStablecoinRoles.sol";

/// @title StablecoinRoles
/// @notice The stablecoin's single-holder roles (owner, master minter, pauser, blacklister, rescuer,
/// reserve attester, enforcer) and the controls they run: pause, blacklist and rescue.
/// @dev State lives in an ERC-7201 namespace, like OpenZeppelin's upgradeable contracts, so bases can
/// grow in later versions without shifting each other's storage. The pause flag shares a slot with the
/// pauser's address. Fields are only ever appended to the struct (the enforcer came after the blacklist).
abstract contract StablecoinRoles is Initializable, ContextUpgradeable, IStablecoinRoles {
    using SafeERC20 for IERC20;

    /// @custom:storage-location erc7201:sectoken.storage.StablecoinRoles
    struct StablecoinRolesStorage {
        address _owner;
        address _masterMinter;
        address _pauser;
        bool _paused;
        address _blacklister;
        address _rescuer;
        address _reserveAttester;
        mapping(address account => bool) _blacklisted;
        address _enforcer;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.StablecoinRoles")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STABLECOIN_ROLES_STORAGE =
        0x53a8f10afa4a0463cfdd86ae28cf1655773a52c08f314968612db1027724ea00;

    function _getStablecoinRolesStorage() private pure returns (StablecoinRolesStorage storage $) {
        assembly {
            $.slot := STABLECOIN_ROLES_STORAGE
        }
    }

    /// @dev Reverts with {StablecoinNotOwner} unless the caller is the owner.
    modifier onlyOwner() {
        _checkOwner();
        _;
    }

    /// @dev The check of {onlyOwner}, in one place (not copied into every function the modifier guards).
    function _checkOwner() internal view {
        if (_msgSender() != _getStablecoinRolesStorage()._owner) revert StablecoinNotOwner(_msgSender());
    }

    /// @dev Reverts with {StablecoinNotMasterMinter} unless the caller is the master minter.
    modifier onlyMasterMinter() {
        _checkMasterMinter();
        _;
    }

    /// @dev The check of {onlyMasterMinter}, in one place (not copied into every function the modifier guards).
    function _checkMasterMinter() internal view {
        if (_msgSender() != _getStablecoinRolesStorage()._masterMinter) {
            revert StablecoinNotMasterMinter(_msgSender());
        }
    }

    /// @dev Reverts with {StablecoinNotPauser} unless the caller is the pauser.
    modifier onlyPauser() {
        _checkPauser();
        _;
    }

    /// @dev The check of {onlyPauser}, in one place (not copied into every function the modifier guards).
    function _checkPauser() internal view {
        if (_msgSender() != _getStablecoinRolesStorage()._pauser) revert StablecoinNotPauser(_msgSender());
    }

    /// @dev Reverts with {StablecoinNotBlacklister} unless the caller is the blacklister.
    modifier onlyBlacklister() {
        _checkBlacklister();
        _;
    }

    /// @dev The check of {onlyBlacklister}, in one place (not copied into every function the modifier guards).
    function _checkBlacklister() internal view {
        if (_msgSender() != _getStablecoinRolesStorage()._blacklister) {
            revert StablecoinNotBlacklister(_msgSender());
        }
    }

    /// @dev Reverts with {StablecoinNotRescuer} unless the caller is the rescuer.
    modifier onlyRescuer() {
        _checkRescuer();
        _;
    }

    /// @dev The check of {onlyRescuer}, in one place (not copied into every function the modifier guards).
    function _checkRescuer() internal view {
        if (_msgSender() != _getStablecoinRolesStorage()._rescuer) revert StablecoinNotRescuer(_msgSender());
    }

    /// @dev Reverts with {StablecoinNotReserveAttester} unless the caller is the reserve attester.
    modifier onlyReserveAttester() {
        _checkReserveAttester();
        _;
    }

    /// @dev The check of {onlyReserveAttester}, in one place (not copied into every function the modifier guards).
    function _checkReserveAttester() internal view {
        if (_msgSender() != _getStablecoinRolesStorage()._reserveAttester) {
            revert StablecoinNotReserveAttester(_msgSender());
        }
    }

    /// @dev Reverts with {StablecoinNotEnforcer} unless the caller is the enforcer.
    modifier onlyEnforcer() {
        _checkEnforcer();
        _;
    }

    /// @dev The check of {onlyEnforcer}, in one place (not copied into every function the modifier guards).
    function _checkEnforcer() internal view {
        if (_msgSender() != _getStablecoinRolesStorage()._enforcer) revert StablecoinNotEnforcer(_msgSender());
    }

    /// @dev Reverts with {StablecoinPaused} while the token is paused.
    modifier whenNotPaused() {
        _requireNotPaused();
        _;
    }

    /// @dev Sets every role holder; each must be a non-zero address. Emits one rotation event per role.
    function __StablecoinRoles_init(
        address owner_,
        address masterMinter_,
        address pauser_,
        address blacklister_,
        address rescuer_,
        address reserveAttester_
    ) internal onlyInitializing {
        StablecoinRolesStorage storage $ = _getStablecoinRolesStorage();
        emit OwnershipTransferred(address(0), $._owner = _nonZero(owner_));
        emit MasterMinterChanged($._masterMinter = _nonZero(masterMinter_));
        emit PauserChanged($._pauser = _nonZero(pauser_));
        emit BlacklisterChanged($._blacklister = _nonZero(blacklister_));
        emit RescuerChanged($._rescuer = _nonZero(rescuer_));
        emit ReserveAttesterChanged($._reserveAttester = _nonZero(reserveAttester_));
    }

    // --- role holders ---

    /// @inheritdoc IStablecoinRoles
    function owner() public view returns (address) {
        return _getStablecoinRolesStorage()._owner;
    }

    /// @inheritdoc IStablecoinRoles
    function masterMinter() external view returns (address) {
        return _getStablecoinRolesStorage()._masterMinter;
    }

    /// @inheritdoc IStablecoinRoles
    function pauser() external view returns (address) {
        return _getStablecoinRolesStorage()._pauser;
    }

    /// @inheritdoc IStablecoinRoles
    function blacklister() external view returns (address) {
        return _getStablecoinRolesStorage()._blacklister;
    }

    /// @inheritdoc IStablecoinRoles
    function rescuer() external view returns (address) {
        return _getStablecoinRolesStorage()._rescuer;
    }

    /// @inheritdoc IStablecoinRoles
    function reserveAttester() external view returns (address) {
        return _getStablecoinRolesStorage()._reserveAttester;
    }

    /// @inheritdoc IStablecoinRoles
    function enforcer() external view returns (address) {
        return _getStablecoinRolesStorage()._enforcer;
    }

    // --- rotations (owner) ---

    /// @inheritdoc IStablecoinRoles
    function transferOwnership(address newOwner) external onlyOwner {
        StablecoinRolesStorage storage $ = _getStablecoinRolesStorage();
        address previousOwner = $._owner;
        $._owner = _nonZero(newOwner);
        emit OwnershipTransferred(previousOwner, newOwner);
    }

    /// @inheritdoc IStablecoinRoles
    function updateMasterMinter(address newMasterMinter) external onlyOwner {
        _getStablecoinRolesStorage()._masterMinter = _nonZero(newMasterMinter);
        emit MasterMinterChanged(newMasterMinter);
    }

    /// @inheritdoc IStablecoinRoles
    function updatePauser(address newPauser) external onlyOwner {
        _getStablecoinRolesStorage()._pauser = _nonZero(newPauser);
        emit PauserChanged(newPauser);
    }

    /// @inheritdoc IStablecoinRoles
    function updateBlacklister(address newBlacklister) external onlyOwner {
        _getStablecoinRolesStorage()._blacklister = _nonZero(newBlacklister);
        emit BlacklisterChanged(newBlacklister);
    }

    /// @inheritdoc IStablecoinRoles
    function updateRescuer(address newRescuer) external onlyOwner {
        _getStablecoinRolesStorage()._rescuer = _nonZero(newRescuer);
        emit RescuerChanged(newRescuer);
    }

    /// @inheritdoc IStablecoinRoles
    function updateReserveAttester(address newReserveAttester) external onlyOwner {
        _getStablecoinRolesStorage()._reserveAttester = _nonZero(newReserveAttester);
        emit ReserveAttesterChanged(newReserveAttester);
    }

    /// @inheritdoc IStablecoinRoles
    function updateEnforcer(address newEnforcer) external onlyOwner {
        _getStablecoinRolesStorage()._enforcer = _nonZero(newEnforcer);
        emit EnforcerChanged(newEnforcer);
    }

    // --- pause (pauser) ---

    /// @inheritdoc IStablecoinRoles
    function paused() public view returns (bool) {
        return _getStablecoinRolesStorage()._paused;
    }

    /// @inheritdoc IStablecoinRoles
    function pause() external onlyPauser {
        _getStablecoinRolesStorage()._paused = true;
        emit Pause();
    }

    /// @inheritdoc IStablecoinRoles
    function unpause() external onlyPauser {
        _getStablecoinRolesStorage()._paused = false;
        emit Unpause();
    }

    // --- blacklist (blacklister) ---

    /// @inheritdoc IStablecoinRoles
    function isBlacklisted(address account) public view returns (bool) {
        return _getStablecoinRolesStorage()._blacklisted[account];
    }

    /// @inheritdoc IStablecoinRoles
    function blacklist(address account) external onlyBlacklister {
        _getStablecoinRolesStorage()._blacklisted[account] = true;
        emit Blacklisted(account);
    }

    /// @inheritdoc IStablecoinRoles
    function unBlacklist(address account) external onlyBlacklister {
        _getStablecoinRolesStorage()._blacklisted[account] = false;
        emit UnBlacklisted(account);
    }

    // --- rescue (rescuer) ---

    /// @inheritdoc IStablecoinRoles
    function rescueERC20(IERC20 token, address to, uint256 amount) external onlyRescuer {
        if (address(token) == address(this)) revert StablecoinRescueOfEscrow();
        token.safeTransfer(to, amount);
        emit TokensRescued(address(token), to, amount);
    }

    // --- internal checks ---

    /// @dev Reverts with {StablecoinPaused} while the token is paused.
    function _requireNotPaused() internal view {
        if (_getStablecoinRolesStorage()._paused) revert StablecoinPaused();
    }

    /// @dev Reverts with {StablecoinBlacklisted} if `account` is blacklisted.
    function _requireNotBlacklisted(address account) internal view {
        if (_getStablecoinRolesStorage()._blacklisted[account]) revert StablecoinBlacklisted(account);
    }

    /// @dev Returns `account`, or reverts with {StablecoinZeroAddress} if it is the zero address.
    function _nonZero(address account) private pure returns (address) {
        if (account == address(0)) revert StablecoinZeroAddress();
        return account;
    }
}
