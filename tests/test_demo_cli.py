"""`seed-demo` and `make run` print the demo logins once, with a 2FA hint that works."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def test_seed_demo_prints_logins_unless_asked_not_to(runner, monkeypatch):
    quiet = runner.invoke(args=["seed-demo", "--no-logins"])  # the real seeding, as `make run` does
    assert quiet.exit_code == 0, quiet.output
    assert "kandidaat@demo.nl" not in quiet.output
    # Seeding twice is tested once (tests/test_core.py); here only what the command prints.
    import portal.demo

    seeded = []
    monkeypatch.setattr(portal.demo, "seed_demo", lambda: seeded.append(True))
    loud = runner.invoke(args=["seed-demo"])
    assert loud.exit_code == 0, loud.output
    assert seeded == [True]
    assert loud.output.count("kandidaat@demo.nl") == 1
    assert ".venv/bin/python -c" in loud.output and " python -c" not in loud.output.replace(".venv/bin/python", "")


def test_make_run_prints_the_logins_once_at_the_end():
    if shutil.which("make") is None:
        pytest.skip("make not installed")
    root = Path(__file__).resolve().parent.parent
    dry = subprocess.run(["make", "-n", "-B", "run"], cwd=root, capture_output=True, text=True, check=True).stdout
    lines = [line for line in dry.splitlines() if line.strip()]
    assert any("seed-demo --no-logins" in line for line in lines)
    assert sum("print_logins" in line for line in lines) == 1
    # The logins come after seeding, right before the server starts.
    order = [i for i, line in enumerate(lines) if "print_logins" in line or "seed-demo" in line or " run " in line]
    assert "print_logins" in lines[order[-2]] and "seed-demo" in lines[order[0]]
