// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {TransferRestricted} from "../libraries/RestrictionCodes.sol";

/// @title TestSettlementSecurityToken
/// @notice A stand-in for the security token in settlement and distribution tests: an ERC-20 with agents
/// and per-wallet restrictions that refuse any balance change with `TransferRestricted(code)`, as the real
/// token's compliance does.
contract TestSettlementSecurityToken is ERC20 {
    /// @notice The caller is not an agent.
    error TestTokenNotAgent(address caller);

    mapping(address account => bool) private _agents;
    mapping(address account => uint8 code) private _restrictions;

    /// @param supply Base units minted to the deployer, who becomes the first agent.
    constructor(uint256 supply) ERC20("Test Security", "TSEC") {
        _agents[msg.sender] = true;
        _mint(msg.sender, supply);
    }

    /// @notice Whether `account` is an agent.
    function isAgent(address account) external view returns (bool) {
        return _agents[account];
    }

    /// @notice Make `account` an agent or not. Only an agent may call it.
    function setAgent(address account, bool agent) external {
        if (!_agents[msg.sender]) revert TestTokenNotAgent(msg.sender);
        _agents[account] = agent;
    }

    /// @notice Refuse every balance change of `account` with `code` (0 lifts the restriction).
    function restrict(address account, uint8 code) external {
        if (!_agents[msg.sender]) revert TestTokenNotAgent(msg.sender);
        _restrictions[account] = code;
    }

    /// @inheritdoc ERC20
    function _update(address from, address to, uint256 value) internal override {
        uint8 code = _restrictions[from];
        if (code == 0) code = _restrictions[to];
        if (code != 0) revert TransferRestricted(code);
        super._update(from, to, value);
    }
}
