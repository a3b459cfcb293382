"""`sectoken investor import` checks every row's issuance against the suite's rules before sending anything,
on the chain as the import will leave it (its registrations and claims made, the rows above issued), and
reports every refusal with its line: nothing is sent when one row would be refused."""

import json

import pytest

from sectoken.signers import dev_account

from .conftest import DEPLOYER, pending_nonce

WALLETS = [dev_account(i).address for i in range(10, 16)]


@pytest.fixture(autouse=True)
def ready(deployed):
    """Every test starts from the freshly deployed example suite (max balance 250,000, supply limit 1,000,000)."""


def write(tmp_path, *rows):
    path = tmp_path / "investors.csv"
    path.write_text("wallet,country,claims,expires,identity,amount\n" + "\n".join(rows) + "\n")
    return path


def test_every_refused_issuance_is_reported_by_line_and_nothing_is_sent(web3, sectoken, tmp_path):
    a, b, c, d, e, f = WALLETS
    csv = write(
        tmp_path,
        f"{a},UK,kyc;professional,,,100",          # line 2: fine
        f"{b},FR,kyc;non-us-person,,,10",          # line 3: France is not an allowed country (16)
        f"{c},UK,kyc;professional,,,250001",       # line 4: above the maximum balance (18)
        f"{d},US,kyc,,,5",                         # line 5: a US investor without accreditation (22)
        f"{e},US,kyc;accredited,,{e},249000",      # line 6: fine on its own...
        f"{f},US,kyc;accredited,,{e},2000",        # line 7: ...but the same identity then holds 251,000 (18)
    )
    before = pending_nonce(web3, DEPLOYER)
    result = sectoken("investor", "import", csv, "--journal-dir", tmp_path / "journals")
    error = result.stderr
    assert result.exit_code == 1 and "onboarding: 4 problems, nothing was sent" in error, error
    lines = {line.split(":")[0].strip(): line for line in error.splitlines() if line.startswith("  line ")}
    assert set(lines) == {"line 3 (amount)", "line 4 (amount)", "line 5 (amount)", "line 7 (amount)"}
    assert f"issuing 10 to {b} would be refused: Transfer restricted, code 16" in lines["line 3 (amount)"]
    assert "code 18" in lines["line 4 (amount)"] and "code 22" in lines["line 5 (amount)"]
    assert "code 18" in lines["line 7 (amount)"] and "rows above included" in lines["line 7 (amount)"]
    assert pending_nonce(web3, DEPLOYER) == before  # no registration, no claim, no issuance

    problems = json.loads(sectoken("investor", "import", csv, "--journal-dir", tmp_path / "journals",
                                   "--json").stdout)["error"]["problems"]
    assert [p.split(":")[0] for p in problems] == ["line 3 (amount)", "line 4 (amount)", "line 5 (amount)",
                                                   "line 7 (amount)"]
    fixed = write(tmp_path, f"{a},UK,kyc;professional,,,100", f"{e},US,kyc;accredited,,{e},249000")
    summary = sectoken.json("investor", "import", fixed, "--journal-dir", tmp_path / "journals")
    assert (summary["registered"], summary["mintedAmount"]) == (2, "249100")


def test_investor_add_is_checked_the_same_way(web3, sectoken, tmp_path):
    before = pending_nonce(web3, DEPLOYER)
    error = one_red_line_or_lines(sectoken("investor", "add", WALLETS[0], "--country", "FR", "--claims", "kyc",
                                           "--amount", "5", "--journal-dir", tmp_path))
    assert "would be refused: Transfer restricted, code 16" in error
    assert pending_nonce(web3, DEPLOYER) == before


def one_red_line_or_lines(result) -> str:
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    return result.stderr
