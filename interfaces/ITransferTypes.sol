// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice What kind of balance change a compliance check is about.
/// @dev `Forced` covers an agent's forced transfer and wallet recovery: compliance modules whose rule a
/// forced transfer may override (lock-up, transfer limits) let it pass; all others still apply.
enum TransferKind {
    Transfer,
    Mint,
    Burn,
    Forced
}

/// @notice One party's identity state as the identity registry holds it, read in a constant number
/// of storage reads.
/// @param identity The investor identity the wallet belongs to (zero if the wallet is not registered).
/// @param country ISO 3166-1 numeric country code of the wallet's investor (826 UK, 840 US).
/// @param verified Registered, and every required claim topic has an unexpired claim from an issuer
/// trusted now for that topic.
/// @param topics Bitmap of the claim topics the identity holds a valid claim for (bit `t` = topic `t`).
struct Investor {
    address identity;
    uint16 country;
    bool verified;
    uint256 topics;
}

/// @notice Everything compliance modules need to judge one balance change, gathered once by the token
/// so that no module has to call the identity registry.
/// @dev For a mint `from` is zero and `sender` is empty; for a burn `to` is zero and `recipient` empty.
/// `fromBalance` is the sender's balance before the change.
struct TransferContext {
    TransferKind kind;
    address from;
    address to;
    uint256 amount;
    uint256 fromBalance;
    Investor sender;
    Investor recipient;
}

/// @notice A wallet's investor record as the token's rule engine reads it on every balance change.
/// @param identity The investor's identity (zero when the wallet is not registered).
/// @param country ISO 3166-1 numeric country code.
/// @param verified Whether the identity holds every claim topic the registry requires.
/// @param multi Whether the identity has (or has had) more than one wallet: its ledger then has a word of
/// its own in each token, rather than sharing its only wallet's word.
/// @param primary For a multi-wallet identity, the wallet whose word held its ledger while it had one
/// wallet (zero once that wallet left the identity); the token moves the ledger from there once.
/// @param topics The identity's current claim topics (bit `t` for topic `t`).
struct Party {
    address identity;
    uint16 country;
    bool verified;
    bool multi;
    address primary;
    uint256 topics;
}
