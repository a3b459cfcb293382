"""The import finder `make setup` installs for `brownie run` (sectoken.brownie_paths): a module name made of an
absolute path whose folders have dots in their names is found, only while the filesystem's root is on sys.path,
as brownie's `run` puts it there."""

import importlib
import os
import sys

import pytest

from sectoken.brownie_paths import DottedFolderFinder, activate, install
from tests.chainless import isolation  # noqa: F401


@pytest.fixture
def dotted_script(tmp_path):
    """scripts/deploy.py in tmp_path/tmp.AbC123/sectoken.v2.git, and the module name brownie makes of it."""
    scripts = tmp_path / "checkouts" / "tmp.AbC123" / "sectoken.v2.git" / "scripts"
    scripts.mkdir(parents=True)
    (scripts / "__init__.py").write_text("")
    (scripts / "deploy.py").write_text("def main():\n    return 'deployed'\n")
    path = scripts / "deploy.py"
    name = ".".join((*path.parts[1:-1], path.stem))
    yield name
    for module in [m for m in sys.modules if m.startswith((tmp_path.parts[1], "checkouts"))]:
        sys.modules.pop(module, None)


def test_brownies_module_name_for_a_dotted_folder_is_found_while_the_root_is_on_the_path(dotted_script):
    activate()
    assert sys.meta_path.count(DottedFolderFinder) == 1
    sys.path.insert(0, os.sep)
    try:
        assert importlib.import_module(dotted_script).main() == "deployed"
    finally:
        sys.path.remove(os.sep)


def test_without_the_root_on_the_path_the_finder_finds_nothing(dotted_script, tmp_path):
    activate()
    relative = dotted_script.split(".checkouts.", 1)[1]
    sys.path.insert(0, str(tmp_path))
    try:
        with pytest.raises(ModuleNotFoundError, match="No module named 'checkouts.tmp'"):
            importlib.import_module(f"checkouts.{relative}")
        sys.path.insert(0, os.sep)  # as brownie's run does: now the dotted folders are read as folders
        try:
            assert importlib.import_module(f"checkouts.{relative}").main() == "deployed"
        finally:
            sys.path.remove(os.sep)
    finally:
        sys.path.remove(str(tmp_path))


def test_install_writes_the_pth_line_once(tmp_path):
    pth = install(tmp_path)
    assert pth.read_text() == "import sectoken.brownie_paths as m; m.activate()\n"
    assert install(tmp_path) == pth and len(list(tmp_path.iterdir())) == 1
