"""`sectoken deploy` of one more offering through the example's offering factory (`factory:`) on its identity
registry: the summary shows the factory, its implementations and modules shared and two transactions sent; the
commands of a suite (token, check, compliance, cap table, register) work on it as on the first; an address that
is no offering factory is refused with one red line before anything is sent."""

import json

import pytest

from sectoken.contracts.compliance import BUILTIN_MODULES

from .conftest import ALICE, BOB, CAROL, DEPLOYER, one_red_line, pending_nonce

NAME = "second-bond"
NO_TRANSACTION = "0x" + "00" * 32
SHARED = ("offeringFactory", "tokenImplementation", "tokenAdmin", "complianceImplementation",
          *(f"module:{name}" for name in BUILTIN_MODULES))
CONFIG = """\
name: {name}
token: {{name: UK-US Bond 2031, symbol: UUB31, decimals: 0}}
jurisdictions: [uk-us-bridge]
factory: "{factory}"
registry:
  address: "{registry}"
"""


@pytest.fixture(scope="module")
def second(sectoken, onboarded, deployed, tmp_path_factory) -> dict:
    """`sectoken deploy second.yaml --json` of a second offering through the example's factory."""
    path = tmp_path_factory.mktemp("second") / "second.yaml"
    factory = deployed["contracts"]["offeringFactory"]["address"]
    path.write_text(CONFIG.format(name=NAME, factory=factory, registry=onboarded.registry.address))
    return sectoken.json("deploy", path, suite=False)


def test_the_summary_shows_the_factory_shared_and_two_transactions(deployed, second):
    contracts = second["contracts"]
    for role in (*SHARED, "identityRegistry", "identityRegistryStorage"):
        assert contracts[role]["address"] == deployed["contracts"][role]["address"]
        assert (contracts[role]["txHash"], contracts[role]["gasUsed"]) == (NO_TRANSACTION, 0)
        assert contracts[role]["blockNumber"] == deployed["contracts"][role]["blockNumber"]
    assert second["transactions"] == 2  # the factory's transaction and the binding
    assert second["gasUsed"]["deployments"] == 0


def test_the_suite_commands_work_on_the_second_offering(sectoken, second, tmp_path):
    on_second = ("--suite", NAME)
    sectoken.ok("token", "mint", ALICE, "100", *on_second, suite=False)
    sectoken.ok("token", "transfer", BOB, "40", "--account-index", "1", *on_second, suite=False)
    balances = [sectoken.json("token", "balance", wallet, *on_second, suite=False)["balance"] for wallet in (ALICE, BOB)]
    assert balances == ["60", "40"]
    refused = sectoken("check", ALICE, CAROL, "1", "--json", *on_second, suite=False)
    assert refused.exit_code == 1 and json.loads(refused.stdout)["code"] == 22  # carol is not eligible
    rules = sectoken.json("compliance", "explain", *on_second, suite=False)
    assert {"IdentityRegistry", "MaxHolders"} <= {rule["source"] for rule in rules}
    table = sectoken.json("captable", *on_second, suite=False)
    assert {row["wallet"]: row["balance"] for row in table["holdings"]} == {ALICE: "60", BOB: "40"}
    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    sectoken.ok("register", "sync", "--database", database, *on_second, suite=False)
    checked = sectoken.json("register", "verify", "--database", database, *on_second, suite=False)
    assert checked["ok"] is True and checked["differences"] == [] and checked["holders"] == 2


def test_an_address_that_is_no_factory_is_refused_before_anything_is_sent(web3, sectoken, onboarded, tmp_path):
    path = tmp_path / "wrong.yaml"
    token = onboarded.token.address
    path.write_text(CONFIG.format(name="wrong", factory=token, registry=onboarded.registry.address))
    before = pending_nonce(web3, DEPLOYER)
    error = one_red_line(sectoken("deploy", path, suite=False))
    assert f"factory {token} does not answer as an offering factory" in error
    assert pending_nonce(web3, DEPLOYER) == before
    assert not (sectoken.deployments / str(web3.eth.chain_id) / "wrong.json").exists()
