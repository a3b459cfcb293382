// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IOfferingFactory} from "../../interfaces/IOfferingFactory.sol";
import {IModularCompliance} from "../../interfaces/IModularCompliance.sol";
import {TokenAdmin} from "../token/TokenAdmin.sol";
import {OfferingProxy} from "./OfferingProxy.sol";

/// @title OfferingFactory
/// @notice Deploys one offering in one transaction: its token and compliance, each an {OfferingProxy} of the
/// implementations every offering shares, created with CREATE2 (so the addresses follow from the caller
/// and a salt, and a resumed deployment finds what exists), both initialised with the caller as their
/// owner, bound together, the built-in rules switched on and set, and the caller's agents appointed.
/// @dev No window: the proxies are created and initialised in the same transaction, by this contract,
/// with the caller as the owner from the start; the factory keeps no rights over them. Binding the token
/// to the issuer's identity registry needs the registry's owner (`IdentityRegistry.bindToken`).
contract OfferingFactory is IOfferingFactory {
    /// @inheritdoc IOfferingFactory
    address public immutable tokenImplementation;
    /// @inheritdoc IOfferingFactory
    address public immutable complianceImplementation;

    /// @param tokenImplementation_ The {SecurityToken} implementation every token proxy runs.
    /// @param complianceImplementation_ The {ModularCompliance} implementation every compliance proxy runs.
    constructor(address tokenImplementation_, address complianceImplementation_) {
        if (tokenImplementation_ == address(0) || complianceImplementation_ == address(0)) {
            revert OfferingFactoryZeroAddress();
        }
        tokenImplementation = tokenImplementation_;
        complianceImplementation = complianceImplementation_;
    }

    /// @inheritdoc IOfferingFactory
    function deployOffering(bytes32 salt, Offering calldata offering)
        external
        returns (address token, address compliance)
    {
        bytes32 key = _key(msg.sender, salt);
        token = address(new OfferingProxy{salt: key}(tokenImplementation, ""));
        compliance = address(new OfferingProxy{salt: key}(complianceImplementation, ""));
        TokenAdmin(token).initialize(
            offering.name,
            offering.symbol,
            offering.decimals,
            offering.identityRegistry,
            compliance,
            offering.onchainID,
            msg.sender,
            offering.agents
        );
        IModularCompliance(compliance).initializeOffering(msg.sender, token, offering.modules, offering.settings);
        emit OfferingDeployed(token, compliance, msg.sender, salt);
    }

    /// @inheritdoc IOfferingFactory
    function offeringAddresses(address deployer, bytes32 salt)
        external
        view
        returns (address token, address compliance)
    {
        bytes32 key = _key(deployer, salt);
        token = _predict(key, tokenImplementation);
        compliance = _predict(key, complianceImplementation);
    }

    /// @dev The CREATE2 salt of `deployer`'s offering `salt`: one deployer cannot take another's addresses.
    function _key(address deployer, bytes32 salt) private pure returns (bytes32) {
        return keccak256(abi.encode(deployer, salt));
    }

    /// @dev The address of the proxy of `implementation` created with `key`.
    function _predict(bytes32 key, address implementation) private view returns (address) {
        bytes32 initCode = keccak256(abi.encodePacked(type(OfferingProxy).creationCode, abi.encode(implementation, "")));
        return address(uint160(uint256(keccak256(abi.encodePacked(bytes1(0xff), address(this), key, initCode)))));
    }
}
