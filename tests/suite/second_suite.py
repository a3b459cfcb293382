"""A second suite of the worked example on the first one's identity registry (`registry: address:`), and through
its offering factory too (`factory:`): its configuration, the check that a refused one sent and recorded
nothing, and what a second offering must do (mint, transfer, refuse an ineligible investor) through the library
and through the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from web3 import Web3

from sectoken.config import SuiteConfig, parse_config
from sectoken.contracts.compliance import BUILTIN_MODULES
from sectoken.contracts.token import SecurityToken
from sectoken.deploy import deploy_suite
from sectoken.deployments import Deployments
from sectoken.errors import ConfigError
from sectoken.reasons import Restriction
from sectoken.signers import Signer, dev_account
from sectoken.suite import MODULE_PREFIX

from .conftest import Cast, nonce
from .test_token_operations import refused

NO_TRANSACTION = "0x" + "00" * 32
AGENT = dev_account(5).address  # an agent of the second offering only, not yet one of the registry
ALICE, BOB, CAROL = (dev_account(i).address for i in (1, 2, 3))
#: What a suite with a factory of its own deploys, and one with `factory:` shares.
FACTORY_PARTS = ("offeringFactory", "tokenImplementation", "tokenAdmin", "complianceImplementation",
                 *(f"{MODULE_PREFIX}{name}" for name in BUILTIN_MODULES))


def second_text(registry: str | None, *, name: str = "second-bond", symbol: str = "UUB31", factory: str | None = None,
                flowback: str | None = None, more: str = "", agent: str | None = AGENT) -> str:
    """The YAML of a second offering of the example on the existing `registry` (`registry: address:`, on line 5
    without a factory), through the existing `factory` (`factory:`, line 4), with a `flowback` period, `more`
    lines under `registry:`, and the deployer and `agent` as its agents."""
    lines = [f"name: {name}", f"token: {{name: UK-US Bond 2031, symbol: {symbol}, decimals: 0}}",
             "jurisdictions: [uk-us-bridge]"]
    if factory is not None:
        lines.append(f'factory: "{factory}"')
    if flowback is not None:
        lines.append(f"modules: {{flowback: {flowback}}}")
    lines.append("registry:")
    if registry is not None:
        lines.append(f'  address: "{registry}"')
    text = "\n".join(lines) + "\n" + more
    return text + (f'agents: [deployer, "{agent}"]\n' if agent is not None else "")


def second_config(registry: str | None, **options: Any) -> SuiteConfig:
    """:func:`second_text`, parsed."""
    return parse_config(second_text(registry, **options))


def refused_before_sending(web3: Web3, store: Deployments, signer: Signer, config: SuiteConfig, match: str) -> None:
    """Deploying `config` is refused with a ConfigError matching `match`, with nothing sent and nothing recorded."""
    before = nonce(web3, signer)
    with pytest.raises(ConfigError, match=match):
        deploy_suite(web3, signer, config, deployments=store)
    assert nonce(web3, signer) == before
    assert config.name not in store.names(web3.eth.chain_id)


def mint_and_transfer(token: SecurityToken, cast: Cast) -> None:
    """The deployer mints 1,000 to alice, who sends 400 to bob."""
    token.mint(cast.alice.address, 1_000)
    token.with_signer(cast.alice).transfer(cast.bob.address, 400)
    assert (token.balance_of(cast.alice.address), token.balance_of(cast.bob.address)) == (600, 400)


def refuses_carol(web3: Web3, token: SecurityToken, cast: Cast) -> None:
    """alice may not send to carol (UK, KYC only): not eligible under the second offering's rules."""
    alice = token.with_signer(cast.alice)
    refused(web3, cast.alice, lambda: alice.transfer(cast.carol.address, 1), Restriction.INVESTOR_NOT_ELIGIBLE)


def commands_work_on(sectoken: Any, name: str, database: Path) -> None:
    """`sectoken token mint/transfer/balance`, `check` and `register sync/verify` on the suite `name`: alice
    gets 100 and sends 40 to bob; carol is refused with code 22 (not eligible); the register agrees."""
    on = ("--suite", name)
    sectoken.ok("token", "mint", ALICE, "100", *on, suite=False)
    sectoken.ok("token", "transfer", BOB, "40", "--account-index", "1", *on, suite=False)
    balances = [sectoken.json("token", "balance", wallet, *on, suite=False)["balance"] for wallet in (ALICE, BOB)]
    assert balances == ["60", "40"]
    check = sectoken("check", ALICE, CAROL, "1", "--json", *on, suite=False)
    assert check.exit_code == 1 and json.loads(check.stdout)["code"] == 22
    url = f"sqlite:///{database}"
    sectoken.ok("register", "sync", "--database", url, *on, suite=False)
    checked = sectoken.json("register", "verify", "--database", url, *on, suite=False)
    assert checked["ok"] is True and checked["differences"] == [] and checked["holders"] == 2
