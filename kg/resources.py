"""Where the shipped ontology, rules and fact files are (package data, so any folder works)."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

__all__ = ["ontology_dir", "facts_dir", "rules_dir", "content_hash"]


_REPO = Path(__file__).resolve().parent.parent
_FOLDERS = {"kg.ontology": "ontology", "kg.facts": "facts", "kg.ruleset": "rules"}
_MARKERS = {"kg.ontology": "kg.ttl", "kg.facts": "README.md", "kg.ruleset": "README.md"}


def _dir(package: str) -> Path:
    # Installed: the data ships inside the package. From a checkout (tests, editable installs
    # run from the repository folder) the same files sit at the top of the repository.
    # the data folders are namespace packages (no __init__.py): their spec gives the folder
    try:
        spec = importlib.util.find_spec(package)
    except (ModuleNotFoundError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec else []
    if locations and (Path(locations[0]) / _MARKERS[package]).exists():
        return Path(locations[0])
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
