"""`sectoken deploy` of one more offering through the example's offering factory (`factory:`) on its identity
registry: the summary shows the factory, its implementations and modules shared and two transactions sent; the
commands of a suite (token, check, compliance, cap table, register) work on it as on the first; an address that
is no offering factory is refused with one red line before anything is sent."""

import pytest

from tests.suite.second_suite import FACTORY_PARTS, NO_TRANSACTION, commands_work_on, second_text

from .conftest import ALICE, BOB, DEPLOYER, one_red_line, pending_nonce

NAME = "second-bond"


@pytest.fixture(scope="module")
def second(sectoken, onboarded, deployed, tmp_path_factory) -> dict:
    """`sectoken deploy second.yaml --json` of a second offering through the example's factory."""
    path = tmp_path_factory.mktemp("second") / "second.yaml"
    factory = deployed["contracts"]["offeringFactory"]["address"]
    path.write_text(second_text(onboarded.registry.address, name=NAME, factory=factory, agent=None))
    return sectoken.json("deploy", path, suite=False)


def test_the_summary_shows_the_factory_shared_and_two_transactions(deployed, second):
    contracts = second["contracts"]
    for role in (*FACTORY_PARTS, "identityRegistry", "identityRegistryStorage"):
        assert contracts[role]["address"] == deployed["contracts"][role]["address"]
        assert (contracts[role]["txHash"], contracts[role]["gasUsed"]) == (NO_TRANSACTION, 0)
        assert contracts[role]["blockNumber"] == deployed["contracts"][role]["blockNumber"]
    assert second["transactions"] == 2  # the factory's transaction and the binding
    assert second["gasUsed"]["deployments"] == 0


def test_the_suite_commands_work_on_the_second_offering(sectoken, second, tmp_path):
    commands_work_on(sectoken, NAME, tmp_path / "register.sqlite")
    rules = sectoken.json("compliance", "explain", "--suite", NAME, suite=False)
    assert {"IdentityRegistry", "MaxHolders"} <= {rule["source"] for rule in rules}
    table = sectoken.json("captable", "--suite", NAME, suite=False)
    assert {row["wallet"]: row["balance"] for row in table["holdings"]} == {ALICE: "60", BOB: "40"}


def test_an_address_that_is_no_factory_is_refused_before_anything_is_sent(web3, sectoken, onboarded, tmp_path):
    path = tmp_path / "wrong.yaml"
    token = onboarded.token.address
    path.write_text(second_text(onboarded.registry.address, name="wrong", factory=token, agent=None))
    before = pending_nonce(web3, DEPLOYER)
    error = one_red_line(sectoken("deploy", path, suite=False))
    assert f"factory {token} does not answer as an offering factory" in error
    assert pending_nonce(web3, DEPLOYER) == before
    assert not (sectoken.deployments / str(web3.eth.chain_id) / "wrong.json").exists()
