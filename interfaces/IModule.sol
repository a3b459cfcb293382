// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TransferContext} from "./ITransferTypes.sol";

/// @title IModule
/// @notice One compliance rule. A module instance serves one ModularCompliance (fixed at deploy) and
/// answers with an ERC-1404 restriction code (0 when the rule allows the change).
interface IModule {
    /// @notice The caller is not the compliance this module serves.
    error ModuleOnlyCompliance(address caller);

    /// @notice Short human-readable name, e.g. "CountryAllow".
    function name() external view returns (string memory);

    /// @notice The restriction code this module reports; it fixes the module's place in the check order
    /// (see `RestrictionCodes.priority`).
    function restrictionCode() external view returns (uint8);

    /// @notice The compliance this module serves.
    function compliance() external view returns (address);

    /// @notice Judge a balance change without changing anything.
    /// @return code 0 if allowed, else this module's restriction code.
    function check(TransferContext calldata ctx) external view returns (uint8 code);

    /// @notice Judge a balance change and, if allowed, record it in the module's state.
    /// @dev Only the compliance calls this, once per balance change, before the token moves balances.
    /// A module that refuses returns its code and must change nothing; the compliance then reverts.
    /// @return code 0 if allowed (state updated), else this module's restriction code.
    function onTransfer(TransferContext calldata ctx) external returns (uint8 code);

    /// @notice A human-readable description of the module's current configuration (for tooling).
    function describe() external view returns (string memory);
}
