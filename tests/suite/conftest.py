"""Fixtures for the suite tests: the worked example deployed on the test chain with the library (sectoken
signs locally and sends raw transactions) once per test process, each module starting from the chain as
the deployment left it; investors onboarded through the typed clients, and the accounts playing each part.
The autouse isolation reverts every test's changes."""

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sectoken.config import load_config
from sectoken.deploy import DeployStep, deploy_suite
from sectoken.deployments import Deployments
from sectoken.signers import LocalSigner, dev_account
from sectoken.suite import Suite
from tests.conftest import starts_from_kept_state

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "uk-us-bond.yaml"
KYC, ACCREDITED, PROFESSIONAL = "kyc", "accredited", "professional"
UK, US, DE = 826, 840, 276
USD = 10**6


def identity_of(signer: LocalSigner) -> str:
    """A made-up investor identity per wallet (identities are plain addresses)."""
    return "0x" + signer.address[2:].lower()[::-1]


@dataclass
class Cast:
    deployer: LocalSigner
    alice: LocalSigner  # UK professional
    bob: LocalSigner  # US accredited
    carol: LocalSigner  # UK, KYC only: not eligible
    dave: LocalSigner  # Germany: registered and KYC'd, but the country is not allowed
    erin: LocalSigner  # never registered
    spare: LocalSigner  # a second wallet for alice's identity (recovery)


@pytest.fixture(scope="module")
def cast() -> Cast:
    return Cast(*(dev_account(i) for i in range(7)))


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Deployments:
    return Deployments(tmp_path_factory.mktemp("deployments"))


DEPLOYED = "the example deployed by `deploy_suite`"
ONBOARDED = "the example deployed by `deploy_suite`, investors onboarded"


def _deploy_example(web3, tmp_path_factory) -> Callable[[], tuple[Deployments, str, tuple[DeployStep, ...]]]:
    """The builder of state DEPLOYED: `deploy_suite` of the example by dev account 0 in a folder of its own;
    returns the folder of records, the suite's name and the steps the deployment reported."""

    def deploy() -> tuple[Deployments, str, tuple[DeployStep, ...]]:
        steps: list[DeployStep] = []
        folder = Deployments(tmp_path_factory.mktemp("example-suite-deployment"))
        suite = deploy_suite(web3, dev_account(0), load_config(EXAMPLE), deployments=folder, progress=steps.append)
        return folder, suite.name, tuple(steps)

    return deploy


@pytest.fixture(scope="module")
@starts_from_kept_state
def example_suite_deployed(web3, kept_states, tmp_path_factory) -> tuple[Deployments, str, tuple[DeployStep, ...]]:
    """`deploy_suite` of the example by dev account 0, run once per test process (on the chain's genesis, in a
    folder of its own) and kept (`kept_states`): its folder of records, the suite's name and the steps the
    deployment reported."""
    return kept_states.enter(DEPLOYED, _deploy_example(web3, tmp_path_factory))


@pytest.fixture(scope="module")
def deployment(web3, cast, store, example_suite_deployed) -> tuple[Suite, list[DeployStep]]:
    """The example suite, deployed by dev account 0 (the chain as the deployment left it, its records copied
    into the module's `store`), and the steps the deployment reported."""
    folder, name, steps = example_suite_deployed
    shutil.copytree(folder.directory, store.directory, dirs_exist_ok=True)
    return Suite.load(web3, cast.deployer, name, store), list(steps)


@pytest.fixture(scope="module")
def deployed(deployment) -> Suite:
    return deployment[0]


def onboard(suite: Suite, cast: Cast) -> None:
    """alice (UK, professional), bob (US, accredited), carol (UK, KYC only) and dave (DE, KYC) registered
    with claims from the deployer (the trusted issuer); erin stays unregistered."""
    for investor, country, topics in (
        (cast.alice, UK, (KYC, PROFESSIONAL)),
        (cast.bob, US, (KYC, ACCREDITED)),
        (cast.carol, UK, (KYC,)),
        (cast.dave, DE, (KYC,)),
    ):
        identity = identity_of(investor)
        suite.registry.register(investor.address, identity, country)
        for topic in topics:
            suite.storage.add_claim(identity, topic)


@pytest.fixture(scope="module")
@starts_from_kept_state(on="example_suite_deployed")
def example_suite_onboarded(web3, cast, kept_states, tmp_path_factory) -> None:
    """The example deployed (`example_suite_deployed`) and its investors onboarded (`onboard`), done once per
    test process on the kept deployment and kept too: each module using `suite` starts from it."""

    def onboard_deployed(deployed: tuple[Deployments, str, tuple[DeployStep, ...]]) -> None:
        folder, name, _ = deployed
        onboard(Suite.load(web3, cast.deployer, name, folder), cast)

    kept_states.enter(ONBOARDED, onboard_deployed, on=(DEPLOYED, _deploy_example(web3, tmp_path_factory)))


@pytest.fixture(scope="module")
def suite(example_suite_onboarded, deployed) -> Suite:
    """The example suite with its investors onboarded (`onboard`): alice (UK, professional), bob (US,
    accredited), carol (UK, KYC only) and dave (DE, KYC) registered with claims from the deployer (the trusted
    issuer); erin is unregistered."""
    return deployed


def nonce(web3, signer) -> int:
    return web3.eth.get_transaction_count(signer.address, "pending")
