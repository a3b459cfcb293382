"""`sectoken deploy` of one more offering on the example's identity registry (`registry: address:`): recorded
with the registry shared, its investors holding the new token with no new registration, the suite's agents
and register seeing what happened on the registry before it, and a registry that would need a new required
topic refused with one red line before anything is sent."""

import json

import pytest

from .conftest import ALICE, BOB, CAROL, DEPLOYER, one_red_line, pending_nonce

NAME = "second-bond"
NO_TRANSACTION = "0x" + "00" * 32
CONFIG = """\
name: {name}
token: {{name: UK-US Bond 2031, symbol: UUB31, decimals: 0}}
jurisdictions: [uk-us-bridge]
registry:
  address: "{registry}"
{more}"""


@pytest.fixture(scope="module")
def second(sectoken, onboarded, tmp_path_factory) -> dict:
    """`sectoken deploy second.yaml --json` of a second offering on the onboarded example's registry."""
    path = tmp_path_factory.mktemp("second") / "second.yaml"
    path.write_text(CONFIG.format(name=NAME, registry=onboarded.registry.address, more=""))
    return sectoken.json("deploy", path, suite=False)


def test_the_summary_shows_the_registry_shared_and_no_registry_deployed(sectoken, deployed, second):
    contracts = second["contracts"]
    for role in ("identityRegistry", "identityRegistryStorage"):
        assert contracts[role]["address"] == deployed["contracts"][role]["address"]
        assert (contracts[role]["txHash"], contracts[role]["gasUsed"]) == (NO_TRANSACTION, 0)
    assert "identityRegistryImplementation" not in contracts
    deployments = sum(1 for item in contracts.values() if item["gasUsed"] > 0)
    assert second["transactions"] == deployments + 2  # the factory's transaction and the binding only
    assert [row["name"] for row in sectoken.json("suites", suite=False)] == [NAME, "uk-us-bond"]


def test_investors_of_the_first_suite_hold_the_second_offering_and_the_register_sees_them(sectoken, second, tmp_path):
    on_second = ("--suite", NAME)
    sectoken.ok("token", "mint", ALICE, "100", *on_second, suite=False)
    sectoken.ok("token", "transfer", BOB, "40", "--account-index", "1", *on_second, suite=False)
    balances = [sectoken.json("token", "balance", wallet, *on_second, suite=False)["balance"] for wallet in (ALICE, BOB)]
    assert balances == ["60", "40"]
    refused = sectoken("check", ALICE, CAROL, "1", "--json", *on_second, suite=False)
    # carol (UK, KYC only) is not eligible under the second offering's rules
    assert refused.exit_code == 1 and json.loads(refused.stdout)["code"] == 22
    listed = sectoken.json("agent", "list", *on_second, suite=False)
    assert DEPLOYER in [agent["account"] for agent in listed]  # appointed by the first suite, found from the second
    database = f"sqlite:///{tmp_path / 'register.sqlite'}"
    sectoken.ok("register", "sync", "--database", database, *on_second, suite=False)
    checked = sectoken.json("register", "verify", "--database", database, *on_second, suite=False)
    assert checked["ok"] is True and checked["differences"] == [] and checked["holders"] == 2


def test_the_table_marks_the_shared_contracts(sectoken, onboarded, tmp_path):
    path = tmp_path / "third.yaml"
    path.write_text(CONFIG.format(name="third-bond", registry=onboarded.registry.address, more=""))
    lines = sectoken.ok("deploy", path, suite=False).stdout.splitlines()
    # the table's row of each contract (its first line holds the address and the gas column)
    gas = {line.split("│")[3].strip(): line.split("│")[4].strip() for line in lines if line.count("│") == 5}
    assert gas[onboarded.registry.address] == gas[onboarded.storage.address] == "shared"
    assert sum(value == "shared" for value in gas.values()) == 2


def test_a_topic_the_registry_does_not_require_is_refused_before_anything_is_sent(web3, sectoken, onboarded, tmp_path):
    path = tmp_path / "aml.yaml"
    path.write_text(CONFIG.format(name="aml-bond", registry=onboarded.registry.address, more="  required_topics: [aml]\n"))
    before = pending_nonce(web3, DEPLOYER)
    error = one_red_line(sectoken("deploy", path, suite=False))
    assert f"registry {onboarded.registry.address} does not require aml, which this suite requires" in error
    assert "`sectoken --suite <a suite on it> topic add aml`" in error
    assert pending_nonce(web3, DEPLOYER) == before
    assert not (sectoken.deployments / str(web3.eth.chain_id) / "aml-bond.json").exists()
