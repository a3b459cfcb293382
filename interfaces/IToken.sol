// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IIdentityRegistry} from "./IIdentityRegistry.sol";
import {ICompliance} from "./ICompliance.sol";

/// @title IToken
/// @notice The ERC-3643 security token surface (the `IToken` of the reference implementation T-REX 4.1.6),
/// with identical function names, argument types and events, so ERC-3643 clients work unchanged.
/// @dev The ERC-20 functions come from the token's ERC-20 base; they are left out here so that
/// `type(IToken).interfaceId` is the XOR of exactly the functions declared below.
interface IToken {
    /// @notice Emitted when name, symbol or ONCHAINID change (and at deployment).
    event UpdatedTokenInformation(
        string indexed _newName,
        string indexed _newSymbol,
        uint8 _newDecimals,
        string _newVersion,
        address indexed _newOnchainID
    );
    /// @notice Emitted when the identity registry is set.
    event IdentityRegistryAdded(address indexed _identityRegistry);
    /// @notice Emitted when the compliance is set.
    event ComplianceAdded(address indexed _compliance);
    /// @notice Emitted when a lost wallet's tokens were recovered to a new wallet of the same investor.
    event RecoverySuccess(address indexed _lostWallet, address indexed _newWallet, address indexed _investorOnchainID);
    /// @notice Emitted when a wallet is frozen or unfrozen by `_owner` (the agent who did it).
    event AddressFrozen(address indexed _userAddress, bool indexed _isFrozen, address indexed _owner);
    /// @notice Emitted when `_amount` more tokens of a wallet are frozen.
    event TokensFrozen(address indexed _userAddress, uint256 _amount);
    /// @notice Emitted when `_amount` frozen tokens of a wallet are released.
    event TokensUnfrozen(address indexed _userAddress, uint256 _amount);
    /// @notice Emitted when `_userAddress` paused the token.
    event Paused(address _userAddress);
    /// @notice Emitted when `_userAddress` unpaused the token.
    event Unpaused(address _userAddress);

    /// @notice Rename the token. Requirements: caller is the owner; non-empty.
    /// Emits an {UpdatedTokenInformation} event.
    function setName(string calldata _name) external;

    /// @notice Change the symbol. Requirements: caller is the owner; non-empty.
    /// Emits an {UpdatedTokenInformation} event.
    function setSymbol(string calldata _symbol) external;

    /// @notice Set the token's own ONCHAINID. Requirements: caller is the owner.
    /// Emits an {UpdatedTokenInformation} event.
    function setOnchainID(address _onchainID) external;

    /// @notice Stop all holder transfers. Requirements: pause power; not paused. Emits a {Paused} event.
    function pause() external;

    /// @notice Resume holder transfers. Requirements: pause power; paused. Emits an {Unpaused} event.
    function unpause() external;

    /// @notice Freeze or unfreeze a whole wallet. Requirements: freeze power. Emits an {AddressFrozen} event.
    function setAddressFrozen(address _userAddress, bool _freeze) external;

    /// @notice Freeze `_amount` more tokens of a wallet. Requirements: freeze power; the frozen total stays
    /// within the balance. Emits a {TokensFrozen} event.
    function freezePartialTokens(address _userAddress, uint256 _amount) external;

    /// @notice Release `_amount` frozen tokens of a wallet. Requirements: freeze power; at most the frozen
    /// amount. Emits a {TokensUnfrozen} event.
    function unfreezePartialTokens(address _userAddress, uint256 _amount) external;

    /// @notice Set the identity registry. Requirements: caller is the owner.
    /// Emits an {IdentityRegistryAdded} event.
    function setIdentityRegistry(address _identityRegistry) external;

    /// @notice Switch to `_compliance`, which its owner has bound to this token already; the old one is
    /// unbound (if it is still bound to this token). Requirements: caller is the owner; `_compliance` is
    /// bound to this token. Emits a {ComplianceAdded} event.
    function setCompliance(address _compliance) external;

    /// @notice Move tokens without the holder's consent (court order, correction).
    /// Requirements: transfer power; see the implementation for the rules it overrides.
    function forcedTransfer(address _from, address _to, uint256 _amount) external returns (bool);

    /// @notice Issue `_amount` tokens to a verified wallet. Requirements: supply power.
    function mint(address _to, uint256 _amount) external;

    /// @notice Destroy `_amount` tokens of a wallet. Requirements: supply power.
    function burn(address _userAddress, uint256 _amount) external;

    /// @notice Move a lost wallet's balance and frozen state to a new wallet of the same investor.
    /// Requirements: recovery power. Emits a {RecoverySuccess} event.
    function recoveryAddress(address _lostWallet, address _newWallet, address _investorOnchainID)
        external
        returns (bool);

    /// @notice Transfer to several recipients from the caller. Requirements: arrays of equal length.
    function batchTransfer(address[] calldata _toList, uint256[] calldata _amounts) external;

    /// @notice {forcedTransfer} for each entry. Requirements: transfer power; arrays of equal length.
    function batchForcedTransfer(
        address[] calldata _fromList,
        address[] calldata _toList,
        uint256[] calldata _amounts
    ) external;

    /// @notice {mint} for each entry. Requirements: supply power; arrays of equal length.
    function batchMint(address[] calldata _toList, uint256[] calldata _amounts) external;

    /// @notice {burn} for each entry. Requirements: supply power; arrays of equal length.
    function batchBurn(address[] calldata _userAddresses, uint256[] calldata _amounts) external;

    /// @notice {setAddressFrozen} for each entry. Requirements: freeze power; arrays of equal length.
    function batchSetAddressFrozen(address[] calldata _userAddresses, bool[] calldata _freeze) external;

    /// @notice {freezePartialTokens} for each entry. Requirements: freeze power; arrays of equal length.
    function batchFreezePartialTokens(address[] calldata _userAddresses, uint256[] calldata _amounts) external;

    /// @notice {unfreezePartialTokens} for each entry. Requirements: freeze power; arrays of equal length.
    function batchUnfreezePartialTokens(address[] calldata _userAddresses, uint256[] calldata _amounts) external;

    /// @notice Decimals (0 for whole shares).
    function decimals() external view returns (uint8);

    /// @notice Token name.
    function name() external view returns (string memory);

    /// @notice The token's own ONCHAINID (zero if none).
    function onchainID() external view returns (address);

    /// @notice Token symbol.
    function symbol() external view returns (string memory);

    /// @notice Implementation version.
    function version() external view returns (string memory);

    /// @notice The identity registry the token reads investors from.
    function identityRegistry() external view returns (IIdentityRegistry);

    /// @notice The compliance bound to the token.
    function compliance() external view returns (ICompliance);

    /// @notice Whether holder transfers are paused.
    function paused() external view returns (bool);

    /// @notice Whether the whole wallet is frozen.
    function isFrozen(address _userAddress) external view returns (bool);

    /// @notice Frozen tokens of a wallet.
    function getFrozenTokens(address _userAddress) external view returns (uint256);
}
