"""One error hierarchy, rooted at :class:`KGError`.

Every error names what it is about (file and line, service, rule, query) and says what to do.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "KGError",
    "DataFileError",
    "GraphValidationError",
    "UnknownServiceError",
    "SparqlError",
    "RequirementError",
    "RuleFileError",
    "ExportError",
]


class KGError(Exception):
    """Base class of every error raised by :mod:`kg`."""


class DataFileError(KGError):
    """A fact, ontology or rule file is malformed; names the file, the line and the problem."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.problem = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")


class GraphValidationError(KGError):
    """The compiled graph violates the SHACL shapes or a referential check."""

    def __init__(self, violations: Sequence[str]) -> None:
        self.violations = list(violations)
        shown = "\n  - ".join(self.violations[:20])
        more = f"\n  ... and {len(self.violations) - 20} more" if len(self.violations) > 20 else ""
        super().__init__(
            f"the knowledge graph has {len(self.violations)} violation(s):\n  - {shown}{more}"
        )


class UnknownServiceError(KGError, LookupError):
    """A service name that matches no id, name or alias; lists the closest matches."""

    def __init__(self, name: str, suggestions: Sequence[str]) -> None:
        self.name = name
        self.suggestions = list(suggestions)
        hint = f" Did you mean: {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"unknown service {name!r}.{hint}")


class SparqlError(KGError):
    """A SPARQL query that cannot be parsed or evaluated."""


class RequirementError(KGError, ValueError):
    """A requirement that cannot be read (empty, too long, or not text)."""


class RuleFileError(DataFileError):
    """A rule file with an unknown key, operator, service or concept."""


class ExportError(KGError):
    """An export that cannot be written (unknown format, unwritable path, empty subgraph)."""
