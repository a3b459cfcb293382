"""Downstream projects get a deployed suite and an investor factory from `sectoken.testing`: a separate
pytest run in a fresh folder, as another project would run it."""

import subprocess
import sys
import textwrap

from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)


def test_downstream_project_uses_the_fixtures(tmp_path):
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["sectoken.testing"]\n')
    (tmp_path / "test_offering.py").write_text(
        textwrap.dedent(
            """
            import pytest
            from sectoken.reasons import TransferRestrictedError


            def test_rules_of_the_offering(sectoken_suite, make_investor, sectoken_snapshot):
                alice = make_investor(country="UK", claims=["kyc", "professional"], amount=100)
                carol = make_investor(country=840, claims=["kyc", "accredited"])
                dave = make_investor(country="US", claims=["kyc"])
                token = sectoken_suite.token
                assert token.balance_of(alice.address) == 100
                assert token.check_transfer(alice.address, carol.address, 10).code == 0
                assert token.check_transfer(alice.address, dave.address, 10).code == 22
                with pytest.raises(TransferRestrictedError) as refused:
                    token.with_signer(alice).transfer(dave.address, 10)
                assert refused.value.code == 22
                token.with_signer(alice).transfer(carol.address, 10)
                assert token.balance_of(carol.address) == 10


            def test_snapshot_rolled_the_previous_test_back(sectoken_suite):
                assert sectoken_suite.token.total_supply() == 0
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
