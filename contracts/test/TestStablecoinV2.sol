// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Stablecoin} from "../stablecoin/Stablecoin.sol";

/// @title TestStablecoinV2
/// @notice A next version of {Stablecoin} for the upgrade test: it keeps every existing namespace and
/// adds one of its own, set by a version-2 reinitialiser.
contract TestStablecoinV2 is Stablecoin {
    /// @custom:storage-location erc7201:sectoken.storage.TestStablecoinV2
    struct TestStablecoinV2Storage {
        string _note;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.TestStablecoinV2")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant V2_STORAGE = 0xfd3c718dca0148ddce773179b4dd099a42238e0842ce4487ca74e126eb828200;

    /// @notice Emitted when the version-2 note has been set.
    event NoteSet(string note);

    /// @notice Set the version-2 note; callable once, during the upgrade.
    /// @param note_ Any text.
    function initializeV2(string calldata note_) external reinitializer(2) onlyOwner {
        _getV2Storage()._note = note_;
        emit NoteSet(note_);
    }

    /// @notice The version-2 note.
    function note() external view returns (string memory) {
        return _getV2Storage()._note;
    }

    function _getV2Storage() private pure returns (TestStablecoinV2Storage storage $) {
        assembly {
            $.slot := V2_STORAGE
        }
    }
}
