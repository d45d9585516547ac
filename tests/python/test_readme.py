"""The README's Python example runs as printed."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_readme_python_example_runs():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "readme_example")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "README example: ok" in out.stdout
    assert "[ 1  0 -1] [ 1  0 -1] 2" in out.stdout
