"""Regenerate the torch references: run every ``tools/crosscheck_*.py`` in turn.

``nox -s crosscheck`` runs this with the pinned torch installed. Names given
as arguments pick scripts (``python tools/crosscheck.py optim`` runs
``crosscheck_optim.py`` only); with none, all of them run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("crosscheck_*.py"))
    if names:
        known = {s.stem.removeprefix("crosscheck_"): s for s in scripts}
        unknown = [n for n in names if n not in known]
        if unknown:
            print(f"no crosscheck script for {unknown}; known: {sorted(known)}")
            return 2
        scripts = [known[n] for n in names]
    failed = []
    for script in scripts:
        print(f"-- {script.name}", flush=True)
        if subprocess.run([sys.executable, str(script)], check=False).returncode:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
