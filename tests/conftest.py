from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

import kg

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "000_997a1773ab5c5105.txt"


def yaml_cases(folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """The cases of every YAML list in a folder, each with an id ``<file>-<n>``."""
    out = []
    for f in sorted(folder.glob("*.yaml")):
        for i, case in enumerate(yaml.safe_load(f.read_text(encoding="utf-8")) or []):
            out.append((f"{f.stem}-{i + 1}", case))
    return out


@pytest.fixture(scope="session")
def g() -> kg.KnowledgeGraph:
    return kg.load()


@pytest.fixture()
def mini_facts(tmp_path: Path) -> Path:
    """A one-file fact folder that validates; tests break it on purpose."""
    d = tmp_path / "facts"
    d.mkdir()
    shutil.copy(Path(__file__).parent / "data" / "mini" / "messaging.yaml", d / "messaging.yaml")
    return d
