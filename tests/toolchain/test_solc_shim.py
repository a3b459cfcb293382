"""The offline compiler: the launcher py-solc-x finds answers like a native solc, and its output is the npm
solc package's own, byte for byte."""

import json
import subprocess
from pathlib import Path

import pytest
import solcx
from packaging.version import Version

from sectoken.toolchain import SHIM_MARKER, SOLC_VERSION, install_solc_shim, solcx_folder
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)

pytestmark = pytest.mark.long  # scheduled first (see tests/conftest.py)

ROOT = Path(__file__).resolve().parents[2]
SHIM = solcx_folder() / f"solc-v{SOLC_VERSION}"

SOURCE = """// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
contract Coin is ERC20 { constructor() ERC20("Coin", "C") { _mint(msg.sender, 100); } }
"""
REMAP = {"@openzeppelin/contracts": str(ROOT / "node_modules/@openzeppelin/contracts")}


@pytest.fixture(autouse=True)
def active_compiler():
    """py-solc-x compiles with the version set active (brownie does the same before compiling)."""
    solcx.set_solc_version(SOLC_VERSION, silent=True)


def standard_input():
    return {
        "language": "Solidity",
        "sources": {"Coin.sol": {"content": SOURCE}},
        "settings": {
            "evmVersion": "shanghai",
            "optimizer": {"enabled": True, "runs": 200},
            "remappings": [f"{k}={v}" for k, v in REMAP.items()],
            "outputSelection": {"*": {"*": ["abi", "evm.bytecode.object"]}},
        },
    }


def npm_solc_compile(input_json):
    """Compile with the npm package directly (its JS API, as a JavaScript user would)."""
    script = (
        "const solc=require(process.argv[1]);const fs=require('fs');"
        "const input=fs.readFileSync(0,'utf8');"
        "process.stdout.write(solc.compile(input,{import:(p)=>{try{return {contents:fs.readFileSync(p,'utf8')}}"
        "catch(e){return {error:'File not found'}}}}));"
    )
    out = subprocess.run(
        ["node", "-e", script, str(ROOT / "node_modules/solc")],
        input=json.dumps(input_json), capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


def test_version_is_native_format_and_parsed_by_py_solc_x():
    out = subprocess.run([str(SHIM), "--version"], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1].startswith(f"Version: {SOLC_VERSION}+commit.")
    assert solcx.get_solc_version() == Version(SOLC_VERSION)
    assert solcx.install.get_executable(SOLC_VERSION) == SHIM
    assert Version(SOLC_VERSION) in solcx.get_installed_solc_versions()


def test_standard_json_prints_only_json_and_matches_npm_package():
    out = subprocess.run(
        [str(SHIM), "--standard-json", "--allow-paths", str(ROOT / "node_modules")],
        input=json.dumps(standard_input()), capture_output=True, text=True, check=True,
    ).stdout
    through_shim = json.loads(out)  # nothing but JSON on stdout
    direct = npm_solc_compile(standard_input())
    assert through_shim["contracts"] == direct["contracts"]
    assert through_shim["contracts"]["Coin.sol"]["Coin"]["evm"]["bytecode"]["object"]


def test_compile_standard_through_py_solc_x():
    out = solcx.compile_standard(standard_input(), allow_paths=str(ROOT / "node_modules"))
    abi = out["contracts"]["Coin.sol"]["Coin"]["abi"]
    assert {item.get("name") for item in abi} >= {"transfer", "balanceOf", "totalSupply"}


def test_compile_source_uses_combined_json_from_stdin():
    out = solcx.compile_source(
        SOURCE, output_values=["abi", "bin", "bin-runtime", "hashes"], import_remappings=REMAP,
        allow_paths=str(ROOT / "node_modules"), evm_version="shanghai", optimize=True,
    )
    coin = out["<stdin>:Coin"]
    assert coin["hashes"]["transfer(address,uint256)"] == "a9059cbb"
    assert coin["bin"] and coin["bin-runtime"]
    assert "5f" in coin["bin-runtime"]  # PUSH0 exists from shanghai on: the evm version reached the compiler


def test_compile_files_honours_base_and_include_paths(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "Lib.sol").write_text(
        "// SPDX-License-Identifier: MIT\npragma solidity 0.8.30;\nlibrary Lib { function one() internal pure returns (uint256) { return 1; } }\n"
    )
    (tmp_path / "src" / "Use.sol").write_text(
        '// SPDX-License-Identifier: MIT\npragma solidity 0.8.30;\nimport "Lib.sol";\n'
        "contract Use { function f() external pure returns (uint256) { return Lib.one(); } }\n"
    )
    out = solcx.compile_files(
        [tmp_path / "src" / "Use.sol"], output_values=["abi", "bin"], base_path=str(tmp_path / "src"),
        include_path=str(tmp_path / "lib"),
    )
    assert any(key.endswith(":Use") for key in out)


def test_import_outside_allowed_paths_is_refused(tmp_path):
    secret = tmp_path / "outside" / "Secret.sol"
    secret.parent.mkdir()
    secret.write_text("// SPDX-License-Identifier: MIT\npragma solidity 0.8.30;\ncontract Secret {}\n")
    inside = tmp_path / "project"
    inside.mkdir()
    (inside / "A.sol").write_text(f'// SPDX-License-Identifier: MIT\npragma solidity 0.8.30;\nimport "{secret}";\ncontract A {{}}\n')
    with pytest.raises(solcx.exceptions.SolcError, match="outside of allowed directories"):
        solcx.compile_files([inside / "A.sol"], output_values=["abi"], base_path=str(inside))


def test_unknown_option_is_reported_like_native_solc():
    with pytest.raises(solcx.exceptions.UnknownOption):
        solcx.wrapper.solc_wrapper(solc_binary=SHIM, stdin=SOURCE, combined_json="abi", no_such_flag=True)


def test_installer_never_replaces_a_native_binary(tmp_path):
    native = tmp_path / f"solc-v{SOLC_VERSION}"
    native.write_bytes(b"\x7fELF native compiler")
    result = install_solc_shim(ROOT, tmp_path)
    assert result.action == "kept-native"
    assert native.read_bytes() == b"\x7fELF native compiler"


def test_installer_writes_then_keeps_its_own_launcher(tmp_path):
    first = install_solc_shim(ROOT, tmp_path)
    second = install_solc_shim(ROOT, tmp_path)
    assert (first.action, second.action) == ("installed", "unchanged")
    assert SHIM_MARKER in first.path.read_text()
    out = subprocess.run([str(first.path), "--version"], capture_output=True, text=True, check=True).stdout
    assert SOLC_VERSION in out
