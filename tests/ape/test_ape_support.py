"""sectoken.ape_support without Ape: only Ape's accounts are taken for Ape accounts."""

import pytest

from sectoken.ape_support import ape_signer, is_ape_account
from sectoken.errors import SignerError
from sectoken.signers import as_signer, dev_account
from tests.chainless import isolation  # noqa: F401


def test_other_objects_are_not_ape_accounts():
    signer = dev_account(0)
    assert not is_ape_account(signer) and as_signer(signer) is signer
    with pytest.raises(SignerError, match="is not an Ape account"):
        ape_signer(signer)
