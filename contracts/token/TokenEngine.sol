// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ILockUpModule} from "../../interfaces/modules/ILockUpModule.sol";
import {IIdentityRegistryStorage} from "../../interfaces/IIdentityRegistryStorage.sol";
import {Investor, TransferContext, TransferKind} from "../../interfaces/ITransferTypes.sol";
import {RestrictionCodes, TransferRestricted} from "../libraries/RestrictionCodes.sol";
import {
    Config, CountryMinimums, CountryRule, EntityRule, Flags, HolderCount, Ledger, Policy, PolicyFlags, Powers,
    RegistryCache, Rules, Supply, Switches, Words
} from "./TokenStorage.sol";
import {CountryAllowRule} from "./rules/CountryAllowRule.sol";
import {CountryRestrictRule} from "./rules/CountryRestrictRule.sol";
import {InvestorEligibilityRule} from "./rules/InvestorEligibilityRule.sol";
import {LockUpRule} from "./rules/LockUpRule.sol";
import {MaxBalanceRule} from "./rules/MaxBalanceRule.sol";
import {MaxHoldersRule} from "./rules/MaxHoldersRule.sol";
import {SupplyLimitRule} from "./rules/SupplyLimitRule.sol";
import {TransferLimitsRule} from "./rules/TransferLimitsRule.sol";
import {FlowbackRule} from "./rules/FlowbackRule.sol";
import {InvestorTypeRule} from "./rules/InvestorTypeRule.sol";
import {MinimumHoldingRule} from "./rules/MinimumHoldingRule.sol";
import {MinimumTransferRule} from "./rules/MinimumTransferRule.sol";
import {NonAccreditedHoldersRule} from "./rules/NonAccreditedHoldersRule.sol";
import {SpenderRule} from "./rules/SpenderRule.sol";
import {TokenBase} from "./TokenBase.sol";
import {IERC7943Fungible} from "../../interfaces/IERC7943.sol";

/// @title TokenEngine
/// @notice ERC-20 balances in packed account words, and the rule engine every balance change goes through.
/// @dev One override point, {_update}: it reads the token's configuration word, both parties' registry
/// records in one call, their account words and (for multi-wallet identities) their identity words, the
/// recipient country's rule word, and only what the rules switched on need beyond that. It decides the
/// first refusal code in the fixed order (token 1-6, the spender's 30, then 16, 17, 24, 22, 29, 21, 28, 23, 27,
/// 26, 18, 19, 25, 20), then writes each changed word once. The second-edition rules (24-30) read their
/// settings word ({Policy}) only when switched on and needed.
///
/// The per-identity ledger keeps, whatever rules are on, the balance over all the identity's wallets and
/// the country it is counted under as a holder (holder counts total and per country), so switching the
/// balance or holder rules on later starts from exact figures. The transfer-limit window is counted only
/// while that rule is on (a window opened after it is switched on starts empty). A solo identity's ledger
/// shares its wallet's account word.
abstract contract TokenEngine is TokenBase, IERC20, IERC20Errors {
    using Words for uint256;

    /// @dev A balance change being judged and applied, as raw storage words (see {Words}): no memory struct
    /// per word, each word read once and written once.
    struct Move {
        TransferKind kind;
        uint256 amount;
        /// @dev The configuration word ({Config}).
        uint256 config;
        /// @dev The built-in rules switched on ({Rules}), and the token's pause and external-modules switches.
        uint16 rules;
        bool paused;
        bool externalModules;
        address from;
        address to;
        /// @dev The parties' registry records ({IIdentityRegistryStorage-partyWord}: ledger key | country << 160
        /// | multi << 176, the key being the identity of a multi-wallet identity and the wallet itself
        /// otherwise), with `VERIFIED` set when the registry's required topics are held.
        uint256 fromParty;
        uint256 toParty;
        uint256 fromTopics;
        uint256 toTopics;
        /// @dev The wallets' account words.
        uint256 fromAccount;
        uint256 toAccount;
        /// @dev The identities' ledger words: for a solo identity a copy of its account word, whose ledger
        /// fields are merged back into the account word when applied.
        uint256 fromLedger;
        uint256 toLedger;
        /// @dev The sender's wallet balance before the change.
        uint256 fromBalance;
        /// @dev The recipient country's rule word, read only when a rule needs it.
        uint256 countryRule;
        bool sameIdentity;
        bool joins;
        bool leaves;
        /// @dev The account spending the sender's allowance (zero for the sender's own transfer, a mint, a
        /// burn, a forced transfer, or a judgement without a caller such as {_detect}).
        address spender;
    }

    uint256 private constant _VERIFIED = uint256(1) << 184;
    uint256 private constant _MULTI = uint256(1) << 176;
    /// @dev Set in a party record for an entity (investor type 1).
    uint256 private constant _ENTITY = uint256(1) << 177;
    /// @dev Rules that read the recipient country's rule word: CountryAllow, CountryRestrict, InvestorEligibility.
    uint16 private constant _COUNTRY_RULES =
        uint16(1) << Rules.COUNTRY_ALLOW | uint16(1) << Rules.COUNTRY_RESTRICT | uint16(1) << Rules.INVESTOR_ELIGIBILITY;

    /// @dev Rules that judge a recipient identity starting to hold: MaxHolders, NonAccreditedHolders.
    uint16 private constant _JOIN_RULES = uint16(1) << Rules.MAX_HOLDERS | uint16(1) << Rules.NON_ACCREDITED_HOLDERS;

    uint256 private constant _MAX_SUPPLY = type(uint112).max;

    /// @notice The total supply would exceed what balances can hold (2^112 - 1 base units).
    error TokenSupplyOverflow(uint256 supply, uint256 amount);

    // ------------------------------------------------------------------ ERC-20

    /// @inheritdoc IERC20
    function totalSupply() public view returns (uint256) {
        return _state().supply.total;
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) public view returns (uint256) {
        return _state().accounts[account].balance;
    }

    /// @inheritdoc IERC20
    function allowance(address owner_, address spender) public view returns (uint256) {
        return _state().allowances[owner_][spender];
    }

    /// @inheritdoc IERC20
    function approve(address spender, uint256 value) external returns (bool) {
        _approve(msg.sender, spender, value);
        return true;
    }

    /// @inheritdoc IERC20
    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = _state().allowances[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (value > allowed) revert ERC20InsufficientAllowance(msg.sender, allowed, value);
            // Cannot underflow: checked just above. No Approval event, as OpenZeppelin's ERC-20.
            unchecked {
                _state().allowances[from][msg.sender] = allowed - value;
            }
        }
        _transfer(from, to, value);
        return true;
    }

    /// @dev Sets `value` as the allowance of `spender` over `owner_`'s tokens. Emits an {Approval} event.
    function _approve(address owner_, address spender, uint256 value) internal {
        if (owner_ == address(0)) revert ERC20InvalidApprover(address(0));
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        _state().allowances[owner_][spender] = value;
        emit Approval(owner_, spender, value);
    }

    /// @dev A holder's move: neither side may be the zero address.
    function _transfer(address from, address to, uint256 value) internal {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _update(from, to, value);
    }

    /// @dev Issue `value` to `to`.
    function _mint(address to, uint256 value) internal {
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _update(address(0), to, value);
    }

    /// @dev Destroy `value` of `from`'s tokens.
    function _burn(address from, uint256 value) internal {
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        _update(from, address(0), value);
    }

    // ------------------------------------------------------------------ the one hook

    /// @dev Every balance change: judge it (token checks, then the rules switched on), apply it to the
    /// ledger, emit `Transfer`, then call the compliance's third-party modules, if any.
    function _update(address from, address to, uint256 value) internal {
        TokenState storage $ = _state();
        uint256 config = Words.load(_slot($.config));
        TransferKind kind = TransferKind.Transfer;
        if (from == address(0)) {
            kind = TransferKind.Mint;
        } else if (to == address(0)) {
            kind = TransferKind.Burn;
        } else if (config & Words.FORCING != 0) {
            kind = TransferKind.Forced;
            // Cleared before any external call: a call back into the token during a forced transfer is an
            // ordinary transfer, with every check.
            $.config.switches &= ~Switches.FORCING;
        }
        Move memory m = _load(kind, from, to, value, config);
        if (kind == TransferKind.Transfer && msg.sender != from) m.spender = msg.sender;
        if (m.fromParty & _MULTI != 0) _migrate(_identity(m.fromParty));
        if (m.toParty & _MULTI != 0) _migrate(_identity(m.toParty));
        uint8 code = _judge(m);
        if (code == RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE) _revertInsufficient(m);
        if (code != RestrictionCodes.SUCCESS) revert TransferRestricted(code);
        if (kind == TransferKind.Burn || kind == TransferKind.Forced) _takeFromFrozen(m);
        _apply(m);
        emit Transfer(from, to, value);
        if (m.externalModules) $.compliance.applyTransfer(_context(m));
    }

    /// @dev The ERC-1404 code of a holder transfer `from` -> `to` of `value` (0 when allowed).
    function _detect(address from, address to, uint256 value) internal view returns (uint8 code) {
        Move memory m = _load(TransferKind.Transfer, from, to, value, Words.load(_slot(_state().config)));
        code = _judge(m);
        if (code == 0 && m.externalModules) code = _state().compliance.checkTransfer(_context(m));
    }

    /// @dev Load what judging and applying a change need: both parties' registry records in one call to
    /// the registry's storage (one record for a mint or burn), verified against the registry's required
    /// topics (both cached, see {RegistryCache}); their account words; their identities' ledger words (a
    /// multi-wallet identity's as {_migrate} makes it).
    function _load(TransferKind kind, address from, address to, uint256 value, uint256 config)
        private
        view
        returns (Move memory m)
    {
        m.kind = kind;
        m.amount = value;
        m.config = config;
        m.rules = uint16(config >> 232);
        uint8 switches = uint8(config >> 248);
        m.paused = switches & Switches.PAUSED != 0;
        m.externalModules = switches & Switches.EXTERNAL_MODULES != 0;
        m.from = from;
        m.to = to;
        TokenState storage $ = _state();
        uint256 cache = Words.load(_slot($.registryCache));
        IIdentityRegistryStorage store = IIdentityRegistryStorage(address(uint160(cache)));
        uint256 required = cache >> 160;
        if (from == address(0)) (m.toParty, m.toTopics) = store.partyWord(to);
        else if (to == address(0)) (m.fromParty, m.fromTopics) = store.partyWord(from);
        else (m.fromParty, m.fromTopics, m.toParty, m.toTopics) = store.partyWords(from, to);
        if (m.fromParty != 0 && m.fromTopics & required == required) m.fromParty |= _VERIFIED;
        if (m.toParty != 0 && m.toTopics & required == required) m.toParty |= _VERIFIED;
        if (from != address(0)) {
            m.fromAccount = Words.load(_slot($.accounts[from]));
            m.fromBalance = m.fromAccount.balance();
            m.fromLedger = m.fromParty & _MULTI != 0 ? _identityLedger(store, _identity(m.fromParty)) : m.fromAccount;
        }
        if (to != address(0)) {
            m.toAccount = Words.load(_slot($.accounts[to]));
            m.toLedger = m.toParty & _MULTI != 0 ? _identityLedger(store, _identity(m.toParty)) : m.toAccount;
        }
        address fromKey = m.fromParty != 0 ? _identity(m.fromParty) : from;
        address toKey = m.toParty != 0 ? _identity(m.toParty) : to;
        m.sameIdentity = from != address(0) && to != address(0) && fromKey == toKey;
    }

    /// @dev Give a multi-wallet identity its own ledger word, once: moved from its first wallet's account
    /// word, where it lived while the identity had one wallet. (A wallet of the change that is that first
    /// wallet has its ledger fields cleared by {_apply}, which writes its account word last.)
    function _migrate(address identity) private {
        TokenState storage $ = _state();
        if (Words.load(_slot($.identities[identity])).has(Flags.MIGRATED)) return;
        (address primary,,) = $.registryCache.store.identityWallets(identity);
        Words.store(_slot($.identities[identity]), _ledgerOfFirst(identity, primary));
        if (primary != address(0)) {
            bytes32 first = _slot($.accounts[primary]);
            Words.store(first, Words.load(first) & ~Words.LEDGER_FIELDS);
        }
    }

    /// @dev A multi-wallet identity's ledger word as it is, or as {_migrate} will make it.
    function _identityLedger(IIdentityRegistryStorage store, address identity) private view returns (uint256 word) {
        word = Words.load(_slot(_state().identities[identity]));
        if (word.has(Flags.MIGRATED)) return word;
        (address primary,,) = store.identityWallets(identity);
        return _ledgerOfFirst(identity, primary);
    }

    /// @dev The ledger word `identity` gets when it moves to a word of its own: its first wallet's balance,
    /// window and counted country (its own word as it is when the first wallet is gone), flagged migrated.
    function _ledgerOfFirst(address identity, address primary) private view returns (uint256 word) {
        TokenState storage $ = _state();
        word = primary != address(0)
            ? Words.load(_slot($.accounts[primary]))
            : Words.load(_slot($.identities[identity]));
        return (word & (Words.BALANCE | Words.LEDGER_FIELDS)).set(Flags.MIGRATED);
    }

    /// @dev The first code that refuses the change (0 if none). Reads rule state; writes nothing (it keeps
    /// in `m` what it read for {_apply}).
    function _judge(Move memory m) private view returns (uint8 code) {
        code = _tokenChecks(m);
        if (code != 0) return code;
        uint16 rules = m.rules;
        TokenState storage $ = _state();
        if (m.spender != address(0) && Rules.on(rules, Rules.SPENDER)) {
            code = _spenderCheck(m.spender);
            if (code != 0) return code;
        }
        if (m.to != address(0)) {
            code = _recipientChecks(m, rules);
            if (code != 0) return code;
        }
        if (m.kind == TransferKind.Transfer && m.fromAccount.has(Flags.LOTS) && Rules.on(rules, Rules.LOCK_UP)) {
            code = LockUpRule.check($.lotHeaders[m.from], $.lots[m.from], m.fromBalance, m.amount);
            if (code != 0) return code;
        }
        if (m.kind == TransferKind.Transfer && !m.sameIdentity && Rules.on(rules, Rules.MINIMUM_TRANSFER)) {
            code = MinimumTransferRule.check($.countryMinimums[_country(m.fromParty)].minTransfer, m.amount);
            if (code != 0) return code;
        }
        code = _identityChecks(m, rules);
        if (code == 0 && m.kind == TransferKind.Mint && Rules.on(rules, Rules.SUPPLY_LIMIT)) {
            code = SupplyLimitRule.check($.supply, m.amount);
        }
    }

    /// @dev The recipient's country and claims: allowed (16), restricted (17), flowback (24), eligibility (22,
    /// or 29 for an entity of a country with an entity rule). Keeps the country's rule word in `m` (a mint's
    /// lock-up period is in it).
    function _recipientChecks(Move memory m, uint16 rules) private view returns (uint8 code) {
        TokenState storage $ = _state();
        uint16 country = _country(m.toParty);
        uint256 rule = 0;
        if (rules & _COUNTRY_RULES != 0 || (m.kind == TransferKind.Mint && Rules.on(rules, Rules.LOCK_UP))) {
            rule = Words.load(_slot($.countries[country]));
            m.countryRule = rule;
        }
        // CountryRule: allowed (bits 0-7) | restricted (8-15) | lockSet | lockPeriod | anyOf (56-151) | allOf (152-247)
        if (Rules.on(rules, Rules.COUNTRY_ALLOW)) code = CountryAllowRule.check(uint8(rule) != 0);
        if (code == 0 && Rules.on(rules, Rules.COUNTRY_RESTRICT)) code = CountryRestrictRule.check(uint8(rule >> 8) != 0);
        if (code == 0 && Rules.on(rules, Rules.FLOWBACK)) {
            // Policy: flowbackEnd (bits 0-39) | nonUsTopic (40-47)
            uint256 policy = Words.load(_slot($.policy));
            code = FlowbackRule.check(uint40(policy), uint8(policy >> 40), country, m.toTopics);
        }
        if (code != 0) return code;
        if (Rules.on(rules, Rules.INVESTOR_TYPES) && m.toParty & _ENTITY != 0) {
            // EntityRule: anyOf (bits 0-95) | allOf (96-191) | set (192-199)
            uint256 entity = Words.load(_slot($.entityRules[country]));
            if (uint8(entity >> 192) != 0) return InvestorTypeRule.check(uint96(entity), uint96(entity >> 96), m.toTopics);
        }
        if (Rules.on(rules, Rules.INVESTOR_ELIGIBILITY)) {
            code = InvestorEligibilityRule.check(uint96(rule >> 56), uint96(rule >> 152), m.toTopics);
        }
    }

    /// @dev Code 30 for a spender that is neither a listed operator nor a verified investor.
    function _spenderCheck(address spender) private view returns (uint8) {
        TokenState storage $ = _state();
        if ($.powers[spender] & Powers.OPERATOR != 0) return 0;
        uint256 cache = Words.load(_slot($.registryCache));
        (uint256 party, uint256 topics) = IIdentityRegistryStorage(address(uint160(cache))).partyWord(spender);
        uint256 required = cache >> 160;
        return SpenderRule.check(false, party != 0 && topics & required == required);
    }

    /// @dev The token's own checks (codes 1-6), by kind of change. Burns pass; forced transfers and mints
    /// check only the recipient (frozen, verified).
    function _tokenChecks(Move memory m) private view returns (uint8) {
        TransferKind kind = m.kind;
        if (kind == TransferKind.Burn) return 0;
        if (kind == TransferKind.Transfer) {
            if (m.paused) return RestrictionCodes.PAUSED;
            if (m.fromAccount.has(Flags.FROZEN)) return RestrictionCodes.SENDER_FROZEN;
            if (m.toAccount.has(Flags.FROZEN)) return RestrictionCodes.RECIPIENT_FROZEN;
            if (m.amount > _unfrozen(m.fromBalance, _frozenOf(m.from, uint8(m.fromAccount >> 248)))) {
                return RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE;
            }
            if (m.fromParty & _VERIFIED == 0) return RestrictionCodes.SENDER_NOT_VERIFIED;
        } else if (m.toAccount.has(Flags.FROZEN)) {
            return RestrictionCodes.RECIPIENT_FROZEN;
        }
        if (m.toParty & _VERIFIED == 0) return RestrictionCodes.RECIPIENT_NOT_VERIFIED;
        return 0;
    }

    /// @dev Transfer limits (23), maximum balance (18), holder caps (19): identity-level rules, which a move
    /// between wallets of one identity never meets. Also works out who joins and who leaves the holders,
    /// and the sender's transfer-limit window after the move (kept in `m.fromLedger`).
    function _identityChecks(Move memory m, uint16 rules) private view returns (uint8 code) {
        if (m.sameIdentity || m.amount == 0) return 0;
        bool hasFrom = m.from != address(0);
        bool hasTo = m.to != address(0);
        // Config: maxBalance (bits 0-111) | windowLimit (112-199) | window (200-231)
        uint256 limits = m.config;
        uint256 window = uint32(limits >> 200);
        if (m.kind == TransferKind.Transfer && Rules.on(rules, Rules.TRANSFER_LIMITS) && window != 0) {
            uint256 ledger = m.fromLedger;
            uint256 moved;
            uint256 start;
            (code, moved, start) = TransferLimitsRule.check(
                window, uint88(limits >> 112), uint88(ledger >> 112), uint32(ledger >> 200), m.amount
            );
            if (code != 0) return code;
            m.fromLedger = ledger.withWindow(moved, start);
        }
        if (Rules.on(rules, Rules.MINIMUM_HOLDING) && m.kind != TransferKind.Burn && m.kind != TransferKind.Forced) {
            code = _minimumHolding(m);
            if (code != 0) return code;
        }
        if (hasTo && Rules.on(rules, Rules.MAX_BALANCE)) {
            code = MaxBalanceRule.check(limits & Words.BALANCE, m.toLedger.balance(), m.amount);
            if (code != 0) return code;
        }
        uint256 fromHeld = m.fromLedger.balance();
        m.leaves = hasFrom && fromHeld != 0 && m.amount >= fromHeld;
        m.joins = hasTo && m.toLedger.balance() == 0;
        if (m.joins && rules & _JOIN_RULES != 0) code = _joinChecks(m, rules);
    }

    /// @dev Holder caps (19) and the non-accredited holders' cap (25) for a recipient identity starting to hold.
    function _joinChecks(Move memory m, uint16 rules) private view returns (uint8 code) {
        TokenState storage $ = _state();
        // HolderCount: cap (bits 0-31) | count (32-63) | nonAccreditedCap (64-95) | nonAccreditedCount (96-127)
        // | accreditedTopic (128-135)
        uint256 total = Words.load(_slot($.holders));
        if (Rules.on(rules, Rules.MAX_HOLDERS)) {
            uint16 country = _country(m.toParty);
            uint256 own = Words.load(_slot($.countryHolders[country]));
            code = MaxHoldersRule.check(
                uint32(total), uint32(total >> 32), uint32(own), uint32(own >> 32), true, m.leaves,
                m.fromLedger.country(), country
            );
            if (code != 0) return code;
        }
        if (Rules.on(rules, Rules.NON_ACCREDITED_HOLDERS) && NonAccreditedHoldersRule.counts(uint8(total >> 128), m.toTopics)) {
            bool oneLeaves = m.leaves && m.fromLedger.has(Flags.NON_ACCREDITED);
            code = NonAccreditedHoldersRule.check(uint32(total >> 64), uint32(total >> 96), oneLeaves);
        }
    }

    /// @dev Full transfer (27) and minimum holding (26) of a holder's transfer (both parties) or a mint (the
    /// recipient): the identities' holdings after the change against their countries' minimums.
    function _minimumHolding(Move memory m) private view returns (uint8 code) {
        TokenState storage $ = _state();
        // Policy: flags (bits 48-55) | minimumCountries (56-71) | minHolding (72-183)
        uint256 policy = Words.load(_slot($.policy));
        uint256 minFrom = uint112(policy >> 72);
        uint256 minTo = minFrom;
        if (uint16(policy >> 56) != 0) {
            uint256 own = $.countryMinimums[_country(m.fromParty)].minHolding;
            if (own != 0) minFrom = own;
            own = $.countryMinimums[_country(m.toParty)].minHolding;
            if (own != 0) minTo = own;
        }
        uint256 amount = m.amount;
        // The amount is at most the sender's wallet balance, so at most its identity's holding; every holding
        // is below 2^112, and so is the recipient's after the change.
        unchecked {
            if (m.kind == TransferKind.Transfer) {
                uint256 held = m.fromLedger.balance();
                code = MinimumHoldingRule.checkFull(uint8(policy >> 48) & PolicyFlags.FULL_TRANSFER != 0, held, amount);
                if (code == 0) code = MinimumHoldingRule.check(minFrom, held - amount);
                if (code != 0) return code;
            }
            code = MinimumHoldingRule.check(minTo, m.toLedger.balance() + amount);
        }
    }

    /// @dev Apply a judged change: balances, the identities' ledgers, holder counts, supply and lots; each
    /// changed word written once.
    function _apply(Move memory m) private {
        TokenState storage $ = _state();
        address from = m.from;
        address to = m.to;
        uint256 amount = m.amount;
        if (from == to) return; // a wallet's move to itself changes nothing
        bool fromMulti = m.fromParty & _MULTI != 0;
        bool toMulti = m.toParty & _MULTI != 0;
        // Cannot overflow or underflow: the amount is at most the sender's balance (checked), and every
        // balance is at most the total supply, which is kept below 2^112; so the balance field (the word's
        // low 112 bits) never borrows from or carries into the fields above it.
        unchecked {
            if (from != address(0)) m.fromAccount -= amount;
            if (to != address(0)) m.toAccount += amount;
            if (!m.sameIdentity) {
                if (fromMulti) m.fromLedger -= amount;
                if (toMulti) m.toLedger += amount;
            }
        }
        if (m.leaves || m.joins) _count(m);
        if (m.kind == TransferKind.Mint) _issue(m);
        else if (to == address(0)) $.supply.total -= uint112(amount);
        if (from != address(0)) {
            if (m.fromAccount.has(Flags.LOTS) && m.kind != TransferKind.Transfer) _release(m);
            if (fromMulti) {
                if (!m.sameIdentity) Words.store(_slot($.identities[_identity(m.fromParty)]), m.fromLedger);
                m.fromAccount &= ~Words.LEDGER_FIELDS;
            } else {
                m.fromAccount = (m.fromAccount & ~Words.LEDGER_FIELDS) | (m.fromLedger & Words.LEDGER_FIELDS);
            }
            Words.store(_slot($.accounts[from]), m.fromAccount);
        }
        if (to != address(0)) {
            if (toMulti) {
                if (!m.sameIdentity) Words.store(_slot($.identities[_identity(m.toParty)]), m.toLedger);
                m.toAccount &= ~Words.LEDGER_FIELDS;
            } else {
                m.toAccount = (m.toAccount & ~Words.LEDGER_FIELDS) | (m.toLedger & Words.LEDGER_FIELDS);
            }
            Words.store(_slot($.accounts[to]), m.toAccount);
        }
    }

    /// @dev Holder counts, total and per country: the sender's identity leaves its counted country, the
    /// recipient's joins its current one.
    function _count(Move memory m) private {
        TokenState storage $ = _state();
        HolderCount storage total = $.holders;
        if (m.leaves && !m.joins) total.count -= 1;
        if (m.joins && !m.leaves) total.count += 1;
        bool counting = Rules.on(m.rules, Rules.NON_ACCREDITED_HOLDERS);
        int256 nonAccredited = 0;
        if (m.leaves) {
            $.countryHolders[m.fromLedger.country()].count -= 1;
            if (m.fromLedger.has(Flags.NON_ACCREDITED)) {
                if (counting) --nonAccredited;
                m.fromLedger = m.fromLedger.clear(Flags.NON_ACCREDITED);
            }
            m.fromLedger = m.fromLedger.withCountry(0);
        }
        if (m.joins) {
            uint16 country = _country(m.toParty);
            $.countryHolders[country].count += 1;
            m.toLedger = m.toLedger.withCountry(country).clear(Flags.NON_ACCREDITED);
            if (counting && NonAccreditedHoldersRule.counts(total.accreditedTopic, m.toTopics)) {
                ++nonAccredited;
                m.toLedger = m.toLedger.set(Flags.NON_ACCREDITED);
            }
        }
        if (nonAccredited != 0) {
            // The count is exact while the rule is on (it can only be switched on without holders), so it
            // neither underflows nor passes the number of holders (below 2^32). Same slot as the holder count,
            // written by this change already (unless a holder left as another joined).
            total.nonAccreditedCount = uint32(uint256(int256(uint256(total.nonAccreditedCount)) + nonAccredited));
        }
    }

    /// @dev A mint: the supply grows (below 2^112), and tokens issued to a country with a lock-up period
    /// are locked in a new lot.
    function _issue(Move memory m) private {
        TokenState storage $ = _state();
        Supply memory supply = $.supply;
        uint256 next = uint256(supply.total) + m.amount;
        if (next > _MAX_SUPPLY) revert TokenSupplyOverflow(supply.total, m.amount);
        // Checked to fit 112 bits just above.
        $.supply.total = uint112(next);
        if (!Rules.on(m.rules, Rules.LOCK_UP) || m.amount == 0) return;
        // CountryRule: lockSet (bits 16-23) | lockPeriod (24-55)
        uint256 rule = m.countryRule;
        uint256 period = uint8(rule >> 16) != 0 ? uint32(rule >> 24) : supply.defaultLockPeriod;
        if (period == 0) return;
        address to = m.to;
        // period < 2^32 and block.timestamp < 2^39 for millennia: the sum fits 40 bits.
        uint40 unlock = uint40(block.timestamp + period);
        LockUpRule.add($.lotHeaders[to], $.lots[to], m.amount, unlock);
        emit ILockUpModule.TokensLocked(to, m.amount, unlock);
        m.toAccount = m.toAccount.set(Flags.LOTS);
    }

    /// @dev A burn or forced transfer passes a lock-up: it takes what it needs from the sender's live lots,
    /// which move with the tokens to another wallet of the same identity.
    function _release(Move memory m) private {
        TokenState storage $ = _state();
        address from = m.from;
        // The balance before the change: m.fromAccount has been reduced already.
        (uint256[8] memory taken, uint40[8] memory unlocks, uint256 n, bool left) =
            LockUpRule.take($.lotHeaders[from], $.lots[from], m.fromBalance, m.amount);
        if (!left) m.fromAccount = m.fromAccount.clear(Flags.LOTS);
        if (n == 0) return;
        uint256 sum = 0;
        for (uint256 i; i < n; ++i) sum += taken[i];
        address to = m.to;
        if (m.kind == TransferKind.Forced && m.sameIdentity) {
            for (uint256 i; i < n; ++i) LockUpRule.add($.lotHeaders[to], $.lots[to], taken[i], unlocks[i]);
            m.toAccount = m.toAccount.set(Flags.LOTS);
            emit ILockUpModule.LockedTokensMoved(from, to, sum);
        } else {
            emit ILockUpModule.LockedTokensReleased(from, sum);
        }
    }

    /// @dev Frozen tokens taken by an agent (burn, forced transfer) are unfrozen first: what stays frozen is
    /// what stays. Also checks the balance, with OpenZeppelin's error.
    function _takeFromFrozen(Move memory m) private {
        uint256 balance = m.fromBalance;
        if (m.amount > balance) revert ERC20InsufficientBalance(m.from, balance, m.amount);
        uint256 frozen = _frozenOf(m.from, uint8(m.fromAccount >> 248));
        if (m.amount > _unfrozen(balance, frozen)) {
            // Cannot underflow: amount <= balance.
            unchecked {
                _setFrozen(m.from, balance - m.amount);
            }
            if (balance == m.amount) m.fromAccount = m.fromAccount.clear(Flags.PARTIAL);
        }
    }

    /// @dev A holder's transfer of more than it may send reverts with the errors wallets and SDKs decode
    /// (ERC-1404's code 4 stays what {detectTransferRestriction} answers): OpenZeppelin's (ERC-6093)
    /// `ERC20InsufficientBalance` above the balance, ERC-7943's `ERC7943InsufficientUnfrozenBalance` above
    /// the part of it not frozen.
    function _revertInsufficient(Move memory m) private view {
        uint256 balance = m.fromBalance;
        if (m.amount > balance) revert ERC20InsufficientBalance(m.from, balance, m.amount);
        revert IERC7943Fungible.ERC7943InsufficientUnfrozenBalance(
            m.from, m.amount, _unfrozen(balance, _frozenOf(m.from, uint8(m.fromAccount >> 248)))
        );
    }

    /// @dev The context third-party compliance modules receive (balances as before the change). A one-wallet
    /// identity's record names its wallet, not its identity (see {Move}): the identities are asked of the
    /// registry's storage in one call, on this path only.
    function _context(Move memory m) private view returns (TransferContext memory ctx) {
        ctx.kind = m.kind;
        ctx.from = m.from;
        ctx.to = m.to;
        ctx.amount = m.amount;
        ctx.fromBalance = m.fromBalance;
        (address sender, address recipient) = _state().registryCache.store.storedIdentities(m.from, m.to);
        ctx.sender = Investor(sender, _country(m.fromParty), m.fromParty & _VERIFIED != 0, m.fromTopics);
        ctx.recipient = Investor(recipient, _country(m.toParty), m.toParty & _VERIFIED != 0, m.toTopics);
    }

    /// @dev The storage slot of a packed word.
    function _slot(Ledger storage word) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            slot := word.slot
        }
    }

    /// @dev The storage slot of a packed word.
    function _slot(CountryRule storage word) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            slot := word.slot
        }
    }

    /// @dev The storage slot of a packed word.
    function _slot(Config storage word) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            slot := word.slot
        }
    }

    /// @dev The storage slot of a packed word.
    function _slot(HolderCount storage word) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            slot := word.slot
        }
    }

    /// @dev The storage slot of a packed word.
    function _slot(Policy storage word) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            slot := word.slot
        }
    }

    /// @dev The storage slot of a packed word.
    function _slot(EntityRule storage word) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            slot := word.slot
        }
    }

    /// @dev The storage slot of a packed word.
    function _slot(RegistryCache storage word) private pure returns (bytes32 slot) {
        assembly ("memory-safe") {
            slot := word.slot
        }
    }

    /// @dev The ledger key of a party record: the identity of a multi-wallet identity (see {Move}).
    function _identity(uint256 party) private pure returns (address) {
        return address(uint160(party));
    }

    /// @dev The country of a party record.
    function _country(uint256 party) private pure returns (uint16) {
        return uint16(party >> 160);
    }
}
