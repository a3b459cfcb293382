"""The demo runs end to end on its own embedded chain: refusals with their codes, a UK-to-US DvP trade
settled against the stablecoin, a coupon paid, the cap table by jurisdiction and its chart."""

import json

from click.testing import CliRunner

from sectoken.cli import cli
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)


def test_demo_runs_the_uk_us_scenario(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--output", str(tmp_path), "--json"])
    out = result.output
    assert result.exit_code == 0, out
    summary = json.loads(result.stdout)  # --json: a summary on standard output, the story on standard error
    assert (summary["chainId"], summary["suite"]) == (31337, "uk-us-bond") and summary["contracts"]["token"]
    assert summary["record"] == str(tmp_path / "deployments" / "31337" / "uk-us-bond.json")
    assert "mint 10 to François refused, code 16" in out
    for code in ("16", "21", "22", "6"):
        assert f"│ {code} " in out
    assert "trade 1 settled in one transaction" in out and "Alice got 198,500 stUSD" in out
    assert "3 claims pushed in one batch" in out
    assert "GB United Kingdom" in out and "US United States" in out
    assert (tmp_path / "captable.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "deployments" / "31337" / "uk-us-bond.json").is_file()
    assert "demo complete: chain stopped" in out


def test_demo_refuses_the_options_it_would_ignore(tmp_path):
    result = CliRunner().invoke(cli, ["demo", "--output", str(tmp_path), "--network", "sepolia"])
    assert result.exit_code == 2 and "runs on an embedded Anvil of its own" in result.stderr
    assert "--network would be ignored" in result.stderr and not any(tmp_path.iterdir())
