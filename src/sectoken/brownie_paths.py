"""`brownie run` from a folder whose path has a dot in a folder name (``/tmp/tmp.AbC123/``, ``~/sectoken.git/``).

eth-brownie 1.22.2 imports a script under a module name made of every folder of its absolute path
(``/tmp/tmp.AbC123/scripts/deploy.py`` becomes ``tmp.tmp.AbC123.scripts.deploy``), with the filesystem's root put
first on ``sys.path`` for the run; a dot inside a folder name then reads as one more package level, and the import
fails (``No module named 'tmp.tmp'``). brownie's loader is compiled (mypyc), so it cannot be patched from Python.

:class:`DottedFolderFinder` is an import finder consulted after Python's own (it changes nothing they find): for
a module they cannot find, it tries the name's last part as the rest of a dotted folder name (``tmp`` then
``AbC123`` is ``tmp.AbC123``). It acts only while the filesystem's root is on ``sys.path``, which brownie's
``run`` puts there and takes away again. ``make setup`` installs it into the virtualenv with a one-line ``.pth``
file (:func:`install`), which Python reads at start-up; the module imports only
the standard library.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path
from types import ModuleType

__all__ = ["PTH_NAME", "DottedFolderFinder", "activate", "install"]

#: The file ``make setup`` writes into the virtualenv's site-packages.
PTH_NAME = "sectoken_brownie_paths.pth"


def _package(fullname: str, location: str) -> ModuleSpec:
    init = os.path.join(location, "__init__.py")
    if os.path.isfile(init):
        spec = spec_from_file_location(fullname, init, submodule_search_locations=[location])
        if spec is not None:
            return spec
    spec = ModuleSpec(fullname, None, is_package=True)  # a namespace package, as a folder without __init__.py
    spec.submodule_search_locations = [location]
    return spec


class DottedFolderFinder:
    """Finds ``a.b`` in the folder ``a.b`` (or under ``a.b.c``), where Python looks for a folder ``a`` holding
    ``b``; only while the filesystem's root is on ``sys.path`` (during brownie's ``run``)."""

    @classmethod
    def find_spec(
        cls, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        """A spec for ``fullname`` in a dotted folder of the parent package's ``path``, else ``None``."""
        del target
        if path is None or os.sep not in sys.path:
            return None
        last = fullname.rpartition(".")[2]
        for entry in path:
            joined = f"{entry}.{last}"  # the parent's folder name goes on past a dot
            if os.path.isdir(joined):
                return _package(fullname, joined)
            if os.path.isfile(f"{joined}.py"):
                return spec_from_file_location(fullname, f"{joined}.py")
            for start in (joined, os.path.join(entry, last)):
                folder, name = os.path.split(start)
                if not os.path.exists(start) and _has_dotted_entry(folder, name):
                    # Only the start of a dotted folder name so far: a package whose path is that start.
                    return _package(fullname, start)
        return None


def _has_dotted_entry(folder: str, start: str) -> bool:
    try:
        return any(name.startswith(f"{start}.") for name in os.listdir(folder))
    except OSError:
        return False


def install(site_packages: str | os.PathLike[str] | None = None) -> Path:
    """Write the ``.pth`` file that puts :class:`DottedFolderFinder` on ``sys.meta_path`` at every start.

    Args:
        site_packages: Where (the running interpreter's site-packages by default).

    Returns:
        The file written (unchanged if it was up to date).
    """
    folder = Path(site_packages if site_packages is not None else sysconfig.get_paths()["purelib"])
    pth = folder / PTH_NAME
    line = "import sectoken.brownie_paths as m; m.activate()\n"
    if not pth.exists() or pth.read_text(encoding="utf-8") != line:
        pth.write_text(line, encoding="utf-8")
    return pth


def activate() -> None:
    """Append :class:`DottedFolderFinder` to ``sys.meta_path`` (once)."""
    if DottedFolderFinder not in sys.meta_path:
        sys.meta_path.append(DottedFolderFinder)
