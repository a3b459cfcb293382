// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ILockUpModule} from "../../interfaces/modules/ILockUpModule.sol";
import {IIdentityRegistry} from "../../interfaces/IIdentityRegistry.sol";
import {Investor, Party, TransferContext, TransferKind} from "../../interfaces/ITransferTypes.sol";
import {RestrictionCodes, TransferRestricted} from "../libraries/RestrictionCodes.sol";
import {Config, CountryRule, Flags, HolderCount, Ledger, Limits, RegistryCache, Rules, Supply} from "./TokenStorage.sol";
import {CountryAllowRule} from "./rules/CountryAllowRule.sol";
import {CountryRestrictRule} from "./rules/CountryRestrictRule.sol";
import {InvestorEligibilityRule} from "./rules/InvestorEligibilityRule.sol";
import {LockUpRule} from "./rules/LockUpRule.sol";
import {MaxBalanceRule} from "./rules/MaxBalanceRule.sol";
import {MaxHoldersRule} from "./rules/MaxHoldersRule.sol";
import {SupplyLimitRule} from "./rules/SupplyLimitRule.sol";
import {TransferLimitsRule} from "./rules/TransferLimitsRule.sol";
import {TokenBase} from "./TokenBase.sol";
import {IERC7943Fungible} from "../../interfaces/IERC7943.sol";

/// @title TokenEngine
/// @notice ERC-20 balances in packed account words, and the rule engine every balance change goes through.
/// @dev One override point, {_update}: it reads the token's configuration word, both parties' registry
/// records in one call, their account words and (for multi-wallet identities) their identity words, the
/// recipient country's rule word, and only what the rules switched on need beyond that. It decides the
/// first refusal code in the fixed order (token 1-6, then 16, 17, 22, 21, 23, 18, 19, 20), then writes
/// each changed word once.
///
/// The per-identity ledger keeps, whatever rules are on, the balance over all the identity's wallets and
/// the country it is counted under as a holder (holder counts total and per country), so switching the
/// balance or holder rules on later starts from exact figures. The transfer-limit window is counted only
/// while that rule is on (a window opened after it is switched on starts empty). A solo identity's ledger
/// shares its wallet's account word.
abstract contract TokenEngine is TokenBase, IERC20, IERC20Errors {
    /// @dev One side of a balance change, as loaded.
    struct Side {
        address wallet;
        Party party;
        Ledger account;
        /// @dev The identity's ledger: the same object as `account` for a solo identity.
        Ledger identity;
    }

    /// @dev A balance change being judged and applied.
    struct Move {
        TransferKind kind;
        uint256 amount;
        Config config;
        /// @dev The sender's wallet balance before the change.
        uint256 fromBalance;
        Side from;
        Side to;
        bool sameIdentity;
        bool joins;
        bool leaves;
        CountryRule rule;
        uint88 moved;
        uint32 windowStart;
        bool limited;
    }

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
        Config memory config = $.config;
        TransferKind kind = TransferKind.Transfer;
        if (from == address(0)) {
            kind = TransferKind.Mint;
        } else if (to == address(0)) {
            kind = TransferKind.Burn;
        } else if (config.forcing) {
            kind = TransferKind.Forced;
            // Cleared before any external call: a call back into the token during a forced transfer is an
            // ordinary transfer, with every check.
            $.config.forcing = false;
        }
        (Party memory sender, Party memory recipient) = _parties(from, to);
        if (sender.multi) _migrate(sender);
        if (recipient.multi) _migrate(recipient);
        Move memory m = _load(kind, from, to, value, config, sender, recipient);
        uint8 code = _judge(m);
        if (code == RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE) _revertInsufficient(m);
        if (code != RestrictionCodes.SUCCESS) revert TransferRestricted(code);
        if (kind == TransferKind.Burn || kind == TransferKind.Forced) _takeFromFrozen(m);
        _apply(m);
        emit Transfer(from, to, value);
        if (config.externalModules) $.compliance.applyTransfer(_context(m));
    }

    /// @dev The ERC-1404 code of a holder transfer `from` -> `to` of `value` (0 when allowed).
    function _detect(address from, address to, uint256 value) internal view returns (uint8 code) {
        Config memory config = _state().config;
        (Party memory sender, Party memory recipient) = _parties(from, to);
        Move memory m = _load(TransferKind.Transfer, from, to, value, config, sender, recipient);
        code = _judge(m);
        if (code == 0 && config.externalModules) code = _state().compliance.checkTransfer(_context(m));
    }

    /// @dev Both parties' records in one call to the registry's storage (one record for a mint or burn),
    /// verified against the registry's required topics (both cached, see {RegistryCache}).
    function _parties(address from, address to) internal view returns (Party memory sender, Party memory recipient) {
        RegistryCache memory cache = _state().registryCache;
        if (from == address(0)) recipient = cache.store.partyRecord(to);
        else if (to == address(0)) sender = cache.store.partyRecord(from);
        else (sender, recipient) = cache.store.partyRecords(from, to);
        uint256 required = cache.required;
        sender.verified = sender.identity != address(0) && sender.topics & required == required;
        recipient.verified = recipient.identity != address(0) && recipient.topics & required == required;
    }

    /// @dev Give a multi-wallet identity its own ledger word, once: moved from its first wallet's account
    /// word, where it lived while the identity had one wallet.
    function _migrate(Party memory p) private {
        TokenState storage $ = _state();
        Ledger storage id = $.identities[p.identity];
        if (id.flags & Flags.MIGRATED != 0) return;
        Ledger memory word = _virtualIdentity(p);
        $.identities[p.identity] = word;
        if (p.primary != address(0)) {
            Ledger storage first = $.accounts[p.primary];
            (first.moved, first.windowStart, first.country) = (0, 0, 0);
        }
    }

    /// @dev A multi-wallet identity's ledger word as it is, or as {_migrate} will make it.
    function _virtualIdentity(Party memory p) private view returns (Ledger memory word) {
        TokenState storage $ = _state();
        word = $.identities[p.identity];
        if (word.flags & Flags.MIGRATED != 0) return word;
        if (p.primary != address(0)) {
            Ledger memory first = $.accounts[p.primary];
            word = Ledger(first.balance, first.moved, first.windowStart, first.country, 0);
        }
        word.flags = Flags.MIGRATED;
    }

    /// @dev Load what judging and applying a change need.
    function _load(
        TransferKind kind,
        address from,
        address to,
        uint256 value,
        Config memory config,
        Party memory sender,
        Party memory recipient
    ) private view returns (Move memory m) {
        m.kind = kind;
        m.amount = value;
        m.config = config;
        if (from != address(0)) {
            m.from = _side(from, sender);
            m.fromBalance = m.from.account.balance;
        }
        if (to != address(0)) m.to = _side(to, recipient);
        address fromKey = sender.identity != address(0) ? sender.identity : from;
        address toKey = recipient.identity != address(0) ? recipient.identity : to;
        m.sameIdentity = from != address(0) && to != address(0) && fromKey == toKey;
    }

    /// @dev One side: its account word and its identity's ledger.
    function _side(address wallet, Party memory p) private view returns (Side memory s) {
        s.wallet = wallet;
        s.party = p;
        s.account = _state().accounts[wallet];
        s.identity = p.multi ? _virtualIdentity(p) : s.account;
    }

    /// @dev The first code that refuses the change (0 if none). Reads rule state; writes nothing.
    function _judge(Move memory m) private view returns (uint8 code) {
        code = _tokenChecks(m);
        if (code != 0) return code;
        uint16 rules = m.config.rules;
        TokenState storage $ = _state();
        if (m.to.wallet != address(0)) {
            m.rule = $.countries[m.to.party.country];
            if (Rules.on(rules, Rules.COUNTRY_ALLOW)) code = CountryAllowRule.check(m.rule);
            if (code == 0 && Rules.on(rules, Rules.COUNTRY_RESTRICT)) code = CountryRestrictRule.check(m.rule);
            if (code == 0 && Rules.on(rules, Rules.INVESTOR_ELIGIBILITY)) {
                code = InvestorEligibilityRule.check(m.rule, m.to.party.topics);
            }
            if (code != 0) return code;
        }
        if (m.kind == TransferKind.Transfer && m.from.account.flags & Flags.LOTS != 0 && Rules.on(rules, Rules.LOCK_UP)) {
            code = LockUpRule.check($.lotHeaders[m.from.wallet], $.lots[m.from.wallet], m.from.account.balance, m.amount);
            if (code != 0) return code;
        }
        code = _identityChecks(m, rules);
        if (code == 0 && m.kind == TransferKind.Mint && Rules.on(rules, Rules.SUPPLY_LIMIT)) {
            code = SupplyLimitRule.check($.supply, m.amount);
        }
    }

    /// @dev The token's own checks (codes 1-6), by kind of change. Burns pass; forced transfers and mints
    /// check only the recipient (frozen, verified).
    function _tokenChecks(Move memory m) private view returns (uint8) {
        TransferKind kind = m.kind;
        if (kind == TransferKind.Burn) return 0;
        if (kind == TransferKind.Transfer) {
            if (m.config.paused) return RestrictionCodes.PAUSED;
            if (m.from.account.flags & Flags.FROZEN != 0) return RestrictionCodes.SENDER_FROZEN;
            if (m.to.account.flags & Flags.FROZEN != 0) return RestrictionCodes.RECIPIENT_FROZEN;
            uint256 balance = m.from.account.balance;
            if (m.amount > _unfrozen(balance, _frozenOf(m.from.wallet, m.from.account))) {
                return RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE;
            }
            if (!m.from.party.verified) return RestrictionCodes.SENDER_NOT_VERIFIED;
        } else if (m.to.account.flags & Flags.FROZEN != 0) {
            return RestrictionCodes.RECIPIENT_FROZEN;
        }
        if (!m.to.party.verified) return RestrictionCodes.RECIPIENT_NOT_VERIFIED;
        return 0;
    }

    /// @dev Transfer limits (23), maximum balance (18), holder caps (19): identity-level rules, which a move
    /// between wallets of one identity never meets. Also works out who joins and who leaves the holders.
    function _identityChecks(Move memory m, uint16 rules) private view returns (uint8 code) {
        if (m.sameIdentity || m.amount == 0) return 0;
        TokenState storage $ = _state();
        bool hasFrom = m.from.wallet != address(0);
        bool hasTo = m.to.wallet != address(0);
        Limits memory limits = Limits(0, 0, 0);
        if (Rules.on(rules, Rules.TRANSFER_LIMITS) || Rules.on(rules, Rules.MAX_BALANCE)) limits = $.limits;
        if (m.kind == TransferKind.Transfer && Rules.on(rules, Rules.TRANSFER_LIMITS) && limits.window != 0) {
            (code, m.moved, m.windowStart) = TransferLimitsRule.check(limits, m.from.identity, m.amount);
            if (code != 0) return code;
            m.limited = true;
        }
        if (hasTo && Rules.on(rules, Rules.MAX_BALANCE)) {
            code = MaxBalanceRule.check(limits.maxBalance, m.to.identity.balance, m.amount);
            if (code != 0) return code;
        }
        m.leaves = hasFrom && m.from.identity.balance != 0 && m.amount >= m.from.identity.balance;
        m.joins = hasTo && m.to.identity.balance == 0;
        if (m.joins && Rules.on(rules, Rules.MAX_HOLDERS)) {
            code = MaxHoldersRule.check(
                $.holders,
                $.countryHolders[m.to.party.country],
                true,
                m.leaves,
                m.from.identity.country,
                m.to.party.country
            );
        }
    }

    /// @dev Apply a judged change: balances, the identities' ledgers, holder counts, supply and lots; each
    /// changed word written once.
    function _apply(Move memory m) private {
        TokenState storage $ = _state();
        address from = m.from.wallet;
        address to = m.to.wallet;
        uint256 amount = m.amount;
        if (from == to) return; // a wallet's move to itself changes nothing
        // Cannot overflow or underflow: the amount is at most the sender's balance (checked), and every
        // balance is at most the total supply, which is kept below 2^112.
        unchecked {
            if (from != address(0)) m.from.account.balance -= uint112(amount);
            if (to != address(0)) m.to.account.balance += uint112(amount);
            if (!m.sameIdentity) {
                if (m.from.party.multi) m.from.identity.balance -= uint112(amount);
                if (m.to.party.multi) m.to.identity.balance += uint112(amount);
            }
        }
        if (m.limited) (m.from.identity.moved, m.from.identity.windowStart) = (m.moved, m.windowStart);
        if (m.leaves || m.joins) _count(m);
        if (m.kind == TransferKind.Mint) _issue(m);
        else if (to == address(0)) $.supply.total -= uint112(amount);
        if (from != address(0)) {
            if (m.from.account.flags & Flags.LOTS != 0 && m.kind != TransferKind.Transfer) _release(m);
            $.accounts[from] = m.from.account;
            if (m.from.party.multi && !m.sameIdentity) $.identities[m.from.party.identity] = m.from.identity;
        }
        if (to != address(0)) {
            $.accounts[to] = m.to.account;
            if (m.to.party.multi && !m.sameIdentity) $.identities[m.to.party.identity] = m.to.identity;
        }
    }

    /// @dev Holder counts, total and per country: the sender's identity leaves its counted country, the
    /// recipient's joins its current one.
    function _count(Move memory m) private {
        TokenState storage $ = _state();
        HolderCount storage total = $.holders;
        if (m.leaves && !m.joins) total.count -= 1;
        if (m.joins && !m.leaves) total.count += 1;
        if (m.leaves) {
            $.countryHolders[m.from.identity.country].count -= 1;
            m.from.identity.country = 0;
        }
        if (m.joins) {
            uint16 country = m.to.party.country;
            $.countryHolders[country].count += 1;
            m.to.identity.country = country;
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
        if (!Rules.on(m.config.rules, Rules.LOCK_UP) || m.amount == 0) return;
        uint256 period = m.rule.lockSet ? m.rule.lockPeriod : supply.defaultLockPeriod;
        if (period == 0) return;
        address to = m.to.wallet;
        // period < 2^32 and block.timestamp < 2^39 for millennia: the sum fits 40 bits.
        uint40 unlock = uint40(block.timestamp + period);
        LockUpRule.add($.lotHeaders[to], $.lots[to], m.amount, unlock);
        emit ILockUpModule.TokensLocked(to, m.amount, unlock);
        m.to.account.flags |= Flags.LOTS;
    }

    /// @dev A burn or forced transfer passes a lock-up: it takes what it needs from the sender's live lots,
    /// which move with the tokens to another wallet of the same identity.
    function _release(Move memory m) private {
        TokenState storage $ = _state();
        address from = m.from.wallet;
        // The balance before the change: m.from.account.balance has been reduced already.
        (uint256[8] memory taken, uint40[8] memory unlocks, uint256 n, bool left) =
            LockUpRule.take($.lotHeaders[from], $.lots[from], m.fromBalance, m.amount);
        if (!left) m.from.account.flags &= ~Flags.LOTS;
        if (n == 0) return;
        uint256 sum = 0;
        for (uint256 i; i < n; ++i) sum += taken[i];
        address to = m.to.wallet;
        if (m.kind == TransferKind.Forced && m.sameIdentity) {
            for (uint256 i; i < n; ++i) LockUpRule.add($.lotHeaders[to], $.lots[to], taken[i], unlocks[i]);
            m.to.account.flags |= Flags.LOTS;
            emit ILockUpModule.LockedTokensMoved(from, to, sum);
        } else {
            emit ILockUpModule.LockedTokensReleased(from, sum);
        }
    }

    /// @dev Frozen tokens taken by an agent (burn, forced transfer) are unfrozen first: what stays frozen is
    /// what stays. Also checks the balance, with OpenZeppelin's error.
    function _takeFromFrozen(Move memory m) private {
        uint256 balance = m.from.account.balance;
        if (m.amount > balance) revert ERC20InsufficientBalance(m.from.wallet, balance, m.amount);
        uint256 frozen = _frozenOf(m.from.wallet, m.from.account);
        if (m.amount > _unfrozen(balance, frozen)) {
            // Cannot underflow: amount <= balance.
            unchecked {
                _setFrozen(m.from.wallet, balance - m.amount);
            }
            if (balance == m.amount) m.from.account.flags &= ~Flags.PARTIAL;
        }
    }

    /// @dev A holder's transfer of more than it may send reverts with the errors wallets and SDKs decode
    /// (ERC-1404's code 4 stays what {detectTransferRestriction} answers): OpenZeppelin's (ERC-6093)
    /// `ERC20InsufficientBalance` above the balance, ERC-7943's `ERC7943InsufficientUnfrozenBalance` above
    /// the part of it not frozen.
    function _revertInsufficient(Move memory m) private view {
        uint256 balance = m.from.account.balance;
        if (m.amount > balance) revert ERC20InsufficientBalance(m.from.wallet, balance, m.amount);
        revert IERC7943Fungible.ERC7943InsufficientUnfrozenBalance(
            m.from.wallet, m.amount, _unfrozen(balance, _frozenOf(m.from.wallet, m.from.account))
        );
    }

    /// @dev The context third-party compliance modules receive (balances as before the change).
    function _context(Move memory m) private pure returns (TransferContext memory ctx) {
        ctx.kind = m.kind;
        ctx.from = m.from.wallet;
        ctx.to = m.to.wallet;
        ctx.amount = m.amount;
        ctx.fromBalance = m.fromBalance;
        ctx.sender = Investor(m.from.party.identity, m.from.party.country, m.from.party.verified, m.from.party.topics);
        ctx.recipient = Investor(m.to.party.identity, m.to.party.country, m.to.party.verified, m.to.party.topics);
    }
}
