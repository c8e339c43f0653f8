"""Assessing one service against one requirement: capabilities, limits, rules, lifecycle.

This is the generic core: numeric constraints are checked against every Limit of the service
with unit conversion; a must that the graph explicitly denies is a violation; rules add
weighted preferences. The result is a score with a visible per-criterion breakdown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from .index import Index
from .models import Limit, Relation, Source
from .requirement import NumericConstraint, Requirement
from .results import Evidence
from .rules import Rule
from .text import TfIdf, stem, stems
from .units import to_base

__all__ = ["Weights", "Assessment", "Assessor"]


class Weights(BaseModel):
    """How much each criterion weighs in the utility (shown per criterion in the breakdown)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    category_primary: float = 2.0
    category_secondary: float = 1.0
    category_context: float = 0.5
    must_has: float = 3.0
    nice_has: float = 1.5
    nice_lacks: float = 1.5
    superlative_factor: float = 2.0
    text_similarity: float = 6.0
    constraint_met: float = 1.0
    constraint_unknown: float = 0.25
    mentioned: float = 1.0
    flagged: float = 3.0
    part_adds_nothing: float = 1.0  # a part of a candidate that scores nothing its whole does not


@dataclass
class Assessment:
    service: str
    score: float = 0.0
    breakdown: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    evidence: list[Evidence] = field(default_factory=list)
    violations: list[tuple[str, Evidence]] = field(default_factory=list)  # (hard item id, why)
    unverified: list[str] = field(default_factory=list)

    def add(self, criterion: str, points: float, ev: Evidence | None = None) -> None:
        self.breakdown[criterion] += points
        self.score += points
        if ev is not None:
            self.evidence.append(ev)


class Assessor:
    def __init__(self, index: Index, rules: list[Rule], weights: Weights | None = None) -> None:
        self.idx = index
        self.rules = rules
        self.w = weights or Weights()
        concepts = index.concepts
        # a category or capability answers for itself and every narrower one; an attribute
        # constraint reads limits on the attribute, its ancestors and its descendants
        # ("payload size" covers "message size"), never on its siblings
        self.cat_closure = {
            cid: index.closure("category", cid) for (k, cid) in concepts if k == "category"
        }
        self.cap_closure = {
            cid: index.closure("capability", cid) for (k, cid) in concepts if k == "capability"
        }
        self.attr_related = {
            cid: index.closure("attribute", cid) | index.closure("attribute", cid, up=True)
            for (k, cid) in concepts
            if k == "attribute"
        }
        # positive evidence per capability: facts and use cases
        self.pos: dict[str, dict[str, list[Evidence]]] = defaultdict(lambda: defaultdict(list))
        self.neg: dict[str, dict[str, Evidence]] = defaultdict(dict)
        for sid, facts in index.capabilities.items():
            for f in facts:
                if f.negated:
                    txt = f"does not support {f.capability_label}" + (
                        f": {f.note}" if f.note else ""
                    )
                    self.neg[sid][f.capability] = Evidence(
                        kind="capability", text=txt, sources=f.source
                    )
                else:
                    txt = f"supports {f.capability_label}" + (f" ({f.note})" if f.note else "")
                    self.pos[sid][f.capability].append(
                        Evidence(kind="capability", text=txt, sources=f.source)
                    )
        for sid, ucs in index.use_cases.items():
            for u in ucs:
                for c in u.capabilities:
                    self.pos[sid][c].append(
                        Evidence(kind="use-case", text=f"use case: {u.text}", sources=u.source)
                    )
        self.parents: dict[str, list[str]] = defaultdict(list)
        self.children: dict[str, list[str]] = defaultdict(list)
        self.part_of: dict[tuple[str, str], Relation] = {}  # (part, whole) -> the fact
        # the negated and the "only" relations of each subject, for judging designs
        self.denied: dict[str, list[Relation]] = defaultdict(list)
        self.exclusive: dict[str, list[Relation]] = defaultdict(list)
        for r in index.relations:
            if r.predicate == "partOf" and not r.negated:
                self.parents[r.subject].append(r.object)
                self.children[r.object].append(r.subject)
                self.part_of[(r.subject, r.object)] = r
            if r.negated:
                self.denied[r.subject].append(r)
            elif r.only:
                self.exclusive[r.subject].append(r)
        self.rel_adj: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for r in index.relations:
            if not r.negated:
                self.rel_adj[r.subject].append((r.predicate, r.object))
                self.rel_adj[r.object].append((r.predicate, r.subject))
        stop_concept = index.concepts.get(("cue", "stopword"))
        self.stop = {stem(w) for w in stop_concept.labels()} if stop_concept else set()
        docs = {}
        for sid, s in index.services.items():
            parts = [s.name, *s.aliases, s.description]
            parts += [u.text for u in index.use_cases.get(sid, [])]
            parts += [f.capability_label for f in index.capabilities.get(sid, []) if not f.negated]
            docs[sid] = self.words(" ".join(parts))
        self.tfidf = TfIdf(docs)

    def words(self, text: str) -> list[str]:
        """Stemmed content words (function words from the lexicon dropped)."""
        return [t for t in stems(text) if t not in self.stop and len(t) > 1]

    # ------------------------------------------------------------------ capabilities
    def has(self, sid: str, cap: str) -> list[Evidence]:
        out: list[Evidence] = []
        for c in self.cap_closure.get(cap, {cap}):
            out += self.pos.get(sid, {}).get(c, [])
        return out

    def with_parts(self, services: tuple[str, ...] | list[str]) -> set[str]:
        """The services and their direct parts ("RDS" brings in its Multi-AZ deployments)."""
        return set(services).union(*(self.children.get(s, ()) for s in services))

    def lacks(self, sid: str, cap: str) -> Evidence | None:
        if self.has(sid, cap):
            return None  # a positive fact (e.g. a mode of the service) outweighs a general "no"
        return self.neg.get(sid, {}).get(cap)

    def in_categories(self, sid: str, cats: tuple[str, ...] | list[str]) -> str | None:
        """'primary' / 'secondary' when the service belongs to one of the categories."""
        s = self.idx.services[sid]
        closure = set().union(*(self.cat_closure.get(c, {c}) for c in cats)) if cats else set()
        if s.category in closure:
            return "primary"
        if closure.intersection(s.categories):
            return "secondary"
        return None

    # ------------------------------------------------------------------ limits
    def _limits_for(self, sid: str, attributes: set[str]) -> list[Limit]:
        """The service's limits on these attributes; without any, those of what it is part of
        ("Lambda in a VPC" is still Lambda: 900 s), nearest parent first."""
        seen = {sid}
        todo = [sid]
        while todo:
            cur = todo.pop(0)
            own = [lim for lim in self.idx.limits.get(cur, []) if lim.attribute in attributes]
            if own:
                return own
            for parent in self.parents.get(cur, ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return []

    def check_constraint(self, sid: str, c: NumericConstraint) -> tuple[str, Evidence | None]:
        """'met', 'violated' or 'unknown', with the limit that decided."""
        try:
            need, dim = to_base(c.value, c.unit)
        except Exception:
            return "unknown", None
        related = self.attr_related.get(c.attribute, {c.attribute})
        best: tuple[float, Limit] | None = None
        for lim in self._limits_for(sid, related):
            if lim.attribute not in related or lim.kind == "price" and c.attribute != "price":
                continue
            if c.comparison == "ge" and lim.kind in ("min", "typical", "default"):
                # a floor, a typical figure or a default says what the service does, not the
                # most it can do
                continue
            if c.comparison == "le" and lim.kind in ("max", "default") and lim.attribute != "price":
                continue  # a ceiling on latency says nothing about how low it goes
            try:
                lo, ldim = to_base(lim.value, lim.unit)
                hi = to_base(lim.value_max, lim.unit)[0] if lim.value_max is not None else lo
            except Exception:
                continue
            if ldim != dim:
                continue
            val = hi if c.comparison == "ge" else lo
            better = best is None or (val > best[0] if c.comparison == "ge" else val < best[0])
            if better:
                best = (val, lim)
        if best is None:
            return "unknown", None
        val, lim = best
        ok = val >= need * (1 - 1e-9) if c.comparison == "ge" else val <= need * (1 + 1e-9)
        op = ">=" if c.comparison == "ge" else "<="
        name = self.idx.services[lim.service].name
        if lim.service != sid:
            name = f"{self.idx.services[sid].name}, as part of {name}:"
        if ok:
            txt = f"{lim.text()} meets {c.text()}"
            return "met", Evidence(kind="limit", text=txt, sources=lim.source)
        if lim.adjustable:
            txt = f"{lim.text()} is below {c.text()}, but AWS raises it on request"
            return "met", Evidence(kind="limit", text=txt, sources=lim.source)
        rel = "<" if c.comparison == "ge" else ">"
        txt = f"{name} {lim.attribute_label} {lim.kind} {_fmt(lim.value_max or lim.value if c.comparison == 'ge' else lim.value)} {lim.unit} {rel} {_fmt(c.value)} {c.unit} required ({c.attribute_label} {op} {_fmt(c.value)} {c.unit})"
        return "violated", Evidence(kind="limit", text=txt, sources=lim.source)

    # ------------------------------------------------------------------ rules
    def condition(self, cond: dict[str, Any], req: Requirement) -> bool:
        ((op, arg),) = cond.items()
        wanted = set(req.must) | set(req.nice)
        if op == "requirement_wants":
            return bool(wanted.intersection(arg))
        if op == "requirement_wants_all":
            return set(arg) <= wanted
        if op == "requirement_rejects":
            return bool(set(req.must_not).intersection(arg))
        if op == "requirement_seeks":
            sought = set().union(*(self.cat_closure.get(c, {c}) for c in arg))
            return bool(sought.intersection(req.categories))
        if op == "requirement_mentions":
            return bool(set(req.mentioned).intersection(arg))
        if op == "requirement_mentions_any":
            return bool(req.mentioned)
        if op == "requirement_constrains":
            return any(c.attribute in arg for c in req.constraints)
        if op == "requirement_quotient_exceeds":
            return quotient_exceeds(req, arg) is not None
        if op == "all":
            return all(self.condition(c, req) for c in arg)
        if op == "any":
            return any(self.condition(c, req) for c in arg)
        if op == "not":
            return not self.condition(arg, req)
        raise AssertionError(op)  # the loader admits only registered operators

    def targeted(self, target: dict[str, Any], sid: str, req: Requirement) -> list[Evidence] | None:
        """Evidence that the service is in the rule's target set, or None."""
        ((op, arg),) = target.items()
        if op == "services":
            return [] if sid in arg else None
        if op == "services_with":
            ev = [e for c in arg for e in self.has(sid, c)]
            return ev[:1] if ev else None
        if op == "services_lacking":
            found = [e for c in arg if (e := self.lacks(sid, c)) is not None]
            return found[:1] if found else None
        if op == "services_in_category":
            return [] if self.in_categories(sid, arg) else None
        if op == "services_related_to_mentioned":
            hits = [(p, o) for p, o in self.rel_adj.get(sid, []) if p in arg and o in req.mentioned]
            return [] if hits else None
        if op == "services_mentioned":
            return [] if sid in req.mentioned else None
        if op == "services_flagged":
            return [] if self.idx.services[sid].lifecycle.flagged else None
        raise AssertionError(op)

    def _detail(self, cond: dict[str, Any], req: Requirement) -> str:
        """The computed figure behind a condition, for the evidence text."""
        ((op, arg),) = cond.items()
        if op == "requirement_quotient_exceeds":
            return quotient_exceeds(req, arg) or ""
        if op in ("all", "any"):
            return "; ".join(d for c in arg if (d := self._detail(c, req)))
        return ""

    # ------------------------------------------------------------------ the assessment
    def assess(self, sid: str, req: Requirement, sim: dict[str, float]) -> Assessment:
        w, a = self.w, Assessment(service=sid)
        s = self.idx.services[sid]
        kind = self.in_categories(sid, req.categories)
        if kind:
            pts = w.category_primary if kind == "primary" else w.category_secondary
            a.add(
                "category",
                pts,
                Evidence(kind="category", text=f"is a {s.category} service", points=pts),
            )
        elif self.in_categories(sid, req.context_categories):
            a.add("category", w.category_context)
        for cap in req.must:
            ev = self.has(sid, cap)
            if ev:
                a.add("capabilities", w.must_has, ev[0].model_copy(update={"points": w.must_has}))
            elif (neg := self.lacks(sid, cap)) is not None:
                a.violations.append((f"cap:{cap}", neg))
            else:
                a.unverified.append(cap)
        for cap in req.nice:
            factor = w.superlative_factor if cap in req.superlatives else 1.0
            ev = self.has(sid, cap)
            if ev:
                pts = w.nice_has * factor
                a.add("preferences", pts, ev[0].model_copy(update={"points": pts}))
            elif (neg := self.lacks(sid, cap)) is not None:
                a.add(
                    "preferences",
                    -w.nice_lacks * factor,
                    neg.model_copy(update={"points": -w.nice_lacks * factor}),
                )
        for cap in req.must_not:
            ev = self.has(sid, cap)
            if ev:
                e = ev[0]
                a.violations.append(
                    (f"not:{cap}", e.model_copy(update={"text": f"{e.text}, which is not wanted"}))
                )
        if sid in req.excluded_services:
            a.violations.append(
                (
                    f"svc:{sid}",
                    Evidence(kind="text", text=f"{s.name} is excluded by the requirement"),
                )
            )
        for i, c in enumerate(req.constraints):
            status, ev = self.check_constraint(sid, c)
            if status == "met":
                a.add("limits", w.constraint_met, ev)
            elif status == "violated":
                assert ev is not None
                a.violations.append((f"num:{i}", ev))
            else:
                a.add("limits", -w.constraint_unknown)
        if sim.get(sid):
            pts = w.text_similarity * sim[sid]
            a.add("use cases", pts)
        if sid in req.mentioned:
            a.add("context", -w.mentioned)
        if s.lifecycle.flagged and not req.include_flagged:
            a.add(
                "lifecycle",
                -w.flagged,
                Evidence(
                    kind="lifecycle",
                    text=f"{s.name} is {s.lifecycle.status}"
                    + (f" since {s.lifecycle.date}" if s.lifecycle.date else ""),
                    sources=s.lifecycle.sources,
                    points=-w.flagged,
                ),
            )
        for rule in self.rules:
            if not self.condition(rule.when, req):
                continue
            hit = self.targeted(rule.effect.target, sid, req)
            kind_ = rule.effect.kind
            if kind_ == "require":
                if hit is None:
                    a.violations.append((f"rule:{rule.id}", _rule_ev(rule, -0.0)))
                continue
            if hit is None:
                continue
            detail = self._detail(rule.when, req)
            if kind_ == "exclude":
                a.violations.append((f"rule:{rule.id}", _rule_ev(rule, 0.0, hit, detail)))
            else:
                pts = rule.effect.weight if kind_ == "prefer" else -rule.effect.weight
                a.add("rules", pts, _rule_ev(rule, pts, hit, detail))
        a.breakdown = dict(a.breakdown)  # type: ignore[assignment]
        return a


def quotient_exceeds(req: Requirement, arg: dict[str, str]) -> str | None:
    """'200 TB at 100 Mbps takes 185.2 days, more than 1 week' when the quotient exceeds the
    limit, else None."""
    from .units import registry

    ureg = registry()

    def first(dim: str) -> NumericConstraint | None:
        want = ureg.get_dimensionality(dim)
        for c in req.constraints:
            try:
                if ureg.Quantity(1, c.unit).dimensionality == want:
                    return c
            except Exception:  # a unit edited by hand in the UI may not parse
                continue
        return None

    num, den, lim = first(arg["numerator"]), first(arg["denominator"]), first(arg["limit"])
    if not (num and den and lim) or den.value == 0:
        return None
    q = ureg.Quantity(num.value, num.unit) / ureg.Quantity(den.value, den.unit)
    limit = ureg.Quantity(lim.value, lim.unit)
    if q.to_base_units().magnitude <= limit.to_base_units().magnitude:
        return None
    days = q.to("day").magnitude
    return (
        f"{_fmt(num.value)} {num.unit} at {_fmt(den.value)} {den.unit} takes "
        f"{days:,.1f} days, more than {_fmt(lim.value)} {lim.unit}"
    )


def _rule_ev(
    rule: Rule, pts: float, hit: list[Evidence] | None = None, detail: str = ""
) -> Evidence:
    from .compile import source_iri

    srcs = tuple(Source(iri=str(source_iri(s)), label=s) for s in rule.source)
    extra = tuple(s for e in (hit or []) for s in e.sources)
    return Evidence(
        kind="rule",
        text=f"{rule.id}: {rule.effect.reason}" + (f" ({detail})" if detail else ""),
        points=pts,
        sources=srcs + extra,
        rule_id=rule.id,
    )


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,}"
