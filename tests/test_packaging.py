"""The wheel, installed non-editable into a fresh virtual environment, works from another directory."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

from tests.conftest import ROOT, VALID


def test_wheel_installs_and_finds_its_schema(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # Built with this environment's setuptools (the test extra asks for it): an isolated build
    # environment would install setuptools again, for seconds.
    build = ["wheel", "--no-deps", "--no-build-isolation", "--quiet", "--wheel-dir", str(dist), str(ROOT)]
    subprocess.run(
        [sys.executable, "-m", "pip", *build],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("licensegate-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packaged = archive.read("checker/licenses.schema.json").decode()
    assert packaged == (ROOT / "schema" / "licenses.schema.json").read_text()

    # A fresh environment without pip of its own (ensurepip costs seconds): this pip installs into it.
    # No bytecode compilation either: the test runs each module once, which compiles it anyway.
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    install = ["--python", str(python), "install", "--quiet", "--no-compile", "--no-deps", str(wheel)]
    subprocess.run(
        [sys.executable, "-m", "pip", *install],
        check=True,
        capture_output=True,
    )
    # Its dependencies come from this environment's site-packages, appended after its own (a plain
    # path in a .pth file: the editable install's finder here is not activated there).
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    where = subprocess.run(
        [str(python), "-c", "import checker; print(checker.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(site), where.stdout  # the wheel's checker, not this checkout

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "licenses.yaml").write_text(VALID.replace("tier: 500", "tier: 0"))
    result = subprocess.run(
        [str(env_dir / "bin" / "licensegate"), "check", "--format", "json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert '"pointer": "/licenses/0/tier"' in result.stdout
    schema = subprocess.run(
        [str(env_dir / "bin" / "licensegate"), "schema"], cwd=elsewhere, capture_output=True, text=True, check=True
    )
    assert schema.stdout == packaged
