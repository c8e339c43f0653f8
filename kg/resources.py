"""Where the shipped ontology, rules and fact files are (package data, so any folder works)."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

__all__ = ["ontology_dir", "facts_dir", "rules_dir", "content_hash"]


_REPO = Path(__file__).resolve().parent.parent
_FOLDERS = {"kg.ontology": "ontology", "kg.facts": "facts", "kg.ruleset": "rules"}


def _dir(package: str) -> Path:
    # Installed: the data ships inside the package. From a checkout (tests, editable installs
    # run from the repository folder) the same files sit at the top of the repository.
    try:
        return Path(str(resources.files(package)))
    except (ModuleNotFoundError, TypeError):
        return _REPO / _FOLDERS[package]


def ontology_dir() -> Path:
    return _dir("kg.ontology")


def facts_dir() -> Path:
    return _dir("kg.facts")


def rules_dir() -> Path:
    return _dir("kg.ruleset")


def content_hash(paths: list[Path], *, salt: str = "") -> str:
    """A hash of the files' names and bytes: the key of the build cache."""
    h = hashlib.sha256(salt.encode())
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:20]
