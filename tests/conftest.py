from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import kg

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "000_997a1773ab5c5105.txt"


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
