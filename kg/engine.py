"""The recommender: candidates, hard filter, weighted ranking, why-not, relaxations, patterns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from .assess import Assessment, Assessor, Weights
from .errors import RequirementError
from .models import Service
from .requirement import Requirement, RequirementParser
from .results import (
    Evidence,
    Excluded,
    Explanation,
    OptionScore,
    PatternMatch,
    Ranked,
    Recommendation,
    Relaxation,
)
from .retrieval import FactRetriever
from .rules import load_rules

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = ["Engine"]

_MIN_SIM = 0.05  # without a category, a service must at least resemble the text to be a candidate


class Engine:
    def __init__(self, graph: KnowledgeGraph, *, weights: Weights | None = None) -> None:
        self.g = graph
        self.idx = graph.index
        self.parser = RequirementParser(self.idx, graph._names.text_keys())
        self.rules = load_rules(self.idx)
        self.assessor = Assessor(self.idx, self.rules, weights)
        self._retriever: FactRetriever | None = None

    @property
    def retriever(self) -> FactRetriever:
        """BM25 over every fact, built on first use (only design judging needs it)."""
        if self._retriever is None:
            self._retriever = FactRetriever(self.idx, self.assessor.words)
        return self._retriever

    # ------------------------------------------------------------------ parsing
    def requirement(self, req: str | Requirement) -> Requirement:
        if isinstance(req, Requirement):
            return req
        if not isinstance(req, str):
            raise RequirementError("a requirement is text or a kg.Requirement")
        return self.parser.parse(req)

    def _sim(self, req: Requirement) -> dict[str, float]:
        return self.assessor.tfidf.query(self.assessor.words(req.text)) if req.text else {}

    def candidates(self, req: Requirement, sim: dict[str, float]) -> list[str]:
        if req.categories:
            out: set[str] = {
                s for s in self.idx.services if self.assessor.in_categories(s, req.categories)
            }
            # a must that no service of the category has can be answered by a service filed
            # elsewhere ("migrate Cassandra" is answered by a database, not by migration tools)
            # services of the categories the text only mentions compete too, ranked lower
            out |= {
                s
                for s in self.idx.services
                if self.assessor.in_categories(s, req.context_categories)
            }
            missing = [c for c in req.must if not any(self.assessor.has(s, c) for s in out)]
            out |= {s for s in self.idx.services if any(self.assessor.has(s, c) for c in missing)}
            if out:
                return sorted(out)
        wanted = set(req.must) | set(req.nice)
        # services with a limit on a constrained attribute are candidates too: their limit
        # either answers the requirement or explains why not
        constrained: set[str] = set()
        for c in req.constraints:
            constrained |= self.assessor.attr_related.get(c.attribute, {c.attribute})
        found: list[str] = []
        for sid in self.idx.services:
            if (
                sim.get(sid, 0) >= _MIN_SIM
                or any(self.assessor.has(sid, c) for c in wanted)
                or self.assessor.in_categories(sid, req.context_categories)
                or any(lim.attribute in constrained for lim in self.idx.limits.get(sid, []))
            ):
                found.append(sid)
        return sorted(found)

    # ------------------------------------------------------------------ recommend
    def recommend(self, req_in: str | Requirement, *, top_k: int = 5) -> Recommendation:
        if not isinstance(top_k, int) or top_k < 1:
            raise RequirementError("top_k must be a positive whole number")
        req = self.requirement(req_in)
        if not req.understood:
            return Recommendation(
                requirement=req,
                understood=False,
                message="Nothing in the text matches a known service, category, capability or "
                "quantity. Name what you need (a database, a queue...) and what it must do.",
            )
        sim = self._sim(req)
        assessments = {
            sid: self.assessor.assess(sid, req, sim) for sid in self.candidates(req, sim)
        }
        fits = [a for a in assessments.values() if not a.violations]
        self._parts_below_wholes(fits, assessments)
        fits.sort(key=lambda a: (-round(a.score, 9), a.service))
        shown = fits[:top_k]
        ranked = tuple(self._ranked(a) for a in shown)
        excluded = [
            self._excluded(a, hard=True)
            for a in sorted(assessments.values(), key=lambda a: a.service)
            if a.violations
        ]
        best = shown[0].score if shown else 0.0
        for a in fits[top_k:]:
            excluded.append(self._outranked(a, best, req))
        relax = self._relaxations(req, assessments) if not fits else ()
        msg = ""
        if not fits:
            msg = "No candidate satisfies every must; see the relaxations."
        return Recommendation(
            requirement=req,
            understood=True,
            message=msg,
            ranked=ranked,
            excluded=tuple(excluded),
            relaxations=relax,
            patterns=self._patterns(req, shown),
            facts=self._facts_between(req),
        )

    def _parts_below_wholes(
        self, fits: list[Assessment], assessments: dict[str, Assessment]
    ) -> None:
        """A part (a storage class, a feature) that meets the requirement in no way its whole
        does not, apart from the wording of its use cases, ranks below the whole: "object
        storage" is answered by S3, not by S3 Object Lambda."""
        w = self.assessor.w.part_adds_nothing
        for a in fits:
            for p in self.assessor.parents.get(a.service, ()):
                whole = assessments.get(p)
                if whole is None or whole.violations:
                    continue
                if all(
                    v <= whole.breakdown.get(k, 0.0) + 1e-9
                    for k, v in a.breakdown.items()
                    if k != "use cases"
                ):
                    name = self.idx.services[p].name
                    part_of = self.assessor.part_of.get((a.service, p))
                    a.breakdown = {**a.breakdown, "context": a.breakdown.get("context", 0.0) - w}
                    a.score -= w
                    a.evidence.append(
                        Evidence(
                            kind="relation",
                            text=f"a part of {name} that adds nothing to it for this requirement",
                            points=-w,
                            sources=part_of.source if part_of else (),
                        )
                    )
                    break

    def _ranked(self, a: Assessment) -> Ranked:
        s = self.idx.services[a.service]
        return Ranked(
            service=s.id,
            name=s.name,
            category=s.category,
            score=round(a.score, 4),
            breakdown={k: round(v, 4) for k, v in sorted(a.breakdown.items())},
            justification=tuple(sorted(a.evidence, key=lambda e: -e.points)),
            lifecycle=s.lifecycle,
            unverified=tuple(a.unverified),
        )

    def _excluded(self, a: Assessment, *, hard: bool) -> Excluded:
        s = self.idx.services[a.service]
        return Excluded(
            service=s.id,
            name=s.name,
            hard=hard,
            reasons=tuple(e for _, e in a.violations),
            score=round(a.score, 4),
        )

    def _outranked(self, a: Assessment, best: float, req: Requirement) -> Excluded:
        s = self.idx.services[a.service]
        reasons = [
            Evidence(
                kind="text",
                text=f"ranked lower: score {a.score:.2f} against {best:.2f} for the first answer",
            )
        ]
        if a.unverified:
            reasons.append(
                Evidence(kind="text", text="no fact shows it supports " + ", ".join(a.unverified))
            )
        neg = [e for e in a.evidence if e.points < 0]
        reasons += neg[:2]
        return Excluded(
            service=s.id, name=s.name, hard=False, reasons=tuple(reasons), score=round(a.score, 4)
        )

    # ------------------------------------------------------------------ relaxations
    def _relaxations(
        self, req: Requirement, assessments: dict[str, Assessment]
    ) -> tuple[Relaxation, ...]:
        by_set: dict[frozenset[str], list[str]] = {}
        for a in assessments.values():
            items = frozenset(i for i, _ in a.violations)
            by_set.setdefault(items, []).append(a.service)
        minimal = [s for s in by_set if not any(o < s for o in by_set)]
        out = []
        for items in sorted(minimal, key=lambda s: (len(s), -len(by_set[s]), sorted(s))):
            admits = sorted(by_set[items], key=lambda sid: -assessments[sid].score)
            out.append(
                Relaxation(
                    give_up=tuple(self._item_label(req, i) for i in sorted(items)),
                    items=tuple(sorted(items)),
                    admits=tuple(admits),
                )
            )
        return tuple(out[:5])

    def _item_label(self, req: Requirement, item: str) -> str:
        kind, _, v = item.partition(":")
        if kind == "cap":
            return f"must have {self._cap_label(v)}"
        if kind == "not":
            return f"must not have {self._cap_label(v)}"
        if kind == "num":
            return req.constraints[int(v)].text()
        if kind == "svc":
            return f"exclusion of {self.idx.services[v].name}"
        if kind == "rule":
            return f"rule {v}"
        return item

    def _cap_label(self, cid: str) -> str:
        c = self.idx.concepts.get(("capability", cid))
        return c.pref_label if c else cid

    def _facts_between(self, req: Requirement) -> tuple[Evidence, ...]:
        """Relations between the services the text names ("Can WAF protect an NLB?"), negative
        ones first."""
        named = set(req.mentioned) | set(req.excluded_services)
        if len(named) < 2:
            return ()
        names = {s: self.idx.services[s].name for s in named}
        rels = [
            r
            for r in self.idx.relations
            if r.subject in named and r.object in named and r.subject != r.object
        ]
        rels.sort(key=lambda r: (not r.negated, not r.only, r.subject, r.predicate, r.object))
        return tuple(
            Evidence(
                kind="relation",
                text=r.text(names) + (f" ({r.note})" if r.note else ""),
                sources=r.source,
            )
            for r in rels[:10]
        )

    # ------------------------------------------------------------------ patterns
    def _patterns(self, req: Requirement, shown: list[Assessment]) -> tuple[PatternMatch, ...]:
        wanted = set(req.must) | set(req.nice)
        if not wanted or not self.idx.patterns:
            return ()
        best_cover = 0
        if shown:
            best_cover = sum(1 for c in wanted if self.assessor.has(shown[0].service, c))
        out = []
        for p in self.idx.patterns.values():
            caps = set(p.capabilities)
            for comp in p.components:
                caps |= {c for c in wanted if self.assessor.has(comp, c)}
            covers = sorted(wanted & caps)
            if len(covers) >= 2 and len(covers) > best_cover:
                score = len(covers) / len(wanted)
                out.append(
                    PatternMatch(
                        pattern=p.id,
                        name=p.name,
                        score=round(score, 3),
                        answers=p.answers,
                        components=p.components,
                        covers=tuple(covers),
                        sources=p.source,
                    )
                )
        out.sort(key=lambda m: (-m.score, m.pattern))
        return tuple(out[:3])

    # ------------------------------------------------------------------ explain
    def explain(self, service: Service, req_in: str | Requirement) -> Explanation:
        req = self.requirement(req_in)
        a = self.assessor.assess(service.id, req, self._sim(req))
        against = [e for _, e in a.violations] + [e for e in a.evidence if e.points < 0]
        if a.unverified:
            against.append(
                Evidence(kind="text", text="no fact shows it supports " + ", ".join(a.unverified))
            )
        return Explanation(
            service=service.id,
            name=service.name,
            requirement=req,
            fits=not a.violations,
            score=round(a.score, 4),
            breakdown={k: round(v, 4) for k, v in sorted(a.breakdown.items())},
            for_=tuple(e for e in a.evidence if e.points >= 0),
            against=tuple(against),
        )

    # ------------------------------------------------------------------ candidate designs
    def rank_options(self, scenario: str, options: Mapping[str, str]) -> list[OptionScore]:
        from .options import score_options

        if not isinstance(options, Mapping) or not options:
            raise RequirementError("options must be a non-empty mapping of label -> design text")
        return score_options(self, scenario, options)
