"""Benchmark licensegate check against check-jsonschema, side by side, in one run.

    pip install check-jsonschema          # the anchor; not a dependency of licensegate
    python bench/run.py [--quick]

For 1,000, 10,000 and 50,000 generated licenses (bench/generate.py) it times
`licensegate check --format json` (schema, every rule, a line and column for every
finding) and `check-jsonschema --schemafile schema/licenses.schema.json` (schema
only, no positions), with peak memory; then the pre-commit hook's case, both on
the shipped licenses.yaml, with `python -c "import yaml, jsonschema"` as the floor.
Medians of several runs. It prints each ratio next to its target (issue 7) and
exits 1 if one is missed. Run by hand: timings do not belong in tests.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))
from generate import generate

from tests.test_hostile import HOSTILE  # the corpus the robustness test checks for findings

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "licenses.schema.json"
SIZES = {1_000: 5, 10_000: 3, 50_000: 1}  # licenses -> runs


def measure(command: list[str], runs: int) -> tuple[float, int]:
    """Median wall seconds and the largest peak RSS (MiB) over RUNS runs of COMMAND."""
    times, peaks = [], []
    for _ in range(runs):
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - started)
        peaks.append(usage.ru_maxrss // 1024)
        process.returncode = os.waitstatus_to_exitcode(status)
    return statistics.median(times), max(peaks)


def main() -> int:
    anchor = os.environ.get("CHECK_JSONSCHEMA") or shutil.which("check-jsonschema")
    licensegate = shutil.which("licensegate", path=str(Path(sys.executable).parent)) or shutil.which("licensegate")
    if not anchor or not licensegate:
        print("needs check-jsonschema (pip install check-jsonschema, or CHECK_JSONSCHEMA=path) and licensegate")
        return 2
    quick = "--quick" in sys.argv[1:]
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    ok = True

    def verdict(name: str, ratio: float, target: float) -> None:
        nonlocal ok
        passed = ratio <= target
        ok = ok and passed
        print(f"  {name:<44} {ratio:6.2f}  (target <= {target})  {'ok' if passed else 'MISSED'}")

    timings: dict[int, tuple[float, int, float, int]] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size, runs in SIZES.items():
            if quick and size == 50_000:
                continue
            path = Path(folder) / f"licenses-{size}.yaml"
            path.write_text(generate(size))
            ours = measure([licensegate, "check", "--format", "json", "--today", "2026-11-26", str(path)], runs)
            theirs = measure([anchor, "--schemafile", str(SCHEMA), str(path)], runs)
            timings[size] = (*ours, *theirs)
            print(
                f"{size:>6} licenses ({path.stat().st_size / 1e6:.1f} MB): licensegate {ours[0]:.2f} s {ours[1]} MiB,"
                f" check-jsonschema {theirs[0]:.2f} s {theirs[1]} MiB"
            )
    floor = measure([sys.executable, "-c", "import yaml, jsonschema"], 10)
    hook = measure([licensegate, "check", "licenses.yaml"], 10)
    hook_anchor = measure([anchor, "--schemafile", str(SCHEMA), "licenses.yaml"], 10)
    print(
        f"hook case (shipped licenses.yaml): licensegate {hook[0] * 1000:.0f} ms,"
        f" check-jsonschema {hook_anchor[0] * 1000:.0f} ms, floor (import yaml, jsonschema) {floor[0] * 1000:.0f} ms"
    )
    with tempfile.TemporaryDirectory() as folder:
        print("hostile files (each answered with its finding; target: under a second, start-up included):")
        for name, (make, _) in HOSTILE.items():
            path = Path(folder) / f"{name}.yaml"
            path.write_bytes(make())
            # (Peak memory is left out: after a fork, ru_maxrss starts at this process's size.)
            seconds, _ = measure([licensegate, "check", "--format", "json", str(path)], 3)
            passed = seconds < 1.0
            ok = ok and passed
            print(f"  {name:<22} {seconds * 1000:5.0f} ms  {'ok' if passed else 'MISSED'}")
    print("ratios:")
    verdict("10,000 licenses: licensegate / check-jsonschema", timings[10_000][0] / timings[10_000][2], 0.15)
    if 50_000 in timings:
        verdict("50,000 / 10,000 licenses (licensegate time)", timings[50_000][0] / timings[10_000][0], 5.5)
        verdict("50,000 licenses: peak memory / check-jsonschema's", timings[50_000][1] / timings[50_000][3], 0.75)
    verdict("hook: licensegate / check-jsonschema", hook[0] / hook_anchor[0], 0.5)
    verdict("hook: licensegate / import floor", hook[0] / floor[0], 2.0)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
