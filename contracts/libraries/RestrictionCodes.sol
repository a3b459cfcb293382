// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice A balance change was refused; `code` is the ERC-1404 restriction code (see {RestrictionCodes}).
/// The token and its compliance both revert with this error, so every client decodes refusals one way.
error TransferRestricted(uint8 code);

/// @title RestrictionCodes
/// @notice The one table of ERC-1404 transfer restriction codes, shared by the security token, its
/// compliance and every compliance module. The Python package mirrors it (`sectoken.reasons`), and a
/// test checks the two agree.
/// @dev Codes 1-15 are the token's own checks, 16 and up belong to compliance modules. The order in
/// which a refusal is reported is fixed: codes 1-6 first, then modules in the order of {priority}.
library RestrictionCodes {
    uint8 internal constant SUCCESS = 0;
    uint8 internal constant PAUSED = 1;
    uint8 internal constant SENDER_FROZEN = 2;
    uint8 internal constant RECIPIENT_FROZEN = 3;
    uint8 internal constant INSUFFICIENT_UNFROZEN_BALANCE = 4;
    uint8 internal constant SENDER_NOT_VERIFIED = 5;
    uint8 internal constant RECIPIENT_NOT_VERIFIED = 6;
    uint8 internal constant COUNTRY_NOT_ALLOWED = 16;
    uint8 internal constant COUNTRY_RESTRICTED = 17;
    uint8 internal constant MAX_BALANCE_EXCEEDED = 18;
    uint8 internal constant MAX_HOLDERS_EXCEEDED = 19;
    uint8 internal constant SUPPLY_LIMIT_EXCEEDED = 20;
    uint8 internal constant TOKENS_LOCKED = 21;
    uint8 internal constant INVESTOR_NOT_ELIGIBLE = 22;
    uint8 internal constant TRANSFER_LIMIT_EXCEEDED = 23;
    uint8 internal constant FLOWBACK_RESTRICTED = 24;
    uint8 internal constant NON_ACCREDITED_HOLDERS_EXCEEDED = 25;
    uint8 internal constant BELOW_MINIMUM_HOLDING = 26;
    uint8 internal constant FULL_TRANSFER_REQUIRED = 27;
    uint8 internal constant TRANSFER_BELOW_MINIMUM = 28;
    uint8 internal constant INVESTOR_TYPE_NOT_ELIGIBLE = 29;
    uint8 internal constant SPENDER_NOT_ALLOWED = 30;

    /// @notice A plain sentence for `code`, as ERC-1404's `messageForTransferRestriction` returns it.
    function message(uint8 code) internal pure returns (string memory) {
        if (code == SUCCESS) return "No restriction: the transfer is allowed.";
        if (code == PAUSED) return "The token is paused: no transfers are allowed until an agent unpauses it.";
        if (code == SENDER_FROZEN) return "The sender's wallet is frozen.";
        if (code == RECIPIENT_FROZEN) return "The recipient's wallet is frozen.";
        if (code == INSUFFICIENT_UNFROZEN_BALANCE) {
            return "The sender does not hold enough tokens that are not frozen.";
        }
        if (code == SENDER_NOT_VERIFIED) {
            return "The sender is not a verified investor (not registered, or a required claim is missing or expired).";
        }
        if (code == RECIPIENT_NOT_VERIFIED) {
            return "The recipient is not a verified investor (not registered, or a required claim is missing or expired).";
        }
        if (code == COUNTRY_NOT_ALLOWED) return "The recipient's country is not on the list of allowed countries.";
        if (code == COUNTRY_RESTRICTED) return "The recipient's country is restricted for this security.";
        if (code == MAX_BALANCE_EXCEEDED) {
            return "The transfer would take the recipient investor above the maximum holding allowed.";
        }
        if (code == MAX_HOLDERS_EXCEEDED) {
            return "The transfer would take the number of holders above the cap (overall or for the recipient's country).";
        }
        if (code == SUPPLY_LIMIT_EXCEEDED) return "The issuance would take the total supply above its limit.";
        if (code == TOKENS_LOCKED) return "The tokens are still in their lock-up period.";
        if (code == INVESTOR_NOT_ELIGIBLE) {
            return "The recipient lacks a claim required of investors in their jurisdiction (e.g. accredited or professional).";
        }
        if (code == TRANSFER_LIMIT_EXCEEDED) {
            return "The transfer exceeds the investor's limit for the current period.";
        }
        if (code == FLOWBACK_RESTRICTED) {
            return "During the distribution compliance period the security may not go to a US person (a recipient in the US or without a non-US-person claim).";
        }
        if (code == NON_ACCREDITED_HOLDERS_EXCEEDED) {
            return "The transfer would take the number of holders without an accredited claim above its cap.";
        }
        if (code == BELOW_MINIMUM_HOLDING) {
            return "The transfer would leave the sender or the recipient investor holding less than the minimum (but more than nothing).";
        }
        if (code == FULL_TRANSFER_REQUIRED) {
            return "A holder may only transfer their whole holding.";
        }
        if (code == TRANSFER_BELOW_MINIMUM) {
            return "The amount is below the minimum transfer for the sender's country.";
        }
        if (code == INVESTOR_TYPE_NOT_ELIGIBLE) {
            return "The recipient entity lacks a claim required of entities in their jurisdiction (e.g. per se professional).";
        }
        if (code == SPENDER_NOT_ALLOWED) {
            return "The spender is neither a verified investor nor an operator listed by the issuer.";
        }
        return "Unknown restriction code.";
    }

    /// @notice The rank at which a module's code is reported when several modules refuse a transfer:
    /// spender (30), country (16, 17), flowback (24), eligibility (22, 29), lock-up (21), minimum transfer
    /// (28), transfer limits (23), full transfer (27), minimum holding (26), max balance (18), holders (19,
    /// 25), supply (20). Lower ranks are checked first; unknown codes go last.
    function priority(uint8 code) internal pure returns (uint8) {
        if (code == SPENDER_NOT_ALLOWED) return 0;
        if (code == COUNTRY_NOT_ALLOWED) return 1;
        if (code == COUNTRY_RESTRICTED) return 2;
        if (code == FLOWBACK_RESTRICTED) return 3;
        if (code == INVESTOR_NOT_ELIGIBLE) return 4;
        if (code == INVESTOR_TYPE_NOT_ELIGIBLE) return 5;
        if (code == TOKENS_LOCKED) return 6;
        if (code == TRANSFER_BELOW_MINIMUM) return 7;
        if (code == TRANSFER_LIMIT_EXCEEDED) return 8;
        if (code == FULL_TRANSFER_REQUIRED) return 9;
        if (code == BELOW_MINIMUM_HOLDING) return 10;
        if (code == MAX_BALANCE_EXCEEDED) return 11;
        if (code == MAX_HOLDERS_EXCEEDED) return 12;
        if (code == NON_ACCREDITED_HOLDERS_EXCEEDED) return 13;
        if (code == SUPPLY_LIMIT_EXCEEDED) return 14;
        return 255;
    }
}
