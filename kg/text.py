"""Text mechanics shared by the parser and the scorer: tokens, phrase matching, TF-IDF.

Nothing here knows a service or a keyword: the phrases come from the ontology's labels and
the fact files' names and aliases.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["tokens", "stem", "PhraseMatcher", "Match", "TfIdf"]

_VOWEL = re.compile(r"[aeiouy]")
_TOKEN = re.compile(r"[a-z0-9]+(?:[@/.+&'][a-z0-9]+)*")


def stem(tok: str) -> str:
    """A light plural/verb-form folding, enough for labels to meet running text."""
    t = _stem(tok)
    # "store"/"stored" meet on "stor"; an acronym keeps its "e" ("vpce" is not "vpc")
    return t[:-1] if len(t) > 3 and t.endswith("e") and _VOWEL.search(t[:-1]) else t


def _stem(tok: str) -> str:
    if len(tok) > 6 and tok.endswith("ly") and not tok.endswith("ply"):
        tok = tok[:-2]  # adverbs meet their adjective: "cost-effectively", "securely"
    if len(tok) > 4 and tok.endswith("ies"):
        return tok[:-3] + "y"
    if len(tok) > 5 and tok.endswith("ing"):
        return tok[:-3]
    if len(tok) > 3 and tok.endswith("es") and tok[-3] in "sxz":
        return tok[:-2]
    if len(tok) > 3 and tok.endswith("s") and not tok.endswith("ss") and not tok.endswith("us"):
        return tok[:-1]
    if len(tok) > 4 and tok.endswith("ed") and not tok.endswith("eed"):
        return tok[:-2]
    return tok


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; hyphens split words ("multi-AZ" -> "multi", "az")."""
    return _TOKEN.findall(text.lower().replace("-", " ").replace("’", "'"))


def stems(text: str) -> list[str]:
    return [stem(t) for t in tokens(text)]


@dataclass(frozen=True)
class Match:
    start: int  # token offsets in the stemmed text
    end: int
    key: str  # what the phrase stands for (e.g. "capability:ordering")
    phrase: str  # the label that matched


class PhraseMatcher:
    """Longest-first, non-overlapping matching of labelled phrases against text."""

    def __init__(self, phrases: Iterable[tuple[str, str]]) -> None:
        self._map: dict[tuple[str, ...], set[str]] = {}
        self._labels: dict[tuple[str, ...], str] = {}
        # one-word labels match their own word and its plural only: stems alone would let
        # "orders" (of a shop) match "ordered" (of messages)
        self._forms: dict[tuple[str, ...], set[str]] = {}
        self.max_len = 1
        for label, key in phrases:
            st = tuple(stems(label))
            if not st:
                continue
            self._map.setdefault(st, set()).add(key)
            self._labels.setdefault(st, label)
            if len(st) == 1:
                w = tokens(label)[0]
                self._forms.setdefault(st, set()).update({w, w + "s", w + "es"})
            self.max_len = max(self.max_len, len(st))

    def find(self, toks: list[str], raw: list[str] | None = None) -> list[Match]:
        out: list[Match] = []
        taken = [False] * len(toks)
        for n in range(min(self.max_len, len(toks)), 0, -1):
            for i in range(len(toks) - n + 1):
                if any(taken[i : i + n]):
                    continue
                keys = self._map.get(tuple(toks[i : i + n]))
                if (
                    keys
                    and n == 1
                    and raw is not None
                    and raw[i].lower() not in self._forms.get((toks[i],), ())
                ):
                    keys = None
                if keys:
                    for k in sorted(keys):
                        out.append(Match(i, i + n, k, self._labels[tuple(toks[i : i + n])]))
                    for j in range(i, i + n):
                        taken[j] = True
        return sorted(out, key=lambda m: (m.start, m.key))


class TfIdf:
    """Cosine similarity between a query and a fixed set of documents (one per service)."""

    def __init__(self, docs: dict[str, list[str]]) -> None:
        n = len(docs)
        df: Counter[str] = Counter()
        for toks in docs.values():
            df.update(set(toks))
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self.vecs: dict[str, dict[str, float]] = {}
        for k, toks in docs.items():
            self.vecs[k] = self._vec(toks)

    def _vec(self, toks: list[str]) -> dict[str, float]:
        tf = Counter(toks)
        v = {t: (1 + math.log(c)) * self.idf.get(t, 0.0) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {t: x / norm for t, x in v.items() if x}

    def query(self, toks: list[str]) -> dict[str, float]:
        q = self._vec(toks)
        out: dict[str, float] = {}
        for k, v in self.vecs.items():
            s = sum(w * v.get(t, 0.0) for t, w in q.items())
            if s > 0:
                out[k] = s
        return out
