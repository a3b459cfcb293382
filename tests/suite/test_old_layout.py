"""A deployment record written by the sectoken before the compliance engine (a token that was not
upgradeable, rules in separate module contracts) gets a clear message, not a traceback."""

from __future__ import annotations

import pytest

from sectoken.deployments import ContractRecord, SuiteRecord
from sectoken.errors import DeploymentNotFoundError
from sectoken.suite import Suite

ADDRESS = "0x" + "11" * 20
TX = "0x" + "22" * 32


def test_a_record_of_the_earlier_layout_is_refused_in_words(web3):
    roles = ("identityRegistryStorage", "identityRegistry", "compliance", "token", "module:CountryAllowModule")
    contracts = {
        role: ContractRecord(role.removeprefix("module:").capitalize(), ADDRESS, TX, 1, "") for role in roles
    }
    record = SuiteRecord("old-bond", web3.eth.chain_id, contracts, config={"deployment": {"complete": True}})
    with pytest.raises(DeploymentNotFoundError, match="deployed by an earlier sectoken.*Deploy the suite again"):
        Suite.from_record(web3, None, record)
