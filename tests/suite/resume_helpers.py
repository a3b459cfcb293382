"""Helpers for the resumable-deployment tests: a variant of the worked example with more to wire (a second
agent, a default lock-up only the record can tell was set, stablecoin roles handed over), a way to stop a
deployment after a chosen step, and everything the chain says about a suite's wiring, in terms of record
keys rather than addresses (so a resumed suite compares equal to one deployed in one go)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from web3 import Web3

from sectoken.config import SuiteConfig, parse_config
from sectoken.signers import dev_account
from sectoken.suite import Suite

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "uk-us-bond.yaml"
DEPLOYER = dev_account(0).address
AGENT, PAUSER, OWNER = (dev_account(i).address for i in (5, 6, 7))
#: ERC-1967 implementation slot.
IMPLEMENTATION_SLOT = 0x360894A13BA1A3210667C828492DB98DCA3E2076CC3735A920A3CA505D382BBC
STABLECOIN_ROLES = ("owner", "master_minter", "pauser", "blacklister", "rescuer", "attester")


def variant_text(name: str) -> str:
    """The worked example under `name`, with a second agent, a default lock-up of 40 days next to the US
    one, the stablecoin's pauser and owner handed to other accounts."""
    text = EXAMPLE.read_text()
    for old, new in (
        ("name: uk-us-bond\n", f"name: {name}\n"),
        ("agents:\n  - deployer\n", f"agents:\n  - deployer\n  - \"{AGENT}\"\n"),
        ("modules:\n", "modules:\n  lock_up: {default: 40 days, US: 12 months}\n"),
        ("    pauser: deployer\n", f"    pauser: \"{PAUSER}\"\n"),
        ("    owner: deployer\n", f"    owner: \"{OWNER}\"\n"),
    ):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def variant(name: str) -> SuiteConfig:
    return parse_config(variant_text(name))


class StopAfter:
    """A progress callback that records the steps and raises KeyboardInterrupt after the first one whose name
    starts with `prefix` (as Ctrl-C would, right after that transaction was mined and recorded)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.steps: list[Any] = []

    def __call__(self, step: Any) -> None:
        self.steps.append(step)
        if step.name.startswith(self.prefix):
            raise KeyboardInterrupt


def nonce(w3: Web3, address: str = DEPLOYER) -> int:
    return int(w3.eth.get_transaction_count(address, "pending"))


def contract_creations(w3: Web3, first_block: int, sender: str = DEPLOYER) -> list[str]:
    """Hashes of the contract-creation transactions `sender` sent from `first_block` on."""
    created = []
    for number in range(first_block, w3.eth.block_number + 1):
        for tx in w3.eth.get_block(number, full_transactions=True)["transactions"]:
            if tx["from"] == sender and tx.get("to") is None:
                created.append(tx["hash"].to_0x_hex())
    return created


def wiring(w3: Web3, suite: Suite) -> dict[str, Any]:
    """What the chain says about how a suite is wired, with addresses of its own contracts named by their
    record keys."""
    record = suite.record
    role = {item.address: key for key, item in record.contracts.items()}

    def named(address: str) -> str:
        return role.get(address, address)

    token, registry, storage, compliance = suite.token, suite.registry, suite.storage, suite.compliance
    facts: dict[str, Any] = {
        "contracts": sorted(record.contracts),
        "artifacts": {key: item.artifact for key, item in record.contracts.items()},
        "token": (
            token.name(), token.symbol(), token.decimals(), named(token.identity_registry()),
            named(token.compliance()), token.owner(), token.is_agent(DEPLOYER), token.is_agent(AGENT),
        ),
        "registry": (
            named(registry.storage()), registry.claim_topics(), registry.owner(), registry.is_agent(DEPLOYER),
            registry.is_agent(AGENT),
        ),
        "storage": (
            [named(a) for a in storage.linked_registries()], storage.owner(), storage.trusted_issuers(),
            storage.issuer_topics(DEPLOYER),
        ),
        "compliance": ([named(m) for m in compliance.modules()], named(compliance.token()), compliance.owner()),
        "modules": {
            name: (named(module.compliance()), module.describe(), module.rules(0))
            for name, module in sorted(suite.modules.items())
        },
    }
    lock_up = suite.modules["LockUpModule"]
    facts["lockUp"] = (lock_up.default_period(), lock_up.lock_up_period(840), lock_up.lock_up_period(826))
    coin = suite.stablecoin
    assert coin is not None
    slot = w3.eth.get_storage_at(coin.address, IMPLEMENTATION_SLOT)
    attestation = coin.reserve_attestation()
    facts["stablecoin"] = {
        "roles": {name: coin.role(name) for name in STABLECOIN_ROLES},
        "implementation": named(Web3.to_checksum_address(slot[-20:])),
        "minter": (coin.is_minter(DEPLOYER), coin.minter_allowance(DEPLOYER)),
        "attestation": (attestation.amount, attestation.report_hash, attestation.as_of > 0),
        "maxAttestationAge": coin.max_attestation_age(),
        "token": (coin.name(), coin.symbol(), coin.currency(), coin.decimals(), coin.total_supply()),
    }
    facts["code"] = {key: len(w3.eth.get_code(item.address)) > 0 for key, item in record.contracts.items()}
    return facts
