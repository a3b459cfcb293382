"""The one scenario every side runs, in the same order, so their figures compare.

A side (sectoken, the ERC-3643 reference, the ERC-20 floor) is a :class:`Side`: it knows how to deploy
itself, onboard investors, issue, transfer and refuse. :func:`run_side` drives it through the scenario
and records gas from receipts and the time each phase took.
"""

from __future__ import annotations

import abc
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ClassVar

from eth_typing import ChecksumAddress
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from web3.types import TxReceipt

from bench.evm import BenchError, Chain, Signer, gas_used
from bench.model import BenchConfig, ContractGas, Measurement, Phase, RefusalCheck, SideKey, SideResult

__all__ = ["DEV_KEY", "Cast", "Scenario", "Side", "Unsupported", "holder_addresses", "run_side"]

DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"
"""First account of the development mnemonic every local node is started with: it funds the others."""

ETHER = 10**18
TOKENS_MINTED = 1_000
TOKENS_MOVED = 100


class Unsupported(Exception):
    """The side has no such operation (a plain ERC-20 has no onboarding); its cell reads "n/a"."""


@dataclass(frozen=True)
class Cast:
    """The accounts one side's scenario uses. Keys are derived from the side's name, so runs repeat.

    Attributes:
        funder: Pays everyone's ether (the node's first development account).
        deployer: Deploys and owns the suite.
        agent: The token and registry agent (mints, registers investors).
        issuer: Owns the claim issuer.
        claim_signer: Signs claims (a key on the claim issuer).
        alice: The investor who sends every measured transfer.
        spender: Spends alice's allowance in ``transferFrom``.
        stranger: Never onboarded: transfers to it are refused.
        batch: Investors onboarded in batches; the first is the measured transfer recipient, the next ones
            the zero-balance recipients at each holder level.
    """

    funder: Signer
    deployer: Signer
    agent: Signer
    issuer: Signer
    claim_signer: Signer
    alice: Signer
    spender: Signer
    stranger: Signer
    batch: tuple[Signer, ...]

    @classmethod
    def for_side(cls, side: SideKey, batch_investors: int) -> Cast:
        """Derive the accounts of ``side``; ``batch_investors`` investors go in the batch."""

        def derive(role: str) -> Signer:
            return Signer.derived(f"{side}:{role}", f"sectoken-bench/{side}/{role}")

        return cls(
            funder=Signer.from_key("funder", DEV_KEY),
            deployer=derive("deployer"),
            agent=derive("agent"),
            issuer=derive("issuer"),
            claim_signer=derive("claim-signer"),
            alice=derive("alice"),
            spender=derive("spender"),
            stranger=derive("stranger"),
            batch=tuple(derive(f"investor-{index}") for index in range(batch_investors)),
        )

    @property
    def bob(self) -> Signer:
        """The recipient of the measured transfers (onboarded in the batch, no balance until then)."""
        return self.batch[0]


def holder_addresses(side: SideKey, start: int, count: int) -> list[ChecksumAddress]:
    """Return ``count`` reproducible holder addresses (no keys: holders added for scale never sign)."""
    return [
        to_checksum_address(keccak(text=f"sectoken-bench/{side}/holder-{index}")[12:])
        for index in range(start, start + count)
    ]


class Side(abc.ABC):
    """One implementation under test. Subclasses implement the operations; unsupported ones raise
    :class:`Unsupported`.

    Attributes:
        key: The side's key in the report.
        title: What is measured (name and version).
        chain: The connection every transaction goes through.
        cast: The accounts.
        config: How much to run.
        deployment: Deployment and configuration transactions, filled by :meth:`deploy`.
        notes: How figures were obtained where a reader needs to know.
        info: Versions and settings for the JSON.
    """

    key: ClassVar[SideKey]
    title: str = ""

    def __init__(self, chain: Chain, cast: Cast, config: BenchConfig) -> None:
        self.chain = chain
        self.cast = cast
        self.config = config
        self.deployment: list[ContractGas] = []
        self.notes: list[str] = []
        self.info: dict[str, object] = {}

    # ----- what a side implements ------------------------------------------------------------------

    @abc.abstractmethod
    def deploy(self) -> None:
        """Deploy and configure the suite like a typical offering, appending to :attr:`deployment`."""

    @abc.abstractmethod
    def onboard_one(self, investor: Signer, country: int) -> Measurement:
        """Onboard one investor (identity, claims, registration) and return the gas of all of it."""

    @abc.abstractmethod
    def onboard_batch(self, investors: Sequence[Signer], countries: Sequence[int]) -> Measurement:
        """Onboard ``investors`` in batches of ``config.batch_size`` and return the gas per investor."""

    @abc.abstractmethod
    def mint(self, to: ChecksumAddress, amount: int) -> TxReceipt:
        """Issue ``amount`` new tokens to ``to`` (an onboarded investor)."""

    @abc.abstractmethod
    def seed(self, to: ChecksumAddress, amount: int) -> None:
        """Give ``to`` tokens by whatever means the side has (mint, or a transfer from a treasury)."""

    @abc.abstractmethod
    def transfer(self, sender: Signer, to: ChecksumAddress, amount: int) -> TxReceipt:
        """Send a transfer from ``sender``."""

    @abc.abstractmethod
    def approve(self, owner: Signer, spender: ChecksumAddress, amount: int) -> TxReceipt:
        """Approve ``spender`` for ``amount`` of ``owner``'s tokens."""

    @abc.abstractmethod
    def transfer_from(self, spender: Signer, owner: ChecksumAddress, to: ChecksumAddress, amount: int) -> TxReceipt:
        """Move ``amount`` from ``owner`` to ``to`` on ``spender``'s allowance."""

    @abc.abstractmethod
    def refused_transfer(self, sender: Signer, stranger: Signer) -> tuple[RefusalCheck, TxReceipt]:
        """Try a transfer the side must refuse: ``eth_call`` it and check the decoded reason, then send it
        (it reverts) for its gas."""

    @abc.abstractmethod
    def add_holders(self, addresses: Sequence[ChecksumAddress]) -> None:
        """Make each of ``addresses`` a holder, the fastest honest way the side has (batches)."""

    def max_holders(self) -> int | None:
        """The most holders this side sets up for the scale rows (``None``: no limit)."""
        return None

    def modules_transfer(
        self, variant: str, sender: Signer, recipient: Signer, country: int
    ) -> tuple[TxReceipt, TxReceipt]:
        """Transfer twice from ``sender`` to ``recipient`` (zero, then non-zero balance) with compliance
        module set ``variant`` (``"1"``, ``"3"``, ``"all"``) enabled."""
        raise Unsupported

    def extras(self) -> dict[str, Measurement]:
        """Operations only this side has (stablecoin, DvP), run at the end of the base stage."""
        return {}

    def scale_extras(self) -> dict[str, Measurement]:
        """Operations only this side has that depend on the number of holders (a distribution over all
        of them), run at the end of the scale stage."""
        return {}

    def result(self) -> SideResult:
        """A blank result for this side, with its title, notes and info."""
        return SideResult(self.key, self.title, notes=self.notes, info=dict(self.info))


def _countries(count: int) -> list[int]:
    return [826 if index % 2 == 0 else 840 for index in range(count)]


class Scenario:
    """Drives one side through the scenario in two stages, :meth:`run_base` then :meth:`run_scale`.

    The runner runs every side's base stage before any side's scale stage: adding thousands of holders
    makes every later block slower to produce on a local node, and the base stage should not pay for it.

    Attributes:
        side: The side under test.
        result: What has been measured so far.
    """

    def __init__(self, side: Side) -> None:
        self.side = side
        self.result = side.result()
        self.holders: set[str] = set()
        levels = side.config.holder_levels
        limit = side.max_holders()
        self.levels = [level for level in levels if limit is None or level <= limit]
        if len(side.cast.batch) < 1 + 2 * len(self.levels):
            raise BenchError(f"the batch needs at least {1 + 2 * len(self.levels)} investors for the holder levels")

    @contextmanager
    def phase(self, name: str, note: str = "") -> Iterator[None]:
        """Time the block and count its transactions. A block the side does not support (it raises
        :class:`Unsupported`) ends there and is not recorded."""
        chain = self.side.chain
        txs, gas, start = chain.txs, chain.gas, time.perf_counter()
        try:
            yield
        except Unsupported:
            return
        if chain.txs > txs:
            seconds = round(time.perf_counter() - start, 3)
            self.result.phases.append(Phase(name, seconds, chain.txs - txs, chain.gas - gas, note))

    def record(self, key: str, receipt: TxReceipt, note: str = "") -> None:
        """Record the gas of ``receipt`` as operation ``key``."""
        self.result.measurements[key] = Measurement(gas_used(receipt), 1, note=note)

    def run_base(self) -> None:
        """Deploy; onboard alice alone and the batch; mint to alice (fresh, then existing); alice transfers
        to bob twice (zero, then non-zero balance); approve and ``transferFrom``; a refused transfer to the
        stranger; transfers per compliance module set; the side's extras.

        Raises:
            BenchError: a step failed (a transaction reverted, a check did not hold).
        """
        side, result = self.side, self.result
        chain, cast, config = side.chain, side.cast, side.config
        batch = cast.batch

        with self.phase("fund accounts"):
            roles = (cast.deployer, cast.agent, cast.issuer)
            chain.fund(cast.funder, [signer.address for signer in roles], 100 * ETHER)
            investors = (cast.alice, cast.spender, cast.stranger, *batch)
            chain.fund(cast.funder, [signer.address for signer in investors], ETHER)

        with self.phase("deploy"):
            side.deploy()
        result.deployment = side.deployment
        result.measurements["deploy.total"] = Measurement(
            sum(item.gas for item in side.deployment), len(side.deployment)
        )
        offering = [item for item in side.deployment if not item.shared]
        if len(offering) < len(side.deployment):
            result.measurements["deploy.offering"] = Measurement(sum(item.gas for item in offering), len(offering))

        with self.phase("onboard one investor"):
            result.measurements["onboard.one"] = side.onboard_one(cast.alice, 826)
        with self.phase(f"onboard {len(batch)} investors in batches of {config.batch_size}"):
            result.measurements["onboard.batch"] = side.onboard_batch(batch, _countries(len(batch)))

        with self.phase("mint"):
            self.record("mint.fresh", side.mint(cast.alice.address, TOKENS_MINTED))
            self.record("mint.existing", side.mint(cast.alice.address, TOKENS_MINTED))
        if "mint.existing" not in result.measurements:
            side.seed(cast.alice.address, 2 * TOKENS_MINTED)
        self.holders.add(cast.alice.address)

        with self.phase("transfers"):
            self.record("transfer.fresh", side.transfer(cast.alice, cast.bob.address, TOKENS_MOVED))
            self.record("transfer.existing", side.transfer(cast.alice, cast.bob.address, TOKENS_MOVED))
            self.holders.add(cast.bob.address)
            approve = side.approve(cast.alice, cast.spender.address, TOKENS_MOVED)
            moved = side.transfer_from(cast.spender, cast.alice.address, cast.bob.address, TOKENS_MOVED // 2)
            self.record("approve", approve)
            self.record("transfer_from", moved)
            result.measurements["approve_transfer_from"] = Measurement(
                gas_used(approve) + gas_used(moved), 2,
                {"approve": gas_used(approve), "transferFrom": gas_used(moved)},
            )
            check, refused = side.refused_transfer(cast.alice, cast.stranger)
            result.refusal = check
            if not check.ok:
                raise BenchError(f"the refused transfer reverted with {check.got}, expected {check.expected}")
            self.record("transfer.refused", refused, note=check.got)

        for variant in config.module_variants:
            with self.phase(f"transfer with module set {variant}"):
                fresh, existing = side.modules_transfer(variant, cast.alice, cast.bob, 840)
                self.record(f"scale.modules.{variant}.fresh", fresh)
                self.record(f"scale.modules.{variant}.existing", existing)

        with self.phase("extras"):
            result.measurements.update(side.extras())

    def run_scale(self) -> None:
        """Bring the holder count to each level and transfer from alice to a zero-balance recipient (a UK
        batch investor kept for it) and to bob.

        Raises:
            BenchError: a step failed.
        """
        side, cast = self.side, self.side.cast
        # Recipients from the UK (the batch's even places), where holders are counted already: the first holder
        # of a country opens its holder count (a zero-to-non-zero write, once per country), which is not what
        # these rows compare. bob (the batch's first) holds already.
        for level, recipient in zip(self.levels, cast.batch[2::2], strict=False):
            missing = level - len(self.holders)
            with self.phase(f"add holders up to {level:,}", note=f"{max(missing, 0):,} holders added"):
                if missing > 0:
                    addresses = holder_addresses(side.key, len(self.holders), missing)
                    side.add_holders(addresses)
                    self.holders.update(addresses)
            self.record(f"scale.holders.{level}.fresh", side.transfer(cast.alice, recipient.address, 10))
            self.record(f"scale.holders.{level}.existing", side.transfer(cast.alice, cast.bob.address, 10))
            self.holders.add(recipient.address)
        with self.phase("extras after scale"):
            self.result.measurements.update(side.scale_extras())
        skipped = [level for level in side.config.holder_levels if level not in self.levels]
        if skipped:
            side.notes.append(
                f"Not set up with {', '.join(f'{level:,}' for level in skipped)} holders (see above)."
            )

    def finish(self) -> SideResult:
        """The side's result, with its notes and info."""
        self.result.notes = self.side.notes
        self.result.info.update(self.side.info)
        self.result.info["holders"] = len(self.holders)
        return self.result


def run_side(side: Side) -> SideResult:
    """Run both stages of the scenario on ``side`` alone and return what was measured.

    Raises:
        BenchError: a step failed.
    """
    scenario = Scenario(side)
    scenario.run_base()
    scenario.run_scale()
    return scenario.finish()
