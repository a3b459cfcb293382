"""`sectoken deploy` of one more offering on the example's identity registry (`registry: address:`): recorded
with the registry shared, its investors holding the new token with no new registration, the suite's agents
and register seeing what happened on the registry before it, and a registry that would need a new required
topic refused with one red line before anything is sent."""

import pytest

from tests.suite.second_suite import NO_TRANSACTION, commands_work_on, second_text

from .conftest import DEPLOYER, one_red_line, pending_nonce

NAME = "second-bond"


@pytest.fixture(scope="module")
def second(sectoken, onboarded, tmp_path_factory) -> dict:
    """`sectoken deploy second.yaml --json` of a second offering on the onboarded example's registry."""
    path = tmp_path_factory.mktemp("second") / "second.yaml"
    path.write_text(second_text(onboarded.registry.address, name=NAME, agent=None))
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
    commands_work_on(sectoken, NAME, tmp_path / "register.sqlite")
    listed = sectoken.json("agent", "list", "--suite", NAME, suite=False)
    assert DEPLOYER in [agent["account"] for agent in listed]  # appointed by the first suite, found from the second


def test_the_table_marks_the_shared_contracts(sectoken, onboarded, tmp_path):
    path = tmp_path / "third.yaml"
    path.write_text(second_text(onboarded.registry.address, name="third-bond", agent=None))
    lines = sectoken.ok("deploy", path, suite=False).stdout.splitlines()
    # the table's row of each contract (its first line holds the address and the gas column)
    gas = {line.split("│")[3].strip(): line.split("│")[4].strip() for line in lines if line.count("│") == 5}
    assert gas[onboarded.registry.address] == gas[onboarded.storage.address] == "shared"
    assert sum(value == "shared" for value in gas.values()) == 2


def test_a_topic_the_registry_does_not_require_is_refused_before_anything_is_sent(web3, sectoken, onboarded, tmp_path):
    path = tmp_path / "aml.yaml"
    path.write_text(second_text(onboarded.registry.address, name="aml-bond", more="  required_topics: [aml]\n",
                                agent=None))
    before = pending_nonce(web3, DEPLOYER)
    error = one_red_line(sectoken("deploy", path, suite=False))
    assert f"registry {onboarded.registry.address} does not require aml, which this suite requires" in error
    assert "`sectoken --suite <a suite on it> topic add aml`" in error
    assert pending_nonce(web3, DEPLOYER) == before
    assert not (sectoken.deployments / str(web3.eth.chain_id) / "aml-bond.json").exists()
