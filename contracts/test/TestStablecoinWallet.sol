// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title TestStablecoinWallet
/// @notice A minimal smart-contract wallet for the ERC-1271 signature tests: it accepts a signature of a
/// digest when its one key signed that digest.
contract TestStablecoinWallet is IERC1271 {
    /// @notice The key whose ECDSA signatures the wallet accepts.
    address public immutable signer;

    /// @param signer_ The wallet's key.
    constructor(address signer_) {
        signer = signer_;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address recovered, ECDSA.RecoverError err,) = ECDSA.tryRecover(hash, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == signer) return IERC1271.isValidSignature.selector;
        return 0xffffffff;
    }
}
