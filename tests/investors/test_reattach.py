"""Every command reattaches to a suite through one check: a deployment recorded incomplete is refused
(with how to finish it) before anything is sent, by `investor import` as by the token commands."""

from __future__ import annotations

import dataclasses

import pytest
from click.testing import CliRunner

from sectoken.cli import cli
from sectoken.deployments import Deployments, DeploymentStatus
from sectoken.errors import DeploymentNotFoundError
from sectoken.investors import OnboardingContracts

from .helpers import generated_rows, nonce, write_csv


@pytest.fixture
def incomplete(suite, tmp_path):
    """The suite's record, saved again as 'half' with its deployment marked incomplete."""
    config = {"source": "examples/uk-us-bond.yaml", "deployment": {"complete": False, "steps": ["x"],
                                                                  "error": "ChainError: the node died"}}
    record = dataclasses.replace(suite.record, name="half", config=config)
    store = Deployments(tmp_path / "deployments")
    store.save(record)
    return store, record


def test_the_record_says_where_the_deployment_stands(incomplete):
    _, record = incomplete
    assert record.status == DeploymentStatus(complete=False, steps=("x",), error="ChainError: the node died")
    assert dataclasses.replace(record, config={}).status.complete


def test_an_incomplete_deployment_is_not_imported_into(web3, owner, url, incomplete, tmp_path):
    store, record = incomplete
    with pytest.raises(DeploymentNotFoundError, match="not deployed completely"):
        OnboardingContracts.from_suite(web3, record)
    csv = write_csv(tmp_path / "investors.csv", generated_rows(2, salt="half"))
    before = nonce(web3, owner.address)
    result = CliRunner().invoke(
        cli,
        ["investor", "import", str(csv), "--rpc-url", url, "--suite", "half", "--deployments", str(store.directory)],
        env={"HOME": str(tmp_path)},
    )
    assert result.exit_code == 1, result.output
    assert "was not deployed completely (ChainError: the node died)" in result.stderr
    assert "sectoken deploy examples/uk-us-bond.yaml --resume" in result.stderr
    assert nonce(web3, owner.address) == before
