"""Retrieval over the graph's facts: every use case, capability, relation, limit and
description becomes a short document naming its service, scored with BM25.

Used to judge candidate designs: an option whose words are backed by facts about the
scenario's subject scores higher than one the graph says nothing about.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable

from .index import Index
from .models import Source

__all__ = ["FactRetriever", "FactDoc"]


class FactDoc:
    __slots__ = ("service", "text", "sources", "length", "negative")

    def __init__(
        self,
        service: str,
        text: str,
        sources: tuple[Source, ...],
        length: int,
        negative: bool = False,
    ) -> None:
        self.service, self.text, self.sources, self.length = service, text, sources, length
        self.negative = negative  # a negated capability or relation: what the service cannot do


class FactRetriever:
    K1 = 1.2
    B = 0.75

    def __init__(self, index: Index, words: Callable[[str], list[str]]) -> None:
        self.words = words
        self.docs: list[FactDoc] = []
        postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        names = {sid: s.name for sid, s in index.services.items()}

        def add(sid: str, text: str, sources: tuple[Source, ...], negative: bool = False) -> None:
            toks = words(f"{names[sid]} {text}")
            if not toks:
                return
            i = len(self.docs)
            self.docs.append(FactDoc(sid, text, sources, len(toks), negative))
            for t, c in Counter(toks).items():
                postings[t].append((i, c))

        for sid, s in index.services.items():
            add(sid, f"{' '.join(s.aliases)} {s.description}", s.sources)
        for sid, ucs in index.use_cases.items():
            for u in ucs:
                add(sid, u.text, u.source)
        for sid, caps in index.capabilities.items():
            for c in caps:
                add(
                    sid,
                    ("no " if c.negated else "")
                    + c.capability_label
                    + (f" {c.note}" if c.note else ""),
                    c.source,
                    c.negated,
                )
        for sid, lims in index.limits.items():
            for lim in lims:
                add(sid, lim.text() + (f" {lim.note}" if lim.note else ""), lim.source)
        for r in index.relations:
            txt = f"{r.predicate_label} {names.get(r.object, r.object)}" + (
                f" {r.note}" if r.note else ""
            )
            add(r.subject, txt, r.source, r.negated)  # the label of a negated one says "cannot"
        n = len(self.docs)
        self.avg = sum(d.length for d in self.docs) / max(1, n)
        self.idf = {
            t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in postings.items()
        }
        self.postings = dict(postings)

    def scores(self, query: list[str]) -> dict[int, float]:
        out: dict[int, float] = defaultdict(float)
        for t, qc in Counter(query).items():
            idf = self.idf.get(t)
            if idf is None:
                continue
            for i, c in self.postings[t]:
                d = self.docs[i]
                tf = c * (self.K1 + 1) / (c + self.K1 * (1 - self.B + self.B * d.length / self.avg))
                out[i] += idf * tf * qc
        return out

    def support(
        self,
        query: list[str],
        *,
        top: int = 3,
        services: set[str] | None = None,
        positive: bool = False,
    ) -> tuple[float, list[FactDoc]]:
        """Mean of the best ``top`` document scores (optionally only facts about ``services``,
        only positive facts), and those documents."""
        return self.best(self.scores(query), top=top, services=services, positive=positive)

    def best(
        self,
        scores: dict[int, float],
        *,
        top: int = 3,
        services: set[str] | None = None,
        positive: bool = False,
    ) -> tuple[float, list[FactDoc]]:
        """:meth:`support` over scores already computed (one query, several filters)."""
        kept = [
            (i, v)
            for i, v in scores.items()
            if (services is None or self.docs[i].service in services)
            and not (positive and self.docs[i].negative)
        ]
        ranked = sorted(kept, key=lambda kv: -kv[1])[:top]
        if not ranked:
            return 0.0, []
        return sum(v for _, v in ranked) / top, [self.docs[i] for i, _ in ranked]

    def joint_support(
        self, first: dict[int, float], query: list[str], *, top: int = 3
    ) -> tuple[float, list[FactDoc]]:
        """Mean of the best ``top`` geometric means of two scores per document: ``first`` (the
        scores of one text, from :meth:`scores`) and those of ``query``. Only documents that
        match both texts count."""
        second = self.scores(query)
        joint = {i: math.sqrt(first[i] * v) for i, v in second.items() if first.get(i)}
        return self.best(joint, top=top)
