"""Downstream projects get a deployed suite and an investor factory from `sectoken.testing`: a separate
pytest run in a fresh folder, as another project would run it."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

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
                dave = make_investor(country="US", claims=["kyc"], investor_type="entity")
                assert [sectoken_suite.registry.investor_type(w.address) for w in (alice, dave)] == [0, 1]
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
    tmp = tmp_path / "tmp"  # the run's temporary folder: its chain's scratch folder goes there
    tmp.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False, env={**os.environ, "TMPDIR": str(tmp)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout
    (scratch_root,) = tmp.glob("sectoken-anvil-*")
    assert list(scratch_root.iterdir()) == []  # the session's chain removed its scratch folder when it stopped


def test_the_default_configuration_ships_with_the_package():
    """A project that only installs sectoken has the example the fixture deploys by default: it lives in the
    package (and goes into the wheel as `sectoken/examples/uk-us-bond.yaml`)."""
    import sectoken
    from sectoken.config import load_config
    from sectoken.testing import DEFAULT_SUITE_CONFIG

    assert DEFAULT_SUITE_CONFIG.parent.parent == Path(sectoken.__file__).resolve().parent
    assert load_config(DEFAULT_SUITE_CONFIG).name == "uk-us-bond"


def test_the_ini_option_is_relative_to_the_ini_file(tmp_path):
    """`sectoken_suite_config = suites/bond.yaml` in the project's pytest.ini names the file next to the ini,
    wherever pytest runs from (here: the project's tests folder)."""
    from sectoken.testing import DEFAULT_SUITE_CONFIG

    (tmp_path / "suites").mkdir()
    text = DEFAULT_SUITE_CONFIG.read_text().replace("name: uk-us-bond", "name: my-bond", 1)
    (tmp_path / "suites" / "bond.yaml").write_text(text)
    (tmp_path / "pytest.ini").write_text("[pytest]\nsectoken_suite_config = suites/bond.yaml\n")
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "conftest.py").write_text('pytest_plugins = ["sectoken.testing"]\n')
    (tmp_path / "tests" / "test_name.py").write_text(  # the path the sectoken_suite fixture deploys from
        "from sectoken.config import load_config\n"
        "from sectoken.testing import suite_config_path\n\n"
        "def test_the_configured_suite(pytestconfig):\n"
        "    assert load_config(suite_config_path(pytestconfig)).name == 'my-bond'\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:pytest-brownie"],
        cwd=tmp_path / "tests", capture_output=True, text=True, timeout=600, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
