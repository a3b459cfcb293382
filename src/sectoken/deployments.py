"""Deployment records: what was deployed where, so later commands reattach to a suite by name.

A suite's record is ``<directory>/<chain-id>/<suite-name>.json`` (``directory`` is ``./deployments`` by
default, or ``--deployments DIR``), holding every contract's address, deploy transaction, block and
artifact hash, and the configuration the suite was deployed from. Writes are atomic: a temporary file
in the same folder is flushed to disk and renamed over the old record.

Example:
    >>> store = Deployments("deployments")
    >>> store.save(SuiteRecord(name="demo", chain_id=31337, contracts={...}))
    >>> store.find(31337, "demo").address("SecurityToken")
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_typing import ChecksumAddress, HexStr
from eth_utils.address import is_address, to_checksum_address

from sectoken.errors import ConfigError, DeploymentNotFoundError

if TYPE_CHECKING:
    from sectoken.artifacts import Artifact
    from sectoken.tx import Receipt

__all__ = [
    "DEFAULT_DIRECTORY",
    "ContractRecord",
    "DeploymentStatus",
    "Deployments",
    "SuiteRecord",
    "validate_suite_name",
]

#: Where records go unless ``--deployments DIR`` says otherwise (relative to the current folder).
DEFAULT_DIRECTORY = Path("deployments")
FORMAT_VERSION = 1

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def validate_suite_name(name: str) -> str:
    """Check a suite name is usable as a file name (letters, digits, ``_ . -``; at most 64 characters).

    Args:
        name: The suite name.

    Returns:
        The name, unchanged.

    Raises:
        ConfigError: the name is not acceptable.
    """
    if not _NAME.match(name):
        raise ConfigError(
            f"Invalid suite name {name!r}: use letters, digits, '_', '.' and '-' (at most 64, not starting "
            "with a symbol)."
        )
    return name


@dataclass(frozen=True)
class ContractRecord:
    """One deployed contract of a suite.

    Attributes:
        artifact: The artifact it was deployed from (e.g. ``"SecurityToken"``).
        address: Its address.
        tx_hash: The deployment transaction.
        block_number: The block the deployment was mined in.
        artifact_sha256: SHA-256 of the creation bytecode deployed (the artifact's ``bytecode_sha256``).
    """

    artifact: str
    address: ChecksumAddress
    tx_hash: HexStr
    block_number: int
    artifact_sha256: str

    def to_json(self) -> dict[str, Any]:
        """Return the record as JSON data."""
        return {
            "artifact": self.artifact,
            "address": self.address,
            "txHash": self.tx_hash,
            "blockNumber": self.block_number,
            "artifactSha256": self.artifact_sha256,
        }

    @classmethod
    def from_receipt(cls, artifact: Artifact, receipt: Receipt) -> ContractRecord:
        """Record a deployment made with :func:`sectoken.tx.deploy`.

        Raises:
            ValueError: the receipt is not a deployment's.
        """
        if receipt.contract_address is None:
            raise ValueError(f"Transaction {receipt.tx_hash} deployed no contract.")
        return cls(
            artifact=artifact.name,
            address=receipt.contract_address,
            tx_hash=receipt.tx_hash,
            block_number=receipt.block_number,
            artifact_sha256=artifact.bytecode_sha256,
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ContractRecord:
        """Build a record from JSON data (raises ``KeyError``/``ValueError`` on a malformed one)."""
        address = str(data["address"])
        if not is_address(address):
            raise ValueError(f"{address!r} is not an address")
        return cls(
            artifact=str(data["artifact"]),
            address=to_checksum_address(address),
            tx_hash=HexStr(str(data["txHash"])),
            block_number=int(data["blockNumber"]),
            artifact_sha256=str(data["artifactSha256"]),
        )


@dataclass(frozen=True)
class DeploymentStatus:
    """Where a suite's deployment stands, as its record keeps it (``config.deployment``).

    Attributes:
        complete: Whether every step was done.
        steps: Configuration steps done so far (incomplete records only).
        pending: The transaction signed and maybe sent when the deployment stopped (its JSON record).
        error: Why it stopped (redacted), if it stopped on an error.
        closing: The offering's closing the deployment chose (unix seconds), when the configuration gives none
            and the suite shares another's factory: the time of the latest block when the offering was
            prepared, kept so that a resumed deployment sets the same rules.
    """

    complete: bool = True
    steps: tuple[str, ...] = ()
    pending: Mapping[str, Any] | None = None
    error: str = ""
    closing: int | None = None

    @classmethod
    def from_json(cls, data: Any) -> DeploymentStatus:
        """The status a record keeps (``None`` or anything not a mapping: a complete deployment)."""
        if not isinstance(data, Mapping):
            return cls()
        pending = data.get("pending")
        closing = data.get("closing")
        return cls(
            complete=data.get("complete") is not False,
            steps=tuple(str(step) for step in data.get("steps") or ()),
            pending=dict(pending) if isinstance(pending, Mapping) else None,
            error=str(data.get("error") or ""),
            closing=closing if isinstance(closing, int) and not isinstance(closing, bool) else None,
        )


@dataclass(frozen=True)
class SuiteRecord:
    """A deployed suite.

    Attributes:
        name: The suite's name (a file name, see :func:`validate_suite_name`).
        chain_id: The chain it lives on.
        contracts: Its contracts by role name (e.g. ``"token"``, ``"identityRegistry"``).
        config: The configuration it was deployed from.
        deployer: The address that deployed it, if recorded.
        created_at: When the record was first written (ISO 8601, UTC).
    """

    name: str
    chain_id: int
    contracts: Mapping[str, ContractRecord] = field(default_factory=dict)
    config: Mapping[str, Any] = field(default_factory=dict)
    deployer: ChecksumAddress | None = None
    created_at: str = ""

    def address(self, role: str) -> ChecksumAddress:
        """Return the address of the contract with role name ``role``.

        Raises:
            DeploymentNotFoundError: the suite has no such contract; the message lists its contracts.
        """
        try:
            return self.contracts[role].address
        except KeyError:
            raise DeploymentNotFoundError(
                f"Suite '{self.name}' on chain {self.chain_id} has no contract '{role}'"
                f"{_did_you_mean(role, self.contracts)}; it has: {', '.join(sorted(self.contracts)) or 'none'}."
            ) from None

    @property
    def status(self) -> DeploymentStatus:
        """Where the deployment stands (kept under ``config.deployment``; a record without it is complete)."""
        return DeploymentStatus.from_json(self.config.get("deployment"))

    def check_complete(self) -> SuiteRecord:
        """Return the record if its deployment finished: every command attaching to a suite goes through here.

        Raises:
            DeploymentNotFoundError: the deployment is incomplete; the message says how to finish it.
        """
        status = self.status
        if not status.complete:
            source = self.config.get("source") or "CONFIG.yaml"
            raise DeploymentNotFoundError(
                f"Suite '{self.name}' on chain {self.chain_id} was not deployed completely "
                f"({status.error or 'it was interrupted'}); finish it with `sectoken deploy {source} --resume`."
            )
        return self

    def to_json(self) -> dict[str, Any]:
        """Return the record as JSON data."""
        return {
            "format": FORMAT_VERSION,
            "name": self.name,
            "chainId": self.chain_id,
            "deployer": self.deployer,
            "createdAt": self.created_at,
            "contracts": {role: record.to_json() for role, record in sorted(self.contracts.items())},
            "config": dict(self.config),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], source: str = "record") -> SuiteRecord:
        """Build a record from JSON data.

        Raises:
            ConfigError: the data is not a suite record; the message names ``source``.
        """
        try:
            deployer = data.get("deployer")
            return cls(
                name=validate_suite_name(str(data["name"])),
                chain_id=int(data["chainId"]),
                contracts={
                    role: ContractRecord.from_json(item) for role, item in dict(data["contracts"]).items()
                },
                config=dict(data.get("config") or {}),
                deployer=to_checksum_address(deployer) if deployer else None,
                created_at=str(data.get("createdAt", "")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ConfigError(f"{source} is not a valid suite record ({type(error).__name__}: {error}).") from None


def _did_you_mean(name: str, known: Mapping[str, Any] | list[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Deployments:
    """The deployment records under one folder.

    Args:
        directory: The folder holding ``<chain-id>/<suite>.json`` (``./deployments`` by default).
    """

    def __init__(self, directory: str | os.PathLike[str] = DEFAULT_DIRECTORY) -> None:
        self.directory = Path(directory)

    def __repr__(self) -> str:
        return f"Deployments({str(self.directory)!r})"

    def path(self, chain_id: int, name: str) -> Path:
        """Return where the record of suite ``name`` on ``chain_id`` lives."""
        return self.directory / str(int(chain_id)) / f"{validate_suite_name(name)}.json"

    @contextlib.contextmanager
    def lock(self, chain_id: int, name: str) -> Iterator[Path]:
        """Hold the lock of suite ``name`` on ``chain_id`` (a deployment writing its record holds it).

        The lock is ``.<name>.lock`` beside the record, held with ``flock`` until the block ends (or the
        process dies).

        Yields:
            The record's path.

        Raises:
            ConfigError: another process holds the lock.
        """
        target = self.path(chain_id, name)
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = open(target.parent / f".{name}.lock", "a", encoding="utf-8")  # noqa: SIM115 - held until the end
        try:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ConfigError(
                    f"Suite '{name}' on chain {int(chain_id)} is being deployed by another process ({target}); "
                    "wait for it to finish."
                ) from None
            yield target
        finally:
            handle.close()

    def save(self, record: SuiteRecord) -> Path:
        """Write a suite record atomically, replacing any previous one of the same name and chain.

        Args:
            record: The record. ``created_at`` is set to now if empty.

        Returns:
            The record's path.
        """
        target = self.path(record.chain_id, record.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = record.to_json()
        if not data["createdAt"]:
            data["createdAt"] = datetime.now(UTC).isoformat(timespec="seconds")
        fd, tmp = tempfile.mkstemp(prefix=f".{record.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, sort_keys=False)
                handle.write("\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)  # owner only: a record may name accounts and what failed
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def load(self, path: str | os.PathLike[str]) -> SuiteRecord:
        """Read the record at ``path``.

        Raises:
            ConfigError: the file is not valid JSON or not a suite record.
        """
        file = Path(path)
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise ConfigError(f"{file} is not valid JSON (line {error.lineno}: {error.msg}).") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{file} is not a suite record (expected a JSON object).")
        return SuiteRecord.from_json(data, source=str(file))

    def find(self, chain_id: int, name: str) -> SuiteRecord:
        """Return the record of suite ``name`` on ``chain_id``.

        Raises:
            DeploymentNotFoundError: there is none; the message lists the suites known on that chain (and
                the chains where a suite of that name exists).
        """
        target = self.path(chain_id, name)
        if target.is_file():
            return self.load(target)
        known = self.names(chain_id)
        elsewhere = [str(other) for other in self.chain_ids() if other != chain_id and name in self.names(other)]
        message = (
            f"No suite '{name}' on chain {chain_id} in {self.directory}{_did_you_mean(name, known)}; "
            f"known: {', '.join(known) if known else 'none'}."
        )
        if elsewhere:
            message += f" A suite '{name}' exists on chain {', '.join(elsewhere)}: check --network/--rpc-url."
        raise DeploymentNotFoundError(message)

    def chain_ids(self) -> list[int]:
        """Return the chain ids that have records, sorted."""
        if not self.directory.is_dir():
            return []
        return sorted(int(entry.name) for entry in self.directory.iterdir() if entry.is_dir() and entry.name.isdigit())

    def names(self, chain_id: int) -> list[str]:
        """Return the names of the suites recorded on ``chain_id``, sorted."""
        folder = self.directory / str(int(chain_id))
        return sorted(path.stem for path in folder.glob("*.json")) if folder.is_dir() else []

    def suites(self, chain_id: int | None = None) -> list[SuiteRecord]:
        """Return the records on ``chain_id`` (or on every chain), sorted by chain then name."""
        chains = [chain_id] if chain_id is not None else self.chain_ids()
        return [self.load(self.path(chain, name)) for chain in chains for name in self.names(chain)]
