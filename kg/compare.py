"""Side-by-side comparison of services: one row per attribute, capability or fact."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from .graph import KnowledgeGraph, ServiceRef

__all__ = ["ComparisonRow", "Comparison", "compare"]


class ComparisonRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    section: str  # overview, capability, limit
    label: str
    values: tuple[str, ...]

    @property
    def differs(self) -> bool:
        return len(set(self.values)) > 1


class Comparison(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    services: tuple[str, ...]
    names: tuple[str, ...]
    rows: tuple[ComparisonRow, ...]

    def differences(self) -> tuple[ComparisonRow, ...]:
        return tuple(r for r in self.rows if r.differs)


def compare(g: KnowledgeGraph, services: list[ServiceRef]) -> Comparison:
    svcs = [g.service(s) for s in services]
    ids = [s.id for s in svcs]
    rows: list[ComparisonRow] = [
        ComparisonRow(section="overview", label="category", values=tuple(s.category for s in svcs)),
        ComparisonRow(
            section="overview", label="lifecycle", values=tuple(s.lifecycle.status for s in svcs)
        ),
    ]
    caps: dict[str, dict[str, str]] = {}
    labels: dict[str, str] = {}
    for s in svcs:
        for c in g.capabilities(s):
            labels[c.capability] = c.capability_label
            caps.setdefault(c.capability, {})[s.id] = "no" if c.negated else "yes"
        for u in g.use_cases(s):
            for c in u.capabilities:
                caps.setdefault(c, {}).setdefault(s.id, "yes")
                concept = g.index.concepts.get(("capability", c))
                labels.setdefault(c, concept.pref_label if concept else c)
    for cid in sorted(caps, key=lambda c: labels[c]):
        rows.append(
            ComparisonRow(
                section="capability",
                label=labels[cid],
                values=tuple(caps[cid].get(i, "—") for i in ids),
            )
        )
    lims: dict[str, dict[str, list[str]]] = {}
    for s in svcs:
        for lim in g.limits(s):
            key = lim.attribute_label + (f" ({lim.scope})" if lim.scope else "")
            v = (
                f"{lim.kind} {lim.value:g}"
                + (f"–{lim.value_max:g}" if lim.value_max is not None else "")
                + f" {lim.unit}"
            )
            if lim.condition:
                v += f" [{lim.condition}]"
            lims.setdefault(key, {}).setdefault(s.id, []).append(v)
    for key in sorted(lims):
        rows.append(
            ComparisonRow(
                section="limit",
                label=key,
                values=tuple("; ".join(lims[key].get(i, ["—"])) for i in ids),
            )
        )
    return Comparison(services=tuple(ids), names=tuple(s.name for s in svcs), rows=tuple(rows))
