"""``python -m sectoken.artifacts build``: regenerate the shipped artifacts from brownie's build folder.

``python -m sectoken.artifacts check`` exits 1 (listing the differences) if the shipped artifacts do not
equal the build folder's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sectoken.artifacts import ARTIFACTS_DIR, collect, load_all, write
from sectoken.artifacts.immutables import REGENERATE
from sectoken.errors import SectokenError

__all__ = ["REGENERATE", "differences", "main"]


def differences(build_dir: Path, shipped_dir: Path = ARTIFACTS_DIR) -> list[str]:
    """Return one line per artifact that differs between a build folder and the shipped artifacts."""
    fresh = collect(build_dir, shipped_dir)
    shipped = load_all(shipped_dir)
    lines = [f"{name}: missing from the shipped artifacts" for name in sorted(fresh.keys() - shipped.keys())]
    lines += [f"{name}: shipped but no longer compiled" for name in sorted(shipped.keys() - fresh.keys())]
    for name in sorted(fresh.keys() & shipped.keys()):
        changed = [
            field
            for field in (
                "abi", "bytecode", "deployed_bytecode", "kind", "source_path", "compiler", "immutable_references"
            )
            if getattr(fresh[name], field) != getattr(shipped[name], field)
        ]
        if changed:
            lines.append(f"{name}: {', '.join(changed)} differ")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m sectoken.artifacts", description=__doc__)
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument("--build-dir", type=Path, default=Path("build"), help="brownie's build folder")
    parser.add_argument("--out", type=Path, default=ARTIFACTS_DIR, help="where the artifacts go")
    options = parser.parse_args(argv)
    try:
        if options.command == "build":
            written = write(collect(options.build_dir).values(), options.out)
            print(f"Wrote {len(written)} artifacts to {options.out}")
            return 0
        diffs = differences(options.build_dir, options.out)
    except SectokenError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if diffs:
        print("Shipped artifacts are stale:\n  " + "\n  ".join(diffs) + f"\nRegenerate with: {REGENERATE}")
        return 1
    print("Shipped artifacts match the build.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
