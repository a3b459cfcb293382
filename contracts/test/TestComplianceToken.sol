// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ICompliance} from "../../interfaces/ICompliance.sol";

/// @title TestComplianceToken
/// @notice Test fixture: an ERC-3643-style token reduced to what drives the compliance's address-based
/// surface. Like the reference implementation it asks `canTransfer` first and reports the change to
/// the `transferred`/`created`/`destroyed` hooks after moving balances. The compliance facade asks the token
/// it is bound to for its ERC-1404 answer, so this token answers a code set by tests; and it tells the token
/// whether it has third-party modules to call (`setExternalModules`), which this token accepts and ignores.
contract TestComplianceToken is ERC20 {
    /// @notice The refused transfer.
    error TestTokenNotCompliant(address from, address to, uint256 amount);

    address private immutable _registry;
    ICompliance private immutable _compliance;
    uint8 private _restriction;

    /// @param registry_ The registry the compliance reads investor records from.
    /// @param compliance_ The compliance this token reports to (its owner binds the token after deployment).
    constructor(address registry_, ICompliance compliance_) ERC20("Test", "TST") {
        _registry = registry_;
        _compliance = compliance_;
    }

    /// @notice The identity registry.
    function identityRegistry() external view returns (address) {
        return _registry;
    }

    /// @notice Make {detectTransferRestriction} answer `code` for every transfer.
    function setRestriction(uint8 code) external {
        _restriction = code;
    }

    /// @notice The ERC-1404 code of a transfer (the one set by {setRestriction}).
    function detectTransferRestriction(address, address, uint256) external view returns (uint8) {
        return _restriction;
    }

    /// @notice What the compliance calls when its first third-party module comes or its last goes.
    function setExternalModules(bool) external {}

    /// @notice Issue `amount` to `to`.
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
        _compliance.created(to, amount);
    }

    /// @notice Redeem `amount` from `from`.
    function burn(address from, uint256 amount) external {
        _burn(from, amount);
        _compliance.destroyed(from, amount);
    }

    /// @notice A transfer checked by the compliance first.
    function transfer(address to, uint256 amount) public override returns (bool) {
        if (!_compliance.canTransfer(msg.sender, to, amount)) revert TestTokenNotCompliant(msg.sender, to, amount);
        _transfer(msg.sender, to, amount);
        _compliance.transferred(msg.sender, to, amount);
        return true;
    }
}
