"""The stage layering of GUIDE.md, enforced: no stage imports a later one."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_import_layers_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a dev dependency"
    proc = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 kept, 0 broken" in proc.stdout


def test_every_stage_of_the_flow_is_a_module():
    names = {p.stem for p in (ROOT / "pipeline").iterdir()}
    for stage in [
        "load",
        "clean",
        "segment",
        "analyse",
        "extract",
        "normalize",
        "resolve",
        "records",
        "emit",
        "run",
        "cli",
    ]:
        assert stage in names, stage
