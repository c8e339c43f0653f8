"""Units: a pint registry built from ``ontology/units.txt`` and the QUDT IRIs of ``units.ttl``."""

from __future__ import annotations

import functools
import math
from pathlib import Path

import pint

from .resources import ontology_dir

__all__ = ["registry", "parse_unit", "UnitTable", "to_base"]


@functools.cache
def registry(path: str | None = None) -> pint.UnitRegistry:
    """The project's unit registry (self-contained: bits are information, counts are counts)."""
    file = Path(path) if path else ontology_dir() / "units.txt"
    return pint.UnitRegistry(str(file), autoconvert_offset_to_baseunit=True)


def parse_unit(expr: str) -> object:
    """Parse a unit expression; raises ``ValueError`` with the reason."""
    ureg = registry()
    try:
        q = ureg.Quantity(1, expr)
    except Exception as exc:  # pint raises several unrelated types for bad text
        raise ValueError(f"unknown unit {expr!r} ({exc.__class__.__name__})") from exc
    return q.units


def to_base(value: float, expr: str) -> tuple[float, str]:
    """Convert a value to base units; returns the magnitude and the dimensionality text."""
    factor, dim = _factor(expr)
    if factor is not None:
        return value * factor, dim
    q = registry().Quantity(value, expr).to_base_units()
    return float(q.magnitude), str(q.dimensionality)


@functools.lru_cache(maxsize=4096)
def _factor(expr: str) -> tuple[float | None, str]:
    """The base-unit factor of a multiplicative unit (most are), None for an offset one; pint
    builds a Quantity in about 0.2 ms, too slow to repeat for every limit and requirement."""
    ureg = registry()
    one = ureg.Quantity(1.0, expr).to_base_units()
    two = ureg.Quantity(2.0, expr).to_base_units()
    f = float(one.magnitude)
    dim = str(one.dimensionality)
    return (f if abs(float(two.magnitude) - 2 * f) <= 1e-12 * max(1.0, abs(f)) else None), dim


@functools.lru_cache(maxsize=4096)
def dimension_of_word(word: str) -> str | None:
    """The dimensionality of a word that names a unit ("GB", "days", "IOPS"), else None.
    Counts and dimensionless words ("a", "percent") are not units here."""
    if len(word) < 2 or not word.isalpha():
        return None
    try:
        dim = str(registry().Quantity(1, word).dimensionality)
    except Exception:  # pint raises several unrelated types for non-units
        return None
    return None if dim in ("dimensionless", "[count]") else dim


class UnitTable:
    """Resolves a unit expression to one of the declared QUDT units (same dimension and scale)."""

    def __init__(self, declared: dict[str, str]) -> None:
        # declared: IRI -> pint expression
        self._by_key: dict[tuple[str, float], str] = {}
        for iri, expr in declared.items():
            self._by_key[self._key(expr)] = iri

    @staticmethod
    def _key(expr: str) -> tuple[str, float]:
        mag, dim = to_base(1.0, expr)
        return dim, float(f"{mag:.9e}")

    def resolve(self, expr: str) -> str | None:
        try:
            key = self._key(expr)
        except Exception:
            return None
        if math.isnan(key[1]):
            return None
        return self._by_key.get(key)
