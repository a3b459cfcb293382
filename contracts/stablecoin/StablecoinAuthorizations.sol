// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {NoncesUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/NoncesUpgradeable.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC3009} from "../../interfaces/IERC3009.sol";
import {IStablecoin} from "../../interfaces/IStablecoin.sol";
import {StablecoinReserves} from "./StablecoinReserves.sol";

/// @title StablecoinAuthorizations
/// @notice Signed approvals and transfers: EIP-2612 `permit` and EIP-3009 transfer, receive and cancel
/// authorizations, each in the `v,r,s` form of the EIPs and the `bytes signature` form of FiatToken v2.2.
/// @dev Signatures are checked against the EIP-712 domain (name = token name, version "2", chain id,
/// the proxy's address) by {_requireValidSignature}: ECDSA with low `s` for accounts without code,
/// ERC-1271 for contracts. The moves themselves go through `_approve` and `_transfer`, so pause and
/// blacklist apply exactly as to direct calls.
abstract contract StablecoinAuthorizations is
    StablecoinReserves,
    EIP712Upgradeable,
    NoncesUpgradeable,
    IStablecoin
{
    /// @custom:storage-location erc7201:sectoken.storage.StablecoinAuthorizations
    struct StablecoinAuthorizationsStorage {
        mapping(address authorizer => mapping(bytes32 nonce => bool)) _authorizationStates;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.StablecoinAuthorizations")) - 1))
    //     & ~bytes32(uint256(0xff))
    bytes32 private constant STABLECOIN_AUTHORIZATIONS_STORAGE =
        0xebdf0f2f745519c448e1c32ac7b477e781cb8ca0fe4a68a1f029956ba5205a00;

    /// @inheritdoc IStablecoin
    bytes32 public constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    /// @inheritdoc IERC3009
    bytes32 public constant TRANSFER_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "TransferWithAuthorization(address from,address to,uint256 value,"
        "uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    /// @inheritdoc IERC3009
    bytes32 public constant RECEIVE_WITH_AUTHORIZATION_TYPEHASH = keccak256(
        "ReceiveWithAuthorization(address from,address to,uint256 value,"
        "uint256 validAfter,uint256 validBefore,bytes32 nonce)"
    );
    /// @inheritdoc IERC3009
    bytes32 public constant CANCEL_AUTHORIZATION_TYPEHASH =
        keccak256("CancelAuthorization(address authorizer,bytes32 nonce)");

    function _getStablecoinAuthorizationsStorage() private pure returns (StablecoinAuthorizationsStorage storage $) {
        assembly {
            $.slot := STABLECOIN_AUTHORIZATIONS_STORAGE
        }
    }

    /// @dev The EIP-712 domain version, FiatToken v2's.
    string internal constant EIP712_VERSION = "2";

    /// @inheritdoc IStablecoin
    function version() external pure returns (string memory) {
        return EIP712_VERSION;
    }

    /// @inheritdoc IERC20Permit
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) public view override(IERC20Permit, NoncesUpgradeable) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc IERC3009
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool) {
        return _getStablecoinAuthorizationsStorage()._authorizationStates[authorizer][nonce];
    }

    // --- EIP-2612 ---

    /// @inheritdoc IERC20Permit
    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
    {
        _requireValidSignature(owner, _permitDigest(owner, spender, value, deadline), v, r, s);
        _approve(owner, spender, value);
    }

    /// @inheritdoc IStablecoin
    function permit(address owner, address spender, uint256 value, uint256 deadline, bytes calldata signature)
        external
    {
        _requireValidSignature(owner, _permitDigest(owner, spender, value, deadline), signature);
        _approve(owner, spender, value);
    }

    // --- EIP-3009 ---

    /// @inheritdoc IERC3009
    function transferWithAuthorization(
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
        bytes32 digest =
            _authorizationDigest(TRANSFER_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce);
        _requireValidSignature(from, digest, v, r, s);
        _useAuthorization(from, to, value, nonce);
    }

    /// @inheritdoc IStablecoin
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external {
        bytes32 digest =
            _authorizationDigest(TRANSFER_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce);
        _requireValidSignature(from, digest, signature);
        _useAuthorization(from, to, value, nonce);
    }

    /// @inheritdoc IERC3009
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
        if (to != _msgSender()) revert StablecoinCallerNotPayee(_msgSender(), to);
        bytes32 digest =
            _authorizationDigest(RECEIVE_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce);
        _requireValidSignature(from, digest, v, r, s);
        _useAuthorization(from, to, value, nonce);
    }

    /// @inheritdoc IStablecoin
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external {
        if (to != _msgSender()) revert StablecoinCallerNotPayee(_msgSender(), to);
        bytes32 digest =
            _authorizationDigest(RECEIVE_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce);
        _requireValidSignature(from, digest, signature);
        _useAuthorization(from, to, value, nonce);
    }

    /// @inheritdoc IERC3009
    function cancelAuthorization(address authorizer, bytes32 nonce, uint8 v, bytes32 r, bytes32 s)
        external
        whenNotPaused
    {
        _requireValidSignature(authorizer, _cancelDigest(authorizer, nonce), v, r, s);
        _cancelAuthorization(authorizer, nonce);
    }

    /// @inheritdoc IStablecoin
    function cancelAuthorization(address authorizer, bytes32 nonce, bytes calldata signature) external whenNotPaused {
        _requireValidSignature(authorizer, _cancelDigest(authorizer, nonce), signature);
        _cancelAuthorization(authorizer, nonce);
    }

    // --- internals ---

    /// @dev The version is a constant, returned from code: it spares every signature check a storage read.
    function _EIP712Version() internal pure override returns (string memory) {
        return EIP712_VERSION;
    }

    /// @dev Checks the deadline, spends `owner`'s permit nonce and returns the digest to be signed.
    function _permitDigest(address owner, address spender, uint256 value, uint256 deadline)
        private
        returns (bytes32)
    {
        if (block.timestamp > deadline) revert StablecoinPermitExpired(deadline);
        return _hashTypedDataV4(
            keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, _useNonce(owner), deadline))
        );
    }

    /// @dev Checks the validity window and the nonce, then returns the digest to be signed.
    function _authorizationDigest(
        bytes32 typeHash,
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce
    ) private view returns (bytes32) {
        if (block.timestamp <= validAfter) revert StablecoinAuthorizationNotYetValid(validAfter);
        if (block.timestamp >= validBefore) revert StablecoinAuthorizationExpired(validBefore);
        _requireUnusedAuthorization(from, nonce);
        return _hashTypedDataV4(keccak256(abi.encode(typeHash, from, to, value, validAfter, validBefore, nonce)));
    }

    /// @dev Checks the nonce, then returns the digest of a cancellation to be signed.
    function _cancelDigest(address authorizer, bytes32 nonce) private view returns (bytes32) {
        _requireUnusedAuthorization(authorizer, nonce);
        return _hashTypedDataV4(keccak256(abi.encode(CANCEL_AUTHORIZATION_TYPEHASH, authorizer, nonce)));
    }

    /// @dev Marks the nonce used, then moves the tokens. Emits {AuthorizationUsed} and {IERC20-Transfer}.
    function _useAuthorization(address from, address to, uint256 value, bytes32 nonce) private {
        _getStablecoinAuthorizationsStorage()._authorizationStates[from][nonce] = true;
        emit AuthorizationUsed(from, nonce);
        _transfer(from, to, value);
    }

    /// @dev Marks the nonce cancelled. Emits {AuthorizationCanceled}.
    function _cancelAuthorization(address authorizer, bytes32 nonce) private {
        _getStablecoinAuthorizationsStorage()._authorizationStates[authorizer][nonce] = true;
        emit AuthorizationCanceled(authorizer, nonce);
    }

    /// @dev Reverts with {StablecoinAuthorizationUsed} if `nonce` of `authorizer` is used or cancelled.
    function _requireUnusedAuthorization(address authorizer, bytes32 nonce) private view {
        if (_getStablecoinAuthorizationsStorage()._authorizationStates[authorizer][nonce]) {
            revert StablecoinAuthorizationUsed(authorizer, nonce);
        }
    }

    /// @dev Reverts with {StablecoinInvalidSignature} unless `v`, `r`, `s` is `signer`'s signature of
    /// `digest`: a low-s ECDSA signature if `signer` has no code, else one its ERC-1271 check accepts.
    function _requireValidSignature(address signer, bytes32 digest, uint8 v, bytes32 r, bytes32 s) private view {
        bool valid;
        if (signer.code.length == 0) {
            (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(digest, v, r, s);
            valid = err == ECDSA.RecoverError.NoError && recovered == signer;
        } else {
            valid = SignatureChecker.isValidERC1271SignatureNow(signer, digest, abi.encodePacked(r, s, v));
        }
        if (!valid) revert StablecoinInvalidSignature(signer);
    }

    /// @dev Same as the `v,r,s` form with the signature as bytes (65-byte `r,s,v` for ECDSA).
    function _requireValidSignature(address signer, bytes32 digest, bytes calldata signature) private view {
        if (!SignatureChecker.isValidSignatureNow(signer, digest, signature)) {
            revert StablecoinInvalidSignature(signer);
        }
    }
}
