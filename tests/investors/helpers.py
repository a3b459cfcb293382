"""Helpers for the onboarding tests: deploy and record a suite with the shipped artifacts, write
investor files, read back what the chain holds, and run the command line in a subprocess."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from eth_utils import keccak
from web3 import Web3

from sectoken import artifacts
from sectoken.cli import cli
from sectoken.contracts.compliance import BUILTIN_MODULES, ModularCompliance
from sectoken.contracts.registry import IdentityRegistry
from sectoken.contracts.token import SecurityToken
from sectoken.deployments import ContractRecord, Deployments, SuiteRecord
from sectoken.investors import OnboardingContracts
from sectoken.signers import Signer
from sectoken.tx import contract_at, deploy, send

ZERO = "0x" + "00" * 20
KYC, AML, ACCREDITED, QP, PROFESSIONAL, HNW, SOPHISTICATED, NON_US = range(1, 9)
UK, US, FR = 826, 840, 250
SRC = Path(__file__).resolve().parents[2] / "src"
HEADER = "wallet,country,claims,expires,identity,amount"


@dataclass
class Suite:
    """A deployed, recorded suite: `owner` is the registry's agent, the issuer trusted for topics 1-8 and
    the token's agent. KYC is required."""

    name: str
    record: SuiteRecord
    contracts: OnboardingContracts
    deployments: Path
    owner: Signer

    @property
    def token(self) -> Any:
        assert self.contracts.token is not None
        return self.contracts.token

    @property
    def storage(self) -> Any:
        return self.contracts.storage

    @property
    def registry(self) -> Any:
        return self.contracts.registry


def deploy_suite(
    w3: Web3, owner: Signer, deployments: Path, *, name: str = "bond", decimals: int = 2
) -> Suite:
    """Deploy storage, registry, compliance and token as the test fixtures wire them, and record them
    under the contract keys the deploy tooling uses."""
    records: dict[str, ContractRecord] = {}

    def make(role: str, artifact_name: str, *args: Any, record_as: str | None = None) -> Any:
        artifact = artifacts.load(artifact_name)
        address, receipt = deploy(w3, owner, artifact, *args)
        record = ContractRecord.from_receipt(artifact, receipt)
        # A proxy is recorded under its implementation's ABI, as `sectoken deploy` does.
        records[role] = dataclasses.replace(record, artifact=record_as) if record_as else record
        return contract_at(w3, record_as or artifact_name, address)

    storage = make("identityRegistryStorage", "IdentityRegistryStorage", owner.address)
    registry_impl = make("identityRegistryImplementation", "IdentityRegistry")
    registry = make("identityRegistry", "OfferingProxy", registry_impl.address,
                    IdentityRegistry.initialize_data(w3, owner.address, storage.address), record_as="IdentityRegistry")
    builtins = [make(f"module:{name}", name).address for name in BUILTIN_MODULES]
    compliance_impl = make("complianceImplementation", "ModularCompliance", builtins)
    compliance = make("compliance", "OfferingProxy", compliance_impl.address,
                      ModularCompliance.initialize_data(w3, owner.address), record_as="ModularCompliance")
    admin = make("tokenAdmin", "TokenAdmin")
    token_impl = make("tokenImplementation", "SecurityToken", admin.address)
    init = SecurityToken.initialize_data(
        w3, "Sectoken Bond 2030", "SB30", decimals, registry.address, compliance.address, ZERO, owner.address
    )
    token = make("token", "OfferingProxy", token_impl.address, init, record_as="SecurityToken")
    send(w3, owner, compliance.functions.bindToken(token.address))
    send(w3, owner, registry.functions.bindToken(token.address))
    send(w3, owner, storage.functions.bindIdentityRegistry(registry.address))
    send(w3, owner, registry.functions.addAgent(owner.address))
    send(w3, owner, registry.functions.addClaimTopic(KYC))
    send(w3, owner, storage.functions.addTrustedIssuer(owner.address, list(range(1, 9))))
    send(w3, owner, token.functions.addAgent(owner.address))
    record = SuiteRecord(name=name, chain_id=int(w3.eth.chain_id), contracts=records, deployer=owner.address)
    Deployments(deployments).save(record)
    contracts = OnboardingContracts.at(
        w3, storage=storage.address, registry=registry.address, token=token.address
    )
    return Suite(name, record, contracts, deployments, owner)


def wallet(i: int, salt: str = "investor") -> str:
    """A deterministic investor wallet."""
    return Web3.to_checksum_address(keccak(text=f"{salt}-{i}")[:20])


def generated_rows(n: int, *, salt: str = "investor", expires: str = "") -> list[str]:
    """`n` CSV lines: UK, US and French investors in turn, KYC plus one category claim, amounts 1.25 + i."""
    lines = []
    for i in range(n):
        country, claims = [("UK", "kyc;professional"), ("US", "kyc;accredited"), ("FR", "kyc;non-us-person")][
            i % 3
        ]
        lines.append(f"{wallet(i, salt)},{country},{claims},{expires},,{i + 1}.25")
    return lines


def write_csv(path: Path, lines: Sequence[str], header: str = HEADER) -> Path:
    path.write_text("\n".join([header, *lines]) + "\n")
    return path


def expected_units(i: int) -> int:
    """Tokens of generated investor `i`, in the smallest unit of a 2-decimals token."""
    return (i + 1) * 100 + 25


def mint_events(w3: Web3, suite: Suite, from_block: int = 0) -> list[tuple[str, int]]:
    """(to, value) of every Transfer from the zero address: one per issuance."""
    logs = suite.token.events.Transfer().get_logs(from_block=from_block, argument_filters={"from": ZERO})
    return [(log.args["to"], int(log.args["value"])) for log in logs]


def nonce(w3: Web3, address: str) -> int:
    return int(w3.eth.get_transaction_count(address, "pending"))


def invoke(suite: Suite, url: str, *args: str) -> Result:
    """Run `sectoken ARGS` in this process against `url` and the suite's deployments."""
    return CliRunner().invoke(
        cli, [*args, "--rpc-url", url, "--suite", suite.name, "--deployments", str(suite.deployments)]
    )


def summary_of(result: Result) -> Any:
    """The JSON a command printed, once it succeeded."""
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def cli_env(home: Path) -> dict[str, str]:
    """Environment for the command line: the worktree's sources first, no sectoken settings inherited."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("SECTOKEN_")}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["HOME"] = str(home)
    env["SECTOKEN_ALLOW_DEV_ACCOUNTS"] = "1"  # the test chain is our own Anvil (see tests/conftest.py)
    env["COLUMNS"] = "200"
    return env


def cli_args(url: str, suite: Suite, *args: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from sectoken.cli import main; main()",
        *args,
        "--rpc-url",
        url,
        "--suite",
        suite.name,
        "--deployments",
        str(suite.deployments),
    ]


def run_cli(
    url: str, suite: Suite, cwd: Path, *args: str, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run `sectoken ARGS` in a subprocess against `url`, in `cwd` (where its journals go)."""
    return subprocess.run(
        cli_args(url, suite, *args),
        cwd=cwd,
        env=cli_env(cwd),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def journal_records(cwd: Path) -> list[dict[str, Any]]:
    """Every record of the (single) journal under `cwd`."""
    (path,) = (cwd / ".sectoken" / "journals").glob("*.jsonl")
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
