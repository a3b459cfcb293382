"""ONCHAINID on the test chain: identities and ClaimIssuers deployed from ``@onchain-id/solidity`` 2.2.1's
Hardhat artifacts (as the benchmark's T-REX side deploys them), and claims signed the ONCHAINID way: a
CLAIM key of the ClaimIssuer signs ``keccak256(abi.encode(identity, topic, data))`` as an Ethereum signed
message, and the identity's management key adds the claim to the identity."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_abi.abi import encode as abi_encode
from eth_account import Account
from eth_account.messages import encode_defunct
from eth_utils import keccak
from web3 import Web3
from web3.contract import Contract

from sectoken.artifacts import Artifact
from sectoken.signers import Signer
from sectoken.tx import deploy, send

PACKAGE = Path(__file__).resolve().parents[2] / "node_modules" / "@onchain-id" / "solidity"
VERSION = "2.2.1"
CLAIM_PURPOSE = 3
ECDSA = 1
DATA = b"KYC approved by the test ClaimIssuer"


def artifact(name: str) -> Artifact:
    """An ONCHAINID contract from the npm package's Hardhat artifacts."""
    assert json.loads((PACKAGE / "package.json").read_text())["version"] == VERSION
    data: dict[str, Any] = json.loads(
        (PACKAGE / "artifacts" / "contracts" / f"{name}.sol" / f"{name}.json").read_text()
    )
    return Artifact(
        name=name,
        kind="contract",
        source_path=f"@onchain-id/solidity/contracts/{name}.sol",
        abi=data["abi"],
        bytecode=data["bytecode"],
        deployed_bytecode=data["deployedBytecode"],
        bytecode_sha256="",
        deployed_bytecode_sha256="",
        compiler="0.8.17",
    )


@dataclass
class ClaimIssuer:
    """An ONCHAINID ClaimIssuer: `manager` holds its management key, `key` (a local test key) its CLAIM key."""

    contract: Contract
    manager: Signer
    key: Any

    @property
    def address(self) -> str:
        return str(self.contract.address)

    def sign(self, identity: str, topic: int, data: bytes = DATA) -> bytes:
        """The ONCHAINID signature of a claim of `topic` for `identity`."""
        digest = keccak(abi_encode(["address", "uint256", "bytes"], [identity, topic, data]))
        return bytes(self.key.sign_message(encode_defunct(primitive=digest)).signature)


def deploy_claim_issuer(w3: Web3, manager: Signer, salt: str) -> ClaimIssuer:
    """A ClaimIssuer managed by `manager`, with a fresh CLAIM key (deterministic from `salt`)."""
    built = artifact("ClaimIssuer")
    address, _ = deploy(w3, manager, built, manager.address)
    contract = w3.eth.contract(address=address, abi=built.abi)
    key = Account.from_key(keccak(text=f"onchainid claim key {salt}"))
    send(
        w3,
        manager,
        contract.functions.addKey(keccak(abi_encode(["address"], [key.address])), CLAIM_PURPOSE, ECDSA),
    )
    return ClaimIssuer(contract, manager, key)


def deploy_identity(w3: Web3, holder: Signer) -> Contract:
    """An ONCHAINID identity whose management key is `holder`."""
    built = artifact("Identity")
    address, _ = deploy(w3, holder, built, holder.address, False)
    return w3.eth.contract(address=address, abi=built.abi)


def add_claim(
    w3: Web3,
    holder: Signer,
    identity: Contract,
    issuer: ClaimIssuer,
    topic: int,
    data: bytes = DATA,
) -> bytes:
    """Add (or replace) `issuer`'s claim of `topic` with `data` to `identity` (sent by its holder); returns
    the signature."""
    signature = issuer.sign(identity.address, topic, data)
    send(w3, holder, identity.functions.addClaim(topic, ECDSA, issuer.address, signature, data, ""))
    return signature


def claim_id(issuer: str, topic: int) -> bytes:
    """ONCHAINID's claim id: keccak256(abi.encode(issuer, topic))."""
    return keccak(abi_encode(["address", "uint256"], [issuer, topic]))
