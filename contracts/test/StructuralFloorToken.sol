// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {IIdentityRegistryStorage} from "../../interfaces/IIdentityRegistryStorage.sol";

/// @title StructuralFloorToken
/// @notice The benchmark's structural floor: the least any permissioned token built as the security token is
/// built must do on a transfer, with no rule at all. An OpenZeppelin ERC-20 behind the offering's ERC-1967
/// proxy (upgradeable by its owner, like the security token), which, when given a registry storage, reads both
/// parties' records from it in one call (the shared registry storage of an issuer's offerings) and refuses a
/// party without the required claim topics. The storage address and the required topics share one word.
/// @dev Not part of the product: it measures what the proxy and the shared registry cost by themselves.
contract StructuralFloorToken is ERC20Upgradeable, OwnableUpgradeable, UUPSUpgradeable {
    /// @custom:storage-location erc7201:sectoken.storage.StructuralFloorToken
    struct FloorState {
        IIdentityRegistryStorage store;
        uint96 required;
    }

    // keccak256(abi.encode(uint256(keccak256("sectoken.storage.StructuralFloorToken")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STATE_SLOT = 0x0e2551eb1d9d1af4b41fb6da77dcce016d0a94aa26761cc054267336ea9bea00;

    /// @notice A party is not registered or lacks a required claim topic.
    error FloorNotVerified(address wallet);

    constructor() {
        _disableInitializers();
    }

    /// @notice Set up the proxy: `supply` to `holder` (unchecked); `store` zero for no registry read at all.
    function initialize(address owner_, address holder, uint256 supply, IIdentityRegistryStorage store, uint96 required)
        external
        initializer
    {
        __ERC20_init("Structural floor", "FLOOR");
        __Ownable_init(owner_);
        _mint(holder, supply);
        FloorState storage $ = _state();
        $.store = store;
        $.required = required;
    }

    /// @notice Issue `amount` to `to` (owner only; the recipient verified like a transfer's).
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @dev A transfer: both parties verified in one call to the registry storage; a mint: the recipient.
    function _update(address from, address to, uint256 value) internal override {
        FloorState storage $ = _state();
        IIdentityRegistryStorage store = $.store;
        if (address(store) != address(0) && to != address(0)) {
            uint256 required = $.required;
            if (from == address(0)) {
                (uint256 record, uint256 topics) = store.partyWord(to);
                if (record == 0 || topics & required != required) revert FloorNotVerified(to);
            } else {
                (uint256 fromRecord, uint256 fromTopics, uint256 toRecord, uint256 toTopics) = store.partyWords(from, to);
                if (fromRecord == 0 || fromTopics & required != required) revert FloorNotVerified(from);
                if (toRecord == 0 || toTopics & required != required) revert FloorNotVerified(to);
            }
        }
        super._update(from, to, value);
    }

    /// @dev Upgrades by the owner only.
    function _authorizeUpgrade(address) internal override onlyOwner {}

    function _state() private pure returns (FloorState storage $) {
        assembly {
            $.slot := _STATE_SLOT
        }
    }
}
