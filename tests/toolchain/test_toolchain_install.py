"""The compiler launcher belongs to no checkout (deleting the one that installed it breaks no other), and
`python -m sectoken.toolchain install` says what it adds to ~/.solcx and ~/.brownie, which `uninstall` removes
exactly. Everything here runs in a home of its own: the machine's shared ~/.solcx and ~/.brownie are not
touched."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sectoken.toolchain import COVERAGE_NETWORK, SHIM_COPY, SOLC_VERSION, install_solc_shim, uninstall
from tests.chainless import isolation  # noqa: F401  (no chain snapshot around these tests)

ROOT = Path(__file__).resolve().parents[2]


def fake_checkout(where: Path) -> Path:
    """A checkout as far as the launcher is concerned: package.json and node_modules (the real ones, linked)."""
    where.mkdir(parents=True)
    shutil.copy2(ROOT / "package.json", where / "package.json")
    (where / "node_modules").symlink_to(ROOT / "node_modules")
    return where


def version(launcher: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(launcher), "--version"], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **env}, check=False)


def test_the_launcher_outlives_the_checkout_that_installed_it(tmp_path):
    installer = fake_checkout(tmp_path / "checkout-a")
    folder = tmp_path / "solcx"
    launcher = install_solc_shim(installer, folder).path
    assert launcher == folder / f"solc-v{SOLC_VERSION}"
    assert (folder / SHIM_COPY).read_text() == (ROOT / "src/sectoken/toolchain/solc_shim.js").read_text()
    shutil.rmtree(installer)

    # From another checkout (this one), and from a folder inside a project without sectoken's sources.
    out = version(launcher, ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1].startswith(f"Version: {SOLC_VERSION}+commit.")
    downstream = fake_checkout(tmp_path / "downstream")
    (downstream / "contracts").mkdir()
    assert version(launcher, downstream / "contracts").returncode == 0

    # Outside any project: SECTOKEN_PROJECT names one; without it the message says what to do.
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert version(launcher, outside, SECTOKEN_PROJECT=str(ROOT)).returncode == 0
    lost = version(launcher, outside)
    assert lost.returncode == 1
    assert f"no node_modules/solc {SOLC_VERSION} at or above {outside.resolve()}" in lost.stderr
    assert "set SECTOKEN_PROJECT" in lost.stderr


def test_a_native_compiler_is_neither_replaced_nor_uninstalled(tmp_path):
    folder = tmp_path / "solcx"
    folder.mkdir()
    native = folder / f"solc-v{SOLC_VERSION}"
    native.write_bytes(b"\x7fELF not ours")
    assert install_solc_shim(ROOT, folder).action == "kept-native"
    done = uninstall(folder, tmp_path / "network-config.yaml")
    assert done[str(native)] == "kept (a native compiler, not sectoken's)"
    assert native.read_bytes() == b"\x7fELF not ours"


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


def toolchain(home: Path, command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home)}
    env.pop("SOLCX_BINARY_PATH", None)
    return subprocess.run([sys.executable, "-m", "sectoken.toolchain", command], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env=env, check=False)


def test_install_says_what_it_adds_and_uninstall_removes_exactly_that(home):
    subprocess.run([sys.executable, "-c", "import brownie"], env={**os.environ, "HOME": str(home)}, check=True,
                   capture_output=True, timeout=300)  # brownie writes its own ~/.brownie on first import
    config_file = home / ".brownie" / "network-config.yaml"
    before = yaml.safe_load(config_file.read_text())

    out = toolchain(home, "install")
    assert out.returncode == 0, out.stderr
    launcher = home / ".solcx" / f"solc-v{SOLC_VERSION}"
    assert f"solc: {launcher} (installed; shared by every project on this machine" in out.stdout
    assert f"brownie network {COVERAGE_NETWORK}: added in {config_file} (`python -m sectoken.toolchain uninstall` " \
           "removes it)" in out.stdout
    assert COVERAGE_NETWORK in {entry["id"] for entry in yaml.safe_load(config_file.read_text())["development"]}
    assert launcher.is_file() and (home / ".solcx" / SHIM_COPY).is_file()

    out = toolchain(home, "uninstall")
    assert out.returncode == 0, out.stderr
    assert f"{launcher}: removed" in out.stdout
    assert f"{config_file} ({COVERAGE_NETWORK}): removed" in out.stdout
    assert yaml.safe_load(config_file.read_text()) == before
    assert sorted(p.name for p in (home / ".solcx").iterdir()) == []

    again = toolchain(home, "uninstall")
    assert again.returncode == 0 and f"{launcher}: absent" in again.stdout
