// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IConfigurableModule} from "./IConfigurableModule.sol";

/// @title ISpenderModule
/// @notice Spender checks: a `transferFrom` is made by a verified investor or by an operator the issuer
/// lists (a settlement contract, a transfer agent); any other spender is refused with code 30
/// (`SPENDER_NOT_ALLOWED`). A holder's own transfer has no spender. ERC-1404's `detectTransferRestriction`
/// has no spender argument, so it does not report this code.
interface ISpenderModule is IConfigurableModule {
    /// @notice Emitted when `operator` is listed or unlisted.
    event OperatorListed(address indexed compliance, address indexed operator, bool listed);

    /// @notice List (or unlist) `operator`. Emits an {OperatorListed} event.
    ///
    /// Requirements:
    /// - the caller is a compliance with this module built in (its owner relays the call with `callModuleFunction`);
    /// - `operator` is not the zero address.
    function setOperator(address operator, bool listed) external;

    /// @notice Whether `operator` is listed.
    function isOperator(address compliance, address operator) external view returns (bool);
}
