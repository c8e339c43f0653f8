"""A plain in-memory triple index: the few look-ups the compiler and the indexer need.

rdflib's Memory store spends ~40 µs per added triple on indexes this package never queries;
building the records from this index and parsing the rdflib graph only when SPARQL, SHACL or
an export asks for it keeps ``kg.load()`` fast. Both hold the same triples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from rdflib import Graph

__all__ = ["TripleIndex", "rdflib_graph"]

Triple = tuple[Any, Any, Any]


class TripleIndex:
    def __init__(self) -> None:
        self._spo: dict[Any, dict[Any, list[Any]]] = defaultdict(lambda: defaultdict(list))
        self._pos: dict[Any, dict[Any, list[Any]]] = defaultdict(lambda: defaultdict(list))
        self._set: set[Triple] = set()

    def add(self, t: Triple) -> None:
        if t in self._set:
            return
        self._set.add(t)
        s, p, o = t
        self._spo[s][p].append(o)
        self._pos[p][o].append(s)

    def update(self, triples: Any) -> None:
        for t in triples:
            self.add(t)

    def __len__(self) -> int:
        return len(self._set)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._set)

    def __contains__(self, t: Triple) -> bool:
        return t in self._set

    def value(self, s: Any, p: Any) -> Any:
        objs = self._spo.get(s, {}).get(p)
        return objs[0] if objs else None

    def objects(self, s: Any, p: Any) -> list[Any]:
        return list(self._spo.get(s, {}).get(p, ()))

    def subjects(self, p: Any, o: Any) -> list[Any]:
        return list(self._pos.get(p, {}).get(o, ()))

    def subject_objects(self, p: Any) -> list[tuple[Any, Any]]:
        return [(s, o) for o, subs in self._pos.get(p, {}).items() for s in subs]

    def to_ntriples(self) -> str:
        return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in self._set)

    def to_rdflib(self) -> Graph:
        return rdflib_graph(self.to_ntriples())


def rdflib_graph(ntriples: str) -> Graph:
    """An rdflib graph of N-Triples text, with the project's prefixes bound."""
    from .vocabulary import PREFIXES

    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g.parse(data=ntriples, format="nt")
    return g
