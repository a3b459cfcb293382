// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IToken} from "../../interfaces/IToken.sol";
import {TokenRoles} from "./TokenRoles.sol";

/// @title TokenInfo
/// @notice The token's descriptive information (ERC-3643): name, symbol and ONCHAINID settable by the
/// owner, decimals fixed at deployment (0 for whole shares), and the implementation version.
abstract contract TokenInfo is ERC20, TokenRoles {
    address private _onchainID;
    string private _tokenName;
    string private _tokenSymbol;
    uint8 private immutable _tokenDecimals;

    /// @dev Emits an {UpdatedTokenInformation} event. Requirements: non-empty name and symbol.
    constructor(string memory name_, string memory symbol_, uint8 decimals_, address onchainID_) ERC20("", "") {
        if (bytes(name_).length == 0 || bytes(symbol_).length == 0) revert TokenEmptyString();
        _tokenName = name_;
        _tokenSymbol = symbol_;
        _tokenDecimals = decimals_;
        _onchainID = onchainID_;
        emit UpdatedTokenInformation(name_, symbol_, decimals_, version(), onchainID_);
    }

    /// @inheritdoc IToken
    function setName(string calldata _name) external onlyOwner {
        if (bytes(_name).length == 0) revert TokenEmptyString();
        _tokenName = _name;
        emit UpdatedTokenInformation(_name, _tokenSymbol, _tokenDecimals, version(), _onchainID);
    }

    /// @inheritdoc IToken
    function setSymbol(string calldata _symbol) external onlyOwner {
        if (bytes(_symbol).length == 0) revert TokenEmptyString();
        _tokenSymbol = _symbol;
        emit UpdatedTokenInformation(_tokenName, _symbol, _tokenDecimals, version(), _onchainID);
    }

    /// @inheritdoc IToken
    function setOnchainID(address _newOnchainID) external onlyOwner {
        _onchainID = _newOnchainID;
        emit UpdatedTokenInformation(_tokenName, _tokenSymbol, _tokenDecimals, version(), _newOnchainID);
    }

    /// @inheritdoc IToken
    function name() public view override(ERC20, IToken) returns (string memory) {
        return _tokenName;
    }

    /// @inheritdoc IToken
    function symbol() public view override(ERC20, IToken) returns (string memory) {
        return _tokenSymbol;
    }

    /// @inheritdoc IToken
    function decimals() public view override(ERC20, IToken) returns (uint8) {
        return _tokenDecimals;
    }

    /// @inheritdoc IToken
    function version() public pure returns (string memory) {
        return "1.0.0";
    }

    /// @inheritdoc IToken
    function onchainID() external view returns (address) {
        return _onchainID;
    }
}
