"""Result types of the engine: recommendations, explanations, option scores."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .models import Lifecycle, Source
from .requirement import Requirement

__all__ = [
    "Evidence",
    "Ranked",
    "Excluded",
    "Relaxation",
    "PatternMatch",
    "Recommendation",
    "Explanation",
    "OptionScore",
]


class _M(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(_M):
    """One fact or rule behind a verdict, with its sources."""

    kind: str = Field(
        description="capability, use-case, limit, relation, rule, category, lifecycle, text"
    )
    text: str
    points: float = 0.0
    sources: tuple[Source, ...] = ()
    rule_id: str | None = None


class Ranked(_M):
    service: str
    name: str
    category: str
    score: float
    breakdown: dict[str, float]
    justification: tuple[Evidence, ...]
    lifecycle: Lifecycle
    unverified: tuple[str, ...] = Field(default=(), description="musts the graph has no fact for")


class Excluded(_M):
    service: str
    name: str
    hard: bool = Field(description="True: violates a must; False: ranked below the shown answers")
    reasons: tuple[Evidence, ...]
    score: float = 0.0


class Relaxation(_M):
    give_up: tuple[str, ...] = Field(description="requirements to relax, readable")
    items: tuple[str, ...] = Field(description="their ids (cap:..., num:N, not:..., svc:...)")
    admits: tuple[str, ...] = Field(description="services this relaxation would admit")


class PatternMatch(_M):
    pattern: str
    name: str
    score: float
    answers: str
    components: tuple[str, ...]
    covers: tuple[str, ...]
    sources: tuple[Source, ...]


class Recommendation(_M):
    requirement: Requirement
    understood: bool
    message: str = ""
    ranked: tuple[Ranked, ...] = ()
    excluded: tuple[Excluded, ...] = ()
    relaxations: tuple[Relaxation, ...] = ()
    patterns: tuple[PatternMatch, ...] = ()
    facts: tuple[Evidence, ...] = Field(
        default=(), description="what the graph says between the services the text names"
    )

    def render_text(self) -> str:
        r = self.requirement
        out = ["Understood:"]
        if not self.understood:
            out.append("  nothing: " + (self.message or "no known service, category or capability"))
        for label, vals in (
            ("seeking", r.categories),
            ("must", r.must),
            ("nice to have", r.nice),
            ("must not", r.must_not),
            ("decisive", r.superlatives),
            ("mentions", r.mentioned),
            ("context", r.context_categories),
        ):
            if vals:
                out.append(f"  {label}: {', '.join(vals)}")
        for c in r.constraints:
            out.append(f"  constraint: {c.text()}")
        if self.message and self.understood:
            out.append(f"\n{self.message}")
        if self.ranked:
            out.append("\nRanked:")
        for i, x in enumerate(self.ranked, 1):
            flag = "" if x.lifecycle.status == "current" else f"  [{x.lifecycle.status.upper()}]"
            out.append(f" {i}. {x.name} [{x.service}] score {x.score:.2f}{flag}")
            out.append("    " + ", ".join(f"{k} {v:+.2f}" for k, v in x.breakdown.items() if v))
            for e in x.justification[:6]:
                src = ", ".join(s.label for s in e.sources)
                out.append(f"    - {e.text}" + (f"  <{src}>" if src else ""))
        if self.facts:
            out.append("\nBetween the services named:")
            for f in self.facts:
                out.append(f"  {f.text}  <{', '.join(s.label for s in f.sources)}>")
        if self.patterns:
            out.append("\nPatterns:")
            for p in self.patterns:
                out.append(f"  {p.name}: {' + '.join(p.components)} (covers {', '.join(p.covers)})")
        hard = [e for e in self.excluded if e.hard]
        if hard:
            out.append("\nWhy not:")
            for e in hard[:10]:
                out.append(f"  {e.name}: " + "; ".join(x.text for x in e.reasons[:2]))
        if self.relaxations:
            out.append("\nNothing fits every must. Relax:")
            for rx in self.relaxations:
                out.append(f"  give up {', '.join(rx.give_up)} -> {', '.join(rx.admits)}")
        return "\n".join(out)


class Explanation(_M):
    service: str
    name: str
    requirement: Requirement
    fits: bool
    score: float
    breakdown: dict[str, float]
    for_: tuple[Evidence, ...] = Field(alias="for_", default=())
    against: tuple[Evidence, ...] = ()


class OptionScore(_M):
    label: str
    score: float
    services: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    breakdown: dict[str, float] = {}  # the score's terms: fit, cover, own fact, support, ...
