"""Fixtures for hostile-condition tests: the identity suite with a real ModularCompliance whose one
module is hostile (it calls back into the token or the compliance from inside `onTransfer`)."""

from dataclasses import dataclass
from typing import Any

import pytest
from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from tests.conftest import KYC, NO_EXPIRY, UK, Suite, deploy_compliance, deploy_token

MODULE_ID = to_checksum_address("0x0000000000000000000000000000000000000bad")


def error_data(signature: str, types: tuple[str, ...] = (), args: tuple[Any, ...] = ()) -> bytes:
    """The revert data of the custom error `signature` with `args` (what a low-level call returns)."""
    return keccak(text=signature)[:4] + encode(list(types), list(args))


def restricted(code: int) -> bytes:
    """Revert data of `TransferRestricted(code)`."""
    return error_data("TransferRestricted(uint8)", ("uint8",), (code,))


@dataclass
class HostileStack:
    s: Suite
    module: Any

    def __getattr__(self, name: str) -> Any:
        return getattr(self.s, name)


@pytest.fixture(scope="module")
def hostile(identity_suite, ModularCompliance, SecurityToken, TestHostileModule) -> HostileStack:
    """The identity suite plus a SecurityToken whose ModularCompliance runs a TestHostileModule. The
    module's own address is a registered, verified wallet holding 100 tokens; alice holds 1000."""
    s = identity_suite
    s.compliance = deploy_compliance(s.owner)
    module = TestHostileModule.deploy(s.compliance, {"from": s.owner})
    s.compliance.addModule(module, {"from": s.owner})
    s.token = deploy_token(s.owner, s.registry, s.compliance, "Bond", "BND")
    s.compliance.bindToken(s.token, {"from": s.owner})
    s.registry.bindToken(s.token, {"from": s.owner})
    s.token.addAgent(s.agent, {"from": s.owner})
    s.registry.registerIdentity(module, MODULE_ID, UK, {"from": s.agent})
    s.storage.addClaim(MODULE_ID, KYC, NO_EXPIRY, {"from": s.issuer})
    s.token.mint(s.alice, 1000, {"from": s.agent})
    s.token.mint(module, 100, {"from": s.agent})
    return HostileStack(s, module)
