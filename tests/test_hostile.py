"""Hostile files: each gets its finding, from the console script, without a traceback or a memory blow-up.

How fast each one is answered is measured by bench/run.py (under a second of work each,
start-up included), never asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


def billion_laughs() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 9):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


HOSTILE: dict[str, tuple[Callable[[], bytes], list[tuple[str, int, int]]]] = {
    "alias-bomb": (billion_laughs, [("yaml-limits", 7, 8)]),
    "nesting-20000": (lambda: b"[" * 20_000 + b"]" * 20_000, [("yaml-limits", 1, 1001)]),
    "block-nesting-2000": (  # 2 MB of indentation; the 20,000-deep case is the flow one above
        lambda: "".join(" " * i + "a:\n" for i in range(2_000)).encode(),
        [("yaml-limits", 65, 65)],
    ),
    "scalar-50MB": (
        lambda: b"version: 1\nnotes: " + b"x" * 50_000_000 + b"\n",
        [("schema", 1, 1), ("schema", 1, 1), ("schema", 2, 1)],
    ),
    "binary": (lambda: bytes(range(256)) * 4096, [("yaml-encoding", 1, 1)]),
    "utf-16": (lambda: "version: 1\npolicy: {}\n".encode("utf-16"), [("yaml-encoding", 1, 1)]),
    "latin-1": (lambda: "version: 1\nnotes: Jos\xe9\n".encode("latin-1"), [("yaml-encoding", 2, 11)]),
    "python-tag": (
        lambda: b"version: !!python/object/apply:os.system ['echo pwned']\n",
        [("schema", 1, 1), ("schema", 1, 1), ("schema", 1, 10), ("yaml-tag", 1, 10)],
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file(tmp_path: Path, name: str) -> None:
    make, expected = HOSTILE[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(make())
    peak_file = tmp_path / "peak"
    # The console script's own entry point, with its peak memory (VmHWM: this process image's
    # high-water mark, unlike ru_maxrss, which inherits the forking test runner's) written at exit.
    wrapper = (
        "import atexit, sys\n"
        "def peak():\n"
        "    status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        f"    open({str(peak_file)!r}, 'w').write(status.split()[0])\n"
        "atexit.register(peak)\n"
        "from checker.entry import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", wrapper, "check", "--format", "json", str(path)], capture_output=True, timeout=120
    )
    assert (result.returncode, result.stderr) == (1, b"")
    findings = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["line"], f["column"]) for f in findings] == expected
    assert int(peak_file.read_text()) < 600 * 1024  # KiB: linear in the file, never a blow-up
