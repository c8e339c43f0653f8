"""An installed kg works from any folder: the ontology, rules and facts ship in the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import kg

REPO = Path(__file__).resolve().parent.parent


def test_wheel_ships_the_data_and_loads_elsewhere(tmp_path: Path, g: kg.KnowledgeGraph) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    wheel = next(tmp_path.glob("*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for folder, pattern in (
        ("ontology", "*.ttl"),
        ("ontology/vocab", "*.ttl"),
        ("facts", "*.yaml"),
        ("rules", "*.yaml"),
    ):
        target = {
            "ontology": "kg/ontology",
            "ontology/vocab": "kg/ontology/vocab",
            "facts": "kg/facts",
            "rules": "kg/ruleset",
        }[folder]
        for f in (REPO / folder).glob(pattern):
            assert f"{target}/{f.name}" in names, f"{folder}/{f.name} is not in the wheel"
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = dict(os.environ, PYTHONPATH=str(site), KG_CACHE_DIR="off")
    code = "import kg; g = kg.load(); print(kg.__file__); print(len(g.services()))"
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    where, count = run.stdout.split()
    assert where.startswith(str(site)) and int(count) == len(g.services())
