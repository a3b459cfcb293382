"""Building `TransferContext` tuples by hand, in the struct's field order, for tests that drive the
compliance from a test account acting as the token."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TRANSFER, MINT, BURN, FORCED = 0, 1, 2, 3
ZERO = "0x" + "00" * 20
EMPTY = (ZERO, 0, False, 0)

# claim topics (see sectoken.claims)
KYC, AML, ACCREDITED, QP, PROFESSIONAL, HNW, SOPHISTICATED, NON_US = 1, 2, 3, 4, 5, 6, 7, 8


def mask(topics: Iterable[int]) -> int:
    """Topic bitmap: bit t set for each topic t."""
    m = 0
    for t in topics:
        m |= 1 << t
    return m


@dataclass(frozen=True)
class Party:
    """A wallet with its investor record (identity, country, verified, topics)."""

    wallet: str
    identity: str
    country: int
    topics: tuple[int, ...] = ()
    verified: bool = True

    @property
    def record(self) -> tuple[str, int, bool, int]:
        return (self.identity, self.country, self.verified, mask(self.topics))


def ctx(kind: int, sender: Party | None, recipient: Party | None, amount: int, from_balance: int = 0) -> tuple:
    """A TransferContext tuple: (kind, from, to, amount, fromBalance, sender, recipient)."""
    return (
        kind,
        sender.wallet if sender else ZERO,
        recipient.wallet if recipient else ZERO,
        amount,
        from_balance if sender else 0,
        sender.record if sender else EMPTY,
        recipient.record if recipient else EMPTY,
    )


def transfer(sender: Party, recipient: Party, amount: int, from_balance: int) -> tuple:
    return ctx(TRANSFER, sender, recipient, amount, from_balance)


def forced(sender: Party, recipient: Party, amount: int, from_balance: int) -> tuple:
    return ctx(FORCED, sender, recipient, amount, from_balance)


def mint(recipient: Party, amount: int) -> tuple:
    return ctx(MINT, None, recipient, amount)


def burn(sender: Party, amount: int, from_balance: int) -> tuple:
    return ctx(BURN, sender, None, amount, from_balance)


def plain(value):
    """A brownie return value as plain Python: ints, strs and (nested) tuples."""
    if isinstance(value, (list, tuple)):
        return tuple(plain(v) for v in value)
    if isinstance(value, int):
        return int(value)
    return value


def register(stack, account, identity: str, country: int, topics: tuple[int, ...] = (KYC,)) -> Party:
    """Register `account` to `identity` in `country` with never-expiring claims for `topics` (the stack's
    registry agent and trusted issuer sign), and return it as a `Party`."""
    stack.registry.registerIdentity(account, identity, country, {"from": stack.agent})
    for topic in topics:
        stack.storage.addClaim(identity, topic, 2**64 - 1, {"from": stack.issuer})
    return Party(str(account), identity, country, topics)


class ModuleHandle:
    """A shared built-in module as one compliance sees it, so tests read as before the modules were shared:
    a setter (`handle.setMaxBalance(100, {"from": owner})`) goes through `compliance.callModuleFunction`
    (sent by the given account, so the compliance's owner check applies), and a view whose first argument
    is the compliance (`handle.maxBalance()`) gets it prepended. Other attributes are the module's."""

    def __init__(self, module, compliance) -> None:
        self.module = module
        self.compliance = compliance
        self.address = module.address
        self._abi = {item["name"]: item for item in module.abi if item.get("type") == "function"}

    def __str__(self) -> str:
        return str(self.address)

    def __eq__(self, other) -> bool:
        return str(other) == str(self.address)

    def __hash__(self) -> int:
        return hash(str(self.address))

    def __getattr__(self, name: str):
        item = self._abi.get(name)
        function = getattr(self.module, name)
        if item is None:
            return function
        if item["stateMutability"] in ("view", "pure"):
            inputs = item["inputs"]
            if inputs and inputs[0]["name"] == "compliance" and inputs[0]["type"] == "address":
                return lambda *args: function(self.compliance, *args)
            return function

        def send(*args):
            *values, tx = args
            return self.compliance.callModuleFunction(function.encode_input(*values), self.module, tx)

        send.encode_input = function.encode_input  # type: ignore[attr-defined]
        return send
