"""The floor: a plain OpenZeppelin ERC-20 (``contracts/test/SmokeToken.sol``), the cost of a transfer with
no rules at all. It has no onboarding and no mint after deployment (the deployer holds the supply)."""

from __future__ import annotations

from collections.abc import Sequence

from eth_typing import ChecksumAddress
from web3.contract import Contract
from web3.types import TxReceipt

from bench.artifacts import load_project
from bench.evm import Chain, Signer
from bench.model import BenchConfig, ContractGas, Measurement, RefusalCheck
from bench.scenario import Cast, Side, Unsupported

__all__ = ["Floor"]

SUPPLY = 10**30
MAX_HOLDERS = 1_000
"""Holders set up for the scale rows. Each takes one signed transfer (an ERC-20 has no batch), and the
transfer touches the same storage slots whatever the holder count, so 10,000 would only add time."""


class Floor(Side):
    """SmokeToken, deployed by the side's deployer, who holds the whole supply."""

    key = "floor"
    title = "OpenZeppelin 5.1 ERC-20 (SmokeToken)"

    def __init__(self, chain: Chain, cast: Cast, config: BenchConfig) -> None:
        super().__init__(chain, cast, config)
        self.artifact = load_project("SmokeToken")
        self.info = {"artifact": self.artifact.source, "supply": SUPPLY}
        self.notes.append(
            f"Holder scale up to {MAX_HOLDERS:,}: each holder takes one signed transfer (a plain ERC-20 has no "
            "batch), and its transfer touches the same storage slots whatever the holder count."
        )
        self._token: Contract | None = None

    @property
    def token(self) -> Contract:
        """The deployed token."""
        if self._token is None:
            raise RuntimeError("deploy() first")
        return self._token

    def deploy(self) -> None:
        deployed = self.chain.deploy(self.cast.deployer, self.artifact, SUPPLY)
        self._token = deployed.contract
        self.deployment.append(ContractGas("SmokeToken", deployed.gas, deployed.address))

    def onboard_one(self, investor: Signer, country: int) -> Measurement:
        raise Unsupported

    def onboard_batch(self, investors: Sequence[Signer], countries: Sequence[int]) -> Measurement:
        raise Unsupported

    def mint(self, to: ChecksumAddress, amount: int) -> TxReceipt:
        raise Unsupported

    def seed(self, to: ChecksumAddress, amount: int) -> None:
        self.chain.send(self.cast.deployer, self.token.functions.transfer(to, amount), label="seed")

    def transfer(self, sender: Signer, to: ChecksumAddress, amount: int) -> TxReceipt:
        return self.chain.send(sender, self.token.functions.transfer(to, amount), label="transfer")

    def approve(self, owner: Signer, spender: ChecksumAddress, amount: int) -> TxReceipt:
        return self.chain.send(owner, self.token.functions.approve(spender, amount), label="approve")

    def transfer_from(self, spender: Signer, owner: ChecksumAddress, to: ChecksumAddress, amount: int) -> TxReceipt:
        return self.chain.send(spender, self.token.functions.transferFrom(owner, to, amount), label="transferFrom")

    def refused_transfer(self, sender: Signer, stranger: Signer) -> tuple[RefusalCheck, TxReceipt]:
        # No rules to break: the only refusal a plain ERC-20 has is a balance too low.
        balance = int(self.token.functions.balanceOf(sender.address).call())
        call = self.token.functions.transfer(stranger.address, balance + 1)
        revert = self.chain.revert_of(sender, call)
        expected = f"ERC20InsufficientBalance({sender.address.lower()}, {balance}, {balance + 1})"
        got = revert.describe() if revert else "no revert"
        check = RefusalCheck(expected, got, got.lower() == expected.lower())
        receipt = self.chain.send(sender, call, gas=200_000, expect_success=False)
        return check, receipt

    def add_holders(self, addresses: Sequence[ChecksumAddress]) -> None:
        calls = [self.token.functions.transfer(address, 1) for address in addresses]
        self.chain.send_many(self.cast.deployer, calls, label="transfer to a new holder")

    def max_holders(self) -> int | None:
        return MAX_HOLDERS
