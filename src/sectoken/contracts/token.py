"""The security token: ERC-20 with ERC-3643 agent operations, ERC-1404 reasons and ERC-7943 queries.

Every write is simulated before it is sent (:func:`sectoken.tx.send`): a refused balance change raises
:class:`~sectoken.errors.TransferRestrictedError` with its ERC-1404 code and sentence, and nothing is sent.
Amounts are base units (see :mod:`sectoken.contracts.units` for tokens). An amount that moves, issues,
destroys or freezes balances must fit the token's 112-bit balances (:data:`sectoken.inputs.BALANCE_BITS`), as
on the command line: a larger one is refused with a :class:`~sectoken.errors.ValidationError` before anything is
sent. Allowances, ERC-7943's absolute frozen amount and its release stay 256-bit, as the contract keeps them.

Example:
    >>> token = SecurityToken.at(w3, address, agent)
    >>> token.check_transfer(alice, bob, 10).message
    'No restriction: the transfer is allowed.'
    >>> token.mint(alice, 100)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eth_typing import ChecksumAddress
from web3 import Web3

from sectoken.artifacts import load as load_artifact
from sectoken.contracts import ContractClient, checked_address, checked_addresses, checked_uint
from sectoken.errors import RevertError, TransferRestrictedError, ValidationError
from sectoken.inputs import BALANCE_BITS
from sectoken.reasons import Restriction
from sectoken.reasons import message as restriction_message
from sectoken.tx import Receipt

__all__ = ["ROLES", "SecurityToken", "TransferCheck"]

#: The standard errors a holder's transfer of more than it may send reverts with (ERC-1404 code 4).
_INSUFFICIENT = frozenset({"ERC20InsufficientBalance", "ERC7943InsufficientUnfrozenBalance"})

#: The token's five agent powers, by short name, as the contract's role getters name them.
ROLES = {
    "supply": "SUPPLY_ROLE",
    "freeze": "FREEZE_ROLE",
    "transfer": "TRANSFER_ROLE",
    "recovery": "RECOVERY_ROLE",
    "pause": "PAUSE_ROLE",
}


@dataclass(frozen=True)
class TransferCheck:
    """The answer of ``detectTransferRestriction`` in words.

    Attributes:
        code: The ERC-1404 restriction code (0: allowed).
        reason: The code as a :class:`~sectoken.reasons.Restriction` (``None`` for an unknown code).
        message: The token's own sentence for the code (``messageForTransferRestriction``).
    """

    code: int
    reason: Restriction | None
    message: str

    @property
    def allowed(self) -> bool:
        """Whether the transfer would go through."""
        return self.code == 0


def _balance(amount: int, what: str = "amount") -> int:
    """``amount`` if it fits the token's 112-bit balances (what a transfer, a mint, a burn or a partial freeze
    moves can never be more).

    Raises:
        ValidationError: not a whole number, negative, or more than 2**112 - 1 base units.
    """
    return checked_uint(amount, what, BALANCE_BITS)


def _same_length(*lists: Sequence[object]) -> None:
    if len({len(items) for items in lists}) > 1:
        raise ValidationError(f"Batch lists differ in length: {', '.join(str(len(items)) for items in lists)}.")


class SecurityToken(ContractClient):
    """A deployed ``SecurityToken`` (behind its proxy)."""

    ARTIFACT = "SecurityToken"

    @classmethod
    def initialize_data(
        cls,
        w3: Web3,
        name: str,
        symbol: str,
        decimals: int,
        registry: str,
        compliance: str,
        onchain_id: str,
        owner: str,
        agents: Sequence[str] = (),
    ) -> bytes:
        """The ``initialize`` call an ``OfferingProxy`` of the token is constructed with.

        Args:
            w3: The connection (only to encode the call).
            name: Token name.
            symbol: Token symbol.
            decimals: Decimals.
            registry: The identity registry.
            compliance: The compliance (its owner binds it to the token afterwards).
            onchain_id: The token's ONCHAINID (zero address for none).
            owner: The token's owner.
            agents: Agents appointed with all five powers as the token is initialised.

        Returns:
            The call data.
        """
        logic = w3.eth.contract(abi=load_artifact(cls.ARTIFACT).abi)
        data = logic.encode_abi(
            "initialize",
            args=[
                name,
                symbol,
                checked_uint(decimals, "decimals", 8),
                checked_address(registry, "registry"),
                checked_address(compliance, "compliance"),
                checked_address(onchain_id, "onchain_id"),
                checked_address(owner, "owner"),
                [checked_address(agent, "agent") for agent in agents],
            ],
        )
        return bytes.fromhex(data[2:])

    # --- reads ------------------------------------------------------------------------------------

    def name(self) -> str:
        """The token's name."""
        return str(self.call("name"))

    def symbol(self) -> str:
        """The token's symbol."""
        return str(self.call("symbol"))

    def decimals(self) -> int:
        """The token's decimals."""
        return int(self.call("decimals"))

    def version(self) -> str:
        """The implementation version."""
        return str(self.call("version"))

    def owner(self) -> ChecksumAddress:
        """The token's owner."""
        return checked_address(self.call("owner"))

    def onchain_id(self) -> ChecksumAddress:
        """The token's ONCHAINID (zero if none)."""
        return checked_address(self.call("onchainID"))

    def total_supply(self) -> int:
        """Tokens in issue, in base units."""
        return int(self.call("totalSupply"))

    def balance_of(self, account: str) -> int:
        """The balance of ``account``."""
        return int(self.call("balanceOf", checked_address(account, "account")))

    def allowance(self, owner: str, spender: str) -> int:
        """What ``spender`` may spend of ``owner``'s tokens."""
        return int(self.call("allowance", checked_address(owner, "owner"), checked_address(spender, "spender")))

    def frozen_tokens(self, account: str) -> int:
        """Frozen tokens of ``account`` (partial freeze)."""
        return int(self.call("getFrozenTokens", checked_address(account, "account")))

    def unfrozen_balance(self, account: str) -> int:
        """What ``account`` may still send: its balance less its frozen tokens (never below zero)."""
        return max(self.balance_of(account) - self.frozen_tokens(account), 0)

    def is_frozen(self, account: str) -> bool:
        """Whether the whole wallet is frozen."""
        return bool(self.call("isFrozen", checked_address(account, "account")))

    def paused(self) -> bool:
        """Whether holder transfers are paused."""
        return bool(self.call("paused"))

    def is_agent(self, account: str) -> bool:
        """Whether ``account`` holds all five agent powers."""
        return bool(self.call("isAgent", checked_address(account, "account")))

    def has_role(self, role: str, account: str) -> bool:
        """Whether ``account`` holds the power ``role`` (``supply``, ``freeze``, ``transfer``, ``recovery``,
        ``pause``)."""
        return bool(self.call("hasRole", self._role_id(role), checked_address(account, "account")))

    def identity_registry(self) -> ChecksumAddress:
        """The identity registry the token reads investors from."""
        return checked_address(self.call("identityRegistry"))

    def compliance(self) -> ChecksumAddress:
        """The compliance bound to the token."""
        return checked_address(self.call("compliance"))

    def can_send(self, account: str) -> bool:
        """ERC-7943: ``account`` is not frozen and is a verified investor."""
        return bool(self.call("canSend", checked_address(account, "account")))

    def can_receive(self, account: str) -> bool:
        """ERC-7943: ``account`` may receive under the account-level rules."""
        return bool(self.call("canReceive", checked_address(account, "account")))

    def can_transfer(self, sender: str, recipient: str, amount: int) -> bool:
        """Whether a transfer of ``amount`` from ``sender`` to ``recipient`` would go through now."""
        return self.detect_transfer_restriction(sender, recipient, amount) == 0

    def detect_transfer_restriction(self, sender: str, recipient: str, amount: int) -> int:
        """The ERC-1404 code a transfer would meet now (0: none)."""
        return int(
            self.call(
                "detectTransferRestriction",
                checked_address(sender, "sender"),
                checked_address(recipient, "recipient"),
                checked_uint(amount),
            )
        )

    def message_for(self, code: int) -> str:
        """The token's sentence for a restriction code (``messageForTransferRestriction``)."""
        return str(self.call("messageForTransferRestriction", checked_uint(code, "code", 8)))

    def check_transfer(self, sender: str, recipient: str, amount: int) -> TransferCheck:
        """Ask the token whether a transfer would go through, and why not. Nothing is sent.

        Args:
            sender: Who would send.
            recipient: Who would receive.
            amount: Base units.

        Returns:
            The code, the :class:`~sectoken.reasons.Restriction` and the token's sentence.
        """
        code = self.detect_transfer_restriction(sender, recipient, amount)
        try:
            reason: Restriction | None = Restriction(code)
        except ValueError:
            reason = None
        text = self.message_for(code) if code else restriction_message(0)
        return TransferCheck(code, reason, text)

    # --- holder operations ---------------------------------------------------------------------------

    def transfer(self, recipient: str, amount: int) -> Receipt:
        """Transfer ``amount`` from the signer to ``recipient``.

        Raises:
            TransferRestrictedError: the token refuses the transfer (nothing is sent). More than the sender
                may send is code 4; the token reverts with the standard error (``ERC20InsufficientBalance``
                or ERC-7943's ``ERC7943InsufficientUnfrozenBalance``), kept as the exception's cause.
        """
        return self._holder_move("transfer", checked_address(recipient, "recipient"), _balance(amount))

    def transfer_from(self, sender: str, recipient: str, amount: int) -> Receipt:
        """Transfer ``amount`` from ``sender`` to ``recipient`` with the signer's allowance.

        Raises:
            TransferRestrictedError: as for :meth:`transfer`.
        """
        return self._holder_move(
            "transferFrom", checked_address(sender, "sender"), checked_address(recipient, "recipient"), _balance(amount)
        )

    def _holder_move(self, function: str, *args: object) -> Receipt:
        """Send a holder's transfer; a refusal for want of (unfrozen) balance reads as ERC-1404 code 4."""
        try:
            return self.transact(function, *args)
        except RevertError as exc:
            if exc.name not in _INSUFFICIENT or isinstance(exc, TransferRestrictedError):
                raise
            code = int(Restriction.INSUFFICIENT_UNFROZEN_BALANCE)
            raise TransferRestrictedError(
                code, Restriction(code), restriction_message(code), data=exc.data, tx_hash=exc.tx_hash
            ) from exc

    def approve(self, spender: str, amount: int) -> Receipt:
        """Let ``spender`` spend ``amount`` of the signer's tokens."""
        return self.transact("approve", checked_address(spender, "spender"), checked_uint(amount))

    def batch_transfer(self, recipients: Sequence[str], amounts: Sequence[int]) -> Receipt:
        """Transfer from the signer to several recipients in one transaction."""
        _same_length(recipients, amounts)
        return self.transact(
            "batchTransfer", checked_addresses(recipients, "recipient"), [_balance(a) for a in amounts]
        )

    # --- agent operations ----------------------------------------------------------------------------

    def mint(self, recipient: str, amount: int) -> Receipt:
        """Issue ``amount`` to a verified ``recipient`` (supply power).

        Raises:
            TransferRestrictedError: the recipient is frozen, unverified, or a compliance rule refuses.
        """
        return self.transact("mint", checked_address(recipient, "recipient"), _balance(amount))

    def burn(self, account: str, amount: int) -> Receipt:
        """Destroy ``amount`` of ``account``'s tokens (supply power); frozen tokens burnt are unfrozen first."""
        return self.transact("burn", checked_address(account, "account"), _balance(amount))

    def batch_mint(self, recipients: Sequence[str], amounts: Sequence[int]) -> Receipt:
        """:meth:`mint` for each pair, in one transaction."""
        _same_length(recipients, amounts)
        return self.transact("batchMint", checked_addresses(recipients, "recipient"), [_balance(a) for a in amounts])

    def batch_burn(self, accounts: Sequence[str], amounts: Sequence[int]) -> Receipt:
        """:meth:`burn` for each pair, in one transaction."""
        _same_length(accounts, amounts)
        return self.transact("batchBurn", checked_addresses(accounts, "account"), [_balance(a) for a in amounts])

    def set_address_frozen(self, account: str, frozen: bool) -> Receipt:
        """Freeze or unfreeze a whole wallet (freeze power)."""
        return self.transact("setAddressFrozen", checked_address(account, "account"), bool(frozen))

    def freeze(self, account: str) -> Receipt:
        """Freeze a whole wallet: it can neither send nor receive."""
        return self.set_address_frozen(account, True)

    def unfreeze(self, account: str) -> Receipt:
        """Unfreeze a whole wallet."""
        return self.set_address_frozen(account, False)

    def freeze_partial(self, account: str, amount: int) -> Receipt:
        """Freeze ``amount`` more of ``account``'s tokens (the frozen total stays within the balance)."""
        return self.transact("freezePartialTokens", checked_address(account, "account"), _balance(amount))

    def unfreeze_partial(self, account: str, amount: int) -> Receipt:
        """Release ``amount`` of ``account``'s frozen tokens."""
        return self.transact("unfreezePartialTokens", checked_address(account, "account"), checked_uint(amount))

    def set_frozen_tokens(self, account: str, amount: int) -> Receipt:
        """ERC-7943: set the frozen amount of ``account`` (absolute)."""
        return self.transact("setFrozenTokens", checked_address(account, "account"), checked_uint(amount))

    def batch_set_address_frozen(self, accounts: Sequence[str], frozen: Sequence[bool]) -> Receipt:
        """:meth:`set_address_frozen` for each pair, in one transaction."""
        _same_length(accounts, frozen)
        return self.transact("batchSetAddressFrozen", checked_addresses(accounts, "account"), [bool(f) for f in frozen])

    def batch_freeze_partial(self, accounts: Sequence[str], amounts: Sequence[int]) -> Receipt:
        """:meth:`freeze_partial` for each pair, in one transaction."""
        _same_length(accounts, amounts)
        return self.transact(
            "batchFreezePartialTokens", checked_addresses(accounts, "account"), [_balance(a) for a in amounts]
        )

    def batch_unfreeze_partial(self, accounts: Sequence[str], amounts: Sequence[int]) -> Receipt:
        """:meth:`unfreeze_partial` for each pair, in one transaction."""
        _same_length(accounts, amounts)
        return self.transact(
            "batchUnfreezePartialTokens", checked_addresses(accounts, "account"), [checked_uint(a) for a in amounts]
        )

    def forced_transfer(self, sender: str, recipient: str, amount: int) -> Receipt:
        """Move ``amount`` from ``sender`` to ``recipient`` without the holder's consent (transfer power).

        Overrides pause, a frozen sender, frozen tokens, an unverified sender, lock-ups and transfer limits;
        never lands tokens with an unverified or frozen wallet nor where another rule refuses.

        Raises:
            TransferRestrictedError: the recipient cannot receive.
            RevertError: ``amount`` exceeds the sender's balance (``ERC20InsufficientBalance``).
        """
        return self.transact(
            "forcedTransfer", checked_address(sender, "sender"), checked_address(recipient, "recipient"), _balance(amount)
        )

    def batch_forced_transfer(self, senders: Sequence[str], recipients: Sequence[str], amounts: Sequence[int]) -> Receipt:
        """:meth:`forced_transfer` for each triple, in one transaction."""
        _same_length(senders, recipients, amounts)
        return self.transact(
            "batchForcedTransfer",
            checked_addresses(senders, "sender"),
            checked_addresses(recipients, "recipient"),
            [_balance(a) for a in amounts],
        )

    def recover(self, lost_wallet: str, new_wallet: str, identity: str) -> Receipt:
        """Move a lost wallet's balance, frozen tokens and freeze to a new wallet of the same investor.

        Both wallets must be registered to ``identity`` (register the new wallet first).

        Raises:
            RevertError: ``TokenRecoveryIdentityMismatch`` or ``TokenRecoveryNothingToRecover``.
        """
        return self.transact(
            "recoveryAddress",
            checked_address(lost_wallet, "lost wallet"),
            checked_address(new_wallet, "new wallet"),
            checked_address(identity, "identity"),
        )

    def pause(self) -> Receipt:
        """Stop holder transfers (pause power)."""
        return self.transact("pause")

    def unpause(self) -> Receipt:
        """Resume holder transfers (pause power)."""
        return self.transact("unpause")

    # --- owner operations ----------------------------------------------------------------------------

    def add_agent(self, agent: str) -> Receipt:
        """Grant all five agent powers to ``agent`` (owner)."""
        return self.transact("addAgent", checked_address(agent, "agent"))

    def remove_agent(self, agent: str) -> Receipt:
        """Revoke all five agent powers from ``agent`` (owner)."""
        return self.transact("removeAgent", checked_address(agent, "agent"))

    def grant_role(self, role: str, account: str) -> Receipt:
        """Grant one power (``supply``, ``freeze``, ``transfer``, ``recovery``, ``pause``) to ``account`` (owner)."""
        return self.transact("grantRole", self._role_id(role), checked_address(account, "account"))

    def revoke_role(self, role: str, account: str) -> Receipt:
        """Revoke one power from ``account`` (owner)."""
        return self.transact("revokeRole", self._role_id(role), checked_address(account, "account"))

    def set_compliance(self, compliance: str) -> Receipt:
        """Bind another compliance to the token (owner)."""
        return self.transact("setCompliance", checked_address(compliance, "compliance"))

    def set_identity_registry(self, registry: str) -> Receipt:
        """Point the token at another identity registry (owner)."""
        return self.transact("setIdentityRegistry", checked_address(registry, "registry"))

    def _role_id(self, role: str) -> bytes:
        key = role.strip().lower().removesuffix("_role")
        if key not in ROLES:
            raise ValidationError(f"Unknown token power {role!r}: choose one of {', '.join(ROLES)}.")
        return bytes(self.call(ROLES[key]))

