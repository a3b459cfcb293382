// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IERC3009Receive} from "../../interfaces/IERC3009Receive.sol";

/// @title TestSettlementPaymentToken
/// @notice A payment token for settlement tests: OpenZeppelin ERC-20 with EIP-2612 permit, EIP-3009
/// `receiveWithAuthorization`, and a blacklist that refuses any transfer from or to a listed wallet.
contract TestSettlementPaymentToken is ERC20Permit, IERC3009Receive {
    /// @notice `account` is blacklisted.
    error TestTokenBlacklisted(address account);
    /// @notice The caller is not the payee of the authorization.
    error TestTokenCallerNotPayee(address caller, address payee);
    /// @notice The authorization is outside its validity window.
    error TestTokenAuthorizationNotValidNow(uint256 validAfter, uint256 validBefore);
    /// @notice The authorization's nonce was already used.
    error TestTokenAuthorizationUsed(address authorizer, bytes32 nonce);
    /// @notice The signature is not the payer's.
    error TestTokenInvalidSignature(address signer, address from);

    /// @notice Emitted when an authorization is used.
    event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce);

    bytes32 private constant _RECEIVE_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,"
        "uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );

    mapping(address account => bool) private _blacklisted;
    mapping(address authorizer => mapping(bytes32 nonce => bool)) private _usedAuthorizations;

    /// @param supply Base units minted to the deployer.
    constructor(uint256 supply) ERC20("Test Dollar", "TUSD") ERC20Permit("Test Dollar") {
        _mint(msg.sender, supply);
    }

    /// @notice Add `account` to the blacklist or remove it.
    function setBlacklisted(address account, bool listed) external {
        _blacklisted[account] = listed;
    }

    /// @notice Whether `authorizer` has used `nonce`.
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool) {
        return _usedAuthorizations[authorizer][nonce];
    }

    /// @inheritdoc IERC3009Receive
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external {
        if (to != msg.sender) revert TestTokenCallerNotPayee(msg.sender, to);
        if (block.timestamp <= validAfter || block.timestamp >= validBefore) {
            revert TestTokenAuthorizationNotValidNow(validAfter, validBefore);
        }
        if (_usedAuthorizations[from][nonce]) revert TestTokenAuthorizationUsed(from, nonce);
        bytes32 digest = _hashTypedDataV4(
            keccak256(abi.encode(_RECEIVE_TYPEHASH, from, to, value, validAfter, validBefore, nonce))
        );
        address signer = ECDSA.recover(digest, v, r, s);
        if (signer != from) revert TestTokenInvalidSignature(signer, from);
        _usedAuthorizations[from][nonce] = true;
        emit AuthorizationUsed(from, nonce);
        _transfer(from, to, value);
    }

    /// @inheritdoc ERC20
    function _update(address from, address to, uint256 value) internal override {
        if (_blacklisted[from]) revert TestTokenBlacklisted(from);
        if (_blacklisted[to]) revert TestTokenBlacklisted(to);
        super._update(from, to, value);
    }
}
