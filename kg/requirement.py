"""Requirements: the pydantic model and the plain-English parser.

The parser only knows mechanisms (phrase matching, quantities, nearby cue words). Every word it
recognises comes from the ontology (SKOS labels of categories, capabilities, attributes and cue
words) or from the fact files (service names and aliases).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import RequirementError
from .index import Index
from .text import Match, PhraseMatcher, stem
from .text import stems as stems_of
from .units import registry

__all__ = ["Requirement", "NumericConstraint", "RequirementParser", "MAX_REQUIREMENT_CHARS"]

MAX_REQUIREMENT_CHARS = 20_000
_WINDOW = 3  # tokens a cue word may stand before what it modifies
_ATTR_WINDOW = 6  # tokens between a quantity and the attribute label that names it


class NumericConstraint(BaseModel):
    """A quantity the answer must meet: ``message size >= 10 MB``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    attribute: str
    attribute_label: str = ""
    comparison: Literal["ge", "le"]
    value: float
    unit: str
    phrase: str = ""
    inferred: bool = Field(
        default=False, description="no attribute label stood next to the quantity: read by default"
    )

    def text(self) -> str:
        op = ">=" if self.comparison == "ge" else "<="
        v = f"{self.value:g}"
        return f"{self.attribute_label or self.attribute} {op} {v} {self.unit}"


class Requirement(BaseModel):
    """What a person asks for, as understood; every field can be edited and re-run."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str = ""
    categories: tuple[str, ...] = Field(
        default=(), description="sought categories: restrict candidates"
    )
    context_categories: tuple[str, ...] = Field(
        default=(), description="mentioned categories: rank only"
    )
    must: tuple[str, ...] = ()
    nice: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()
    superlatives: tuple[str, ...] = Field(
        default=(), description="preferences that decide (MOST cost-effective)"
    )
    constraints: tuple[NumericConstraint, ...] = ()
    mentioned: tuple[str, ...] = Field(
        default=(), description="services named in the text (context)"
    )
    excluded_services: tuple[str, ...] = ()
    include_flagged: bool = Field(
        default=False, description="rank retired/closed services as equals"
    )
    phrases: tuple[str, ...] = Field(default=(), description="the phrases that were understood")

    @property
    def understood(self) -> bool:
        return bool(
            self.categories
            or self.context_categories
            or self.must
            or self.nice
            or self.must_not
            or self.constraints
            or self.mentioned
        )

    def hard_items(self) -> list[str]:
        """The musts and numeric constraints, as relaxable labels (``cap:ordering``...)."""
        return [f"cap:{c}" for c in self.must] + [f"num:{i}" for i in range(len(self.constraints))]

    def without(self, items: set[str]) -> Requirement:
        """A copy with the given hard items relaxed (musts become nice-to-haves)."""
        caps = {i[4:] for i in items if i.startswith("cap:")}
        nums = {int(i[4:]) for i in items if i.startswith("num:")}
        return self.model_copy(
            update={
                "must": tuple(c for c in self.must if c not in caps),
                "nice": tuple(dict.fromkeys((*self.nice, *sorted(caps)))),
                "constraints": tuple(c for i, c in enumerate(self.constraints) if i not in nums),
            }
        )


_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[@/.+&'][A-Za-z0-9]+)*")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass
class _Tok:
    raw: str
    stem: str
    clause: int = 0  # tokens in different clauses (split by , ; : . ? !) never modify each other


def _tokenize(text: str) -> list[_Tok]:
    t = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    t = re.sub(r"(?<=\d)(?=[A-Za-z])", " ", t)  # 10MB -> 10 MB
    t = t.replace("-", " ").replace("’", "'")
    out: list[_Tok] = []
    clause, last = 0, 0
    for m in _TOKEN.finditer(t):
        if re.search(r"[,;:!?]|\.(\s|$)", t[last : m.start()]):
            clause += 1
        out.append(_Tok(raw=m.group(0), stem=stem(m.group(0).lower()), clause=clause))
        last = m.end()
    return out


class RequirementParser:
    """Turns plain English into a :class:`Requirement` using the graph's vocabulary."""

    def __init__(self, index: Index, names: dict[str, str]) -> None:
        self.idx = index
        phrases: list[tuple[str, str]] = []
        for (kind, cid), c in index.concepts.items():
            for label in c.labels():
                phrases.append((label, f"{kind}:{cid}"))
        # two independent passes: a service name ("RDS Oracle") never hides the vocabulary
        # words inside it ("Oracle"), and the reverse
        self.concept_matcher = PhraseMatcher(phrases)
        self.matcher = PhraseMatcher(
            (name, f"service:{sid}") for name, sid in names.items() if len(name) >= 2
        )
        cues = {cid: c for (kind, cid), c in index.concepts.items() if kind == "cue"}
        self.cue_matcher = PhraseMatcher(
            (label, cid) for cid, c in cues.items() for label in c.labels()
        )
        self.attrs = {cid: c for (kind, cid), c in index.concepts.items() if kind == "attribute"}
        # attribute labels alone, for the words next to a quantity that the longest-match pass
        # gave to a capability ("can be replayed for 7 days": replay, and retention)
        self.attr_matcher = PhraseMatcher(
            (label, f"attribute:{cid}") for cid, c in self.attrs.items() for label in c.labels()
        )
        vendor = cues.get("vendor")
        self.vendor = {w.lower() for w in vendor.labels()} if vendor else set()
        self.caps = {cid: c for (kind, cid), c in index.concepts.items() if kind == "capability"}
        # number words ("five", "a") and the value each stands for, from the lexicon
        self.numbers = {cid: c.number for cid, c in cues.items() if c.number is not None}
        # words opening an answer to a yes/no question ("Yes", "False") and what they assert
        self.polarity = {cid: c.polarity for cid, c in cues.items() if c.polarity}

    # ------------------------------------------------------------------ entry point
    def parse(self, text: str) -> Requirement:
        if not isinstance(text, str):
            raise RequirementError("a requirement must be text")
        if not text.strip():
            raise RequirementError(
                "the requirement is empty: describe what you need, e.g. "
                "'which database for a social network?'"
            )
        if len(text) > MAX_REQUIREMENT_CHARS:
            raise RequirementError(
                f"the requirement is {len(text):,} characters long; keep it under "
                f"{MAX_REQUIREMENT_CHARS:,} (one scenario, not a document)"
            )
        toks = _tokenize(text)
        stems = [t.stem for t in toks]
        raw = [t.raw for t in toks]
        matches = sorted(
            self.concept_matcher.find(stems, raw) + self.matcher.find(stems, raw),
            key=lambda m: (m.start, m.key),
        )
        cues = self.cue_matcher.find(stems, raw)
        cue_at: dict[int, set[str]] = {}
        for c in cues:
            for i in range(c.start, c.end):
                cue_at.setdefault(i, set()).add(c.key)

        quantities = self._quantities(toks, cue_at)
        q_spans = {i for q in quantities for i in range(q.start, q.end)}

        covered: dict[int, int] = {}
        for m in matches:
            for i in range(m.start, m.end):
                covered[i] = m.start
        for q in quantities:
            for i in range(q.start, q.end):
                covered[i] = q.start

        def cue_before(m: Match, cue: str, window: int = _WINDOW) -> bool:
            # look back over at most `window` tokens, never across another match
            for i in range(m.start - 1, max(-1, m.start - window - 1), -1):
                if cue in cue_at.get(i, ()):
                    return True
                if covered.get(i, m.start) != m.start and not cue_at.get(i):
                    return False
            return False

        cats: list[str] = []
        ctx_cats: list[str] = []
        must: list[str] = []
        nice: list[str] = []
        must_not: list[str] = []
        sup: list[str] = []
        mentioned: list[str] = []
        excluded: list[str] = []
        phrases: list[str] = []
        # a phrase that names a service ("S3") is context: a capability read from the same
        # words is only a preference, never a must
        service_spans = [(m.start, m.end) for m in matches if m.key.startswith("service:")]
        concept_spans = [
            (m.start, m.end)
            for m in matches
            if m.key.partition(":")[0] in ("category", "capability", "attribute")
        ]

        def overlaps(m: Match, spans: list[tuple[int, int]]) -> bool:
            return any(m.start < e and s < m.end for s, e in spans)

        for m in matches:
            if m.start in q_spans:
                continue
            kind, _, cid = m.key.partition(":")
            # labels such as "without managing servers" carry their own negation
            negated = cue_before(m, "negation", 2) and "negation" not in cue_at.get(m.start, ())
            if kind == "category":
                opens = m.start < 4 and "purpose" in cue_at.get(m.end, ())
                sought = opens or cue_before(m, "seek", 4)
                (cats if sought and not negated else ctx_cats).append(cid)
            elif kind == "capability":
                if negated:
                    must_not.append(cid)
                elif cue_before(m, "superlative", 2) or "superlative" in cue_at.get(m.start, ()):
                    sup.append(cid)
                    nice.append(cid)
                elif self.caps[cid].soft or cue_before(m, "soft") or overlaps(m, service_spans):
                    nice.append(cid)
                else:
                    must.append(cid)
            elif kind == "service":
                if overlaps(m, concept_spans) and not _named(toks, m.start, m.end, self.vendor):
                    continue  # "a batch job", "translate documents": words, not AWS Batch
                (excluded if negated else mentioned).append(cid)
            else:
                continue
            phrases.append(m.phrase)

        constraints = [self._constraint(q, matches, cue_at, toks, covered) for q in quantities]
        for q in constraints:
            if q is not None:
                phrases.append(q.phrase)
        uniq = lambda xs: tuple(dict.fromkeys(xs))  # noqa: E731
        must_t = uniq(c for c in must if c not in must_not)
        return Requirement(
            text=text.strip(),
            categories=uniq(cats),
            context_categories=uniq(c for c in ctx_cats if c not in cats),
            must=must_t,
            nice=uniq(c for c in nice if c not in must_t and c not in must_not),
            must_not=uniq(must_not),
            superlatives=uniq(sup),
            constraints=tuple(c for c in constraints if c is not None),
            mentioned=uniq(s for s in mentioned if s not in excluded),
            excluded_services=uniq(excluded),
            include_flagged=any(c.key == "include-flagged" for c in cues),
            phrases=uniq(phrases),
        )

    def answer_polarity(self, text: str) -> int:
        """+1 when the text opens by affirming ("Yes, ..."), -1 by denying ("No."), else 0."""
        first = self.cue_matcher.find(stems_of(text)[:3])
        return next(
            (self.polarity[m.key] for m in first if m.start == 0 and m.key in self.polarity), 0
        )

    def asks_for_a_claim(self, text: str) -> bool:
        """Whether the text asks which statement is true (or false) of its subject."""
        return any(m.key == "claim" for m in self.cue_matcher.find(stems_of(text)))

    def negated(self, text: str) -> bool:
        """Whether the text holds a negation cue ("cannot", "without", "not")."""
        return any(m.key == "negation" for m in self.cue_matcher.find(stems_of(text)))

    # ------------------------------------------------------------------ quantities
    @dataclass
    class _Q:
        start: int
        end: int
        value: float
        unit: str
        dimension: str

    def _quantities(self, toks: list[_Tok], cue_at: dict[int, set[str]]) -> list[_Q]:
        out: list[RequirementParser._Q] = []
        i = 0
        while i < len(toks):
            raw = toks[i].raw
            value: float | None = None
            if _NUMBER.match(raw):
                value = float(raw)
            elif words := [c for c in cue_at.get(i, ()) if c in self.numbers]:
                value = self.numbers[words[0]]
            if value is None:
                i += 1
                continue
            found = self._unit_after(toks, i + 1)
            if found is None:
                if _NUMBER.match(raw):
                    out.append(self._Q(i, i + 1, value, "count", "[count]"))
                i += 1
                continue
            unit, end = found
            dim = str(registry().Quantity(1, unit).dimensionality)
            out.append(self._Q(i, end, value, unit, dim))
            i = end
        return out

    @staticmethod
    def _unit_after(toks: list[_Tok], j: int) -> tuple[str, int] | None:
        if j >= len(toks):
            return None
        cands: list[tuple[str, int]] = []
        if j + 2 < len(toks) and toks[j + 1].raw.lower() == "per":
            cands.append((f"{toks[j].raw}/{toks[j + 2].raw}", j + 3))
        cands.append((toks[j].raw, j + 1))
        ureg = registry()
        for text, end in cands:
            for variant in _case_variants(text):
                try:
                    q = ureg.Quantity(1, variant)
                except Exception:  # pint raises many types for non-units
                    continue
                if str(q.dimensionality) == "dimensionless" and "percent" not in variant:
                    continue
                if str(q.dimensionality) == "[count]" and variant.lower() in ("count", "_"):
                    continue
                return variant, end
        return None

    def _constraint(
        self,
        q: _Q,
        matches: list[Match],
        cue_at: dict[int, set[str]],
        toks: list[_Tok],
        covered: dict[int, int],
    ) -> NumericConstraint | None:
        cands = [
            a
            for a in self.attrs.values()
            if a.dimension == q.dimension
            or (a.dimension == "[currency]" and "[currency]" in q.dimension)
        ]
        if not cands:
            return None
        names = {a.id for a in cands}
        clause = toks[q.start].clause
        near = [
            m
            for m in matches
            if m.key.startswith("attribute:")
            and m.key[10:] in names
            and toks[m.start].clause == clause
            and (
                q.start - _ATTR_WINDOW <= m.end <= q.start
                or q.end <= m.start <= q.end + _ATTR_WINDOW
            )
        ]
        if not near:
            # label words inside the window that the longest-match pass gave to other concepts
            lo = max(0, q.start - _ATTR_WINDOW)
            window = [t.stem for t in toks[lo : q.end + _ATTR_WINDOW]]
            near = [
                Match(m.start + lo, m.end + lo, m.key, m.phrase)
                for m in self.attr_matcher.find(window)
                if m.key[10:] in names
                and toks[m.start + lo].clause == clause
                and not (q.start <= m.start + lo < q.end)
            ]
        attr = None
        inferred = False
        if near:
            best = min(
                near,
                key=lambda m: (
                    min(abs(m.end - q.start), abs(m.start - q.end)),
                    -len(self.attrs[m.key[10:]].broader),
                ),
            )
            attr = self.attrs[best.key[10:]]
        elif q.dimension == "[count]":
            return None  # a bare number with no attribute nearby is not a requirement
        else:
            defaults = [a for a in cands if a.default_for_dimension]
            attr = sorted(defaults or cands, key=lambda a: a.id)[0]
            inferred = True
        comparison = attr.comparison or "ge"
        before: set[str] = set()
        for i in range(q.start - 1, max(-1, q.start - _WINDOW - 1), -1):
            if covered.get(i) is not None and not cue_at.get(i):
                break
            before |= cue_at.get(i, set())
        if "at-most" in before and "at-least" not in before:
            comparison = "le"
        elif "at-least" in before and "at-most" not in before and attr.comparison != "le":
            comparison = "ge"
        phrase = " ".join(t.raw for t in toks[max(0, q.start - 2) : q.end])
        return NumericConstraint(
            attribute=attr.id,
            attribute_label=attr.pref_label,
            comparison=comparison,  # type: ignore[arg-type]
            value=q.value,
            unit=q.unit,
            phrase=phrase,
            inferred=inferred,
        )


def _named(toks: list[_Tok], start: int, end: int, vendor: set[str]) -> bool:
    """Whether words that are also vocabulary labels name the service here: written with a
    capital (not just opening the text) or after "AWS"/"Amazon"."""
    if start > 0 and toks[start - 1].raw.lower() in vendor:
        return True
    words = [t.raw for t in toks[start:end]]
    if start == 0:
        words[0] = words[0][1:]
    return any(c.isupper() for w in words for c in w)


def _case_variants(text: str) -> list[str]:
    """Spellings to try: as typed first, then the capitalisations people drop ("mb" -> "MB").

    Lower-case size units ("mb", "gbps") parse as milli-bits, so for an all-lower-case token
    the upper-case forms go first; time units are lower-case and parse as typed.
    """
    out = [text]
    if text[:1].isupper() and text[1:].islower():
        out.append(text.lower())
    if text.islower() and text.rstrip("s").endswith(("b", "bps", "b/")) or "b/" in text:
        out = [text.upper(), text[:1].upper() + text[1:], *out]
    return list(dict.fromkeys(out))
