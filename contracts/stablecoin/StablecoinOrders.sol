// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
import {IStablecoinOrders} from "../../interfaces/IStablecoinOrders.sol";
import {StablecoinAuthorizations} from "./StablecoinAuthorizations.sol";

/// @title StablecoinOrders
/// @notice Lawful orders against frozen holders: seize and wipe, run by the enforcer.
/// @dev The one way around the blacklist check of `Stablecoin._update`: {_executeOrder} calls
/// {ERC20Upgradeable-_update} directly, after checking that the account is blacklisted and the recipient
/// is not. No state of its own.
abstract contract StablecoinOrders is StablecoinAuthorizations {
    /// @inheritdoc IStablecoinOrders
    function seize(address account, address recipient, bytes32 orderRef)
        external
        onlyEnforcer
        returns (uint256 amount)
    {
        if (recipient == address(0)) revert StablecoinZeroAddress();
        if (recipient == address(this)) revert ERC20InvalidReceiver(recipient);
        _requireNotBlacklisted(recipient);
        amount = _executeOrder(account, recipient, orderRef);
        emit Seized(account, recipient, amount, orderRef);
    }

    /// @inheritdoc IStablecoinOrders
    function wipe(address account, bytes32 orderRef) external onlyEnforcer returns (uint256 amount) {
        amount = _executeOrder(account, address(0), orderRef);
        emit Wiped(account, amount, orderRef);
    }

    /// @dev Moves the whole balance of the blacklisted `account` to `to` (the zero address burns it),
    /// skipping the pause and blacklist checks of `_update`. Returns the amount moved.
    function _executeOrder(address account, address to, bytes32 orderRef) private returns (uint256 amount) {
        if (orderRef == bytes32(0)) revert StablecoinMissingOrderReference();
        if (!isBlacklisted(account)) revert StablecoinNotBlacklisted(account);
        amount = balanceOf(account);
        ERC20Upgradeable._update(account, to, amount);
    }
}
