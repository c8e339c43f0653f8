"""Judging candidate designs: each option is read like a requirement, then scored against the
scenario: how well its services fit, the facts that back its words, the figures that match
recorded limits, and what the graph says is impossible about it. Every score comes with its
breakdown; yes/no, fill-in-the-blank and "which statement" questions get their own reading."""

from __future__ import annotations

import re
import statistics
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .errors import RequirementError
from .requirement import NumericConstraint, Requirement
from .results import OptionScore
from .retrieval import FactDoc
from .text import stems, tokens
from .units import dimension_of_word, to_base

if TYPE_CHECKING:
    from .engine import Engine

__all__ = ["score_options", "split_question"]

_VIOLATION = 4.0  # a violated limit or a negative fact weighs this much per finding
_CAP_MATCH = 1.0
_TEXT = 2.0
_TOP = 3
_DISTINCT = True  # retrieve on the words that set an option apart from the others
_SUPPORT = 1.0  # weight of fact retrieval (BM25 over the graph's facts) for scenario + option
_LIMIT_MATCH = 4.0  # the option's figure is a recorded limit of a service the scenario names
_EFFORT = 1.5  # per hand-made step in a design, when the scenario wants the least overhead
_OWN_FACT = 6.0  # share of the best scenario-matching fact held by the option's own services
_COVER = 3.0  # share of the scenario's wanted capabilities that the option's services cover
_POLAR = 20.0  # a yes/no answer that agrees with the polarity of the graph's closest fact
_SERVICE_TERMS = ("fit", "cover", "own fact")  # the terms that read an option's services


def score_options(engine: Engine, scenario: str, options: Mapping[str, str]) -> list[OptionScore]:
    req = engine.requirement(scenario)
    # quantities read without a label next to them are too uncertain to rule a design out
    req = req.model_copy(
        update={"constraints": tuple(c for c in req.constraints if not c.inferred)}
    )
    idx, asr = engine.idx, engine.assessor
    sim = engine._sim(req)
    scen_stems = set(stems(req.text))
    scen_words = asr.words(req.text)
    # a blank to fill, or a question asking which statement is true: each option is a claim
    cloze = bool(_BLANK.search(scenario)) or engine.parser.asks_for_a_claim(scenario)
    retriever = engine.retriever
    scen_scores = retriever.scores(scen_words)  # scored once, filtered per use below
    parsed: dict[str, Requirement] = {}
    for label, text in options.items():
        if not isinstance(label, str) or not isinstance(text, str):
            raise RequirementError("option labels and texts must be text")
        if not text.strip():
            parsed[label] = Requirement()
            continue
        try:
            parsed[label] = engine.parser.parse(text)
        except RequirementError:
            parsed[label] = Requirement(text=text[:2000])
    mentioned = sorted({s for r in parsed.values() for s in r.mentioned})
    cache = {sid: asr.assess(sid, req, sim) for sid in mentioned}
    # services named by every option say nothing about which option is better
    common = (
        set.intersection(*(set(r.mentioned) for r in parsed.values())) if len(parsed) > 1 else set()
    )
    wanted = set(req.must) | set(req.nice)
    # words every option uses say nothing about which one is better
    word_sets = [set(asr.words(t)) for t in options.values() if isinstance(t, str)]
    shared_words = set.intersection(*word_sets) if len(word_sets) > 1 else set()
    text_of = {k: v if isinstance(v, str) else "" for k, v in options.items()}
    best_fact = retriever.best(scen_scores, top=1)[0]
    # cues for hand-made work in a design, and whether the scenario wants what they go against
    opposing = {
        cue
        for c in wanted | set(req.superlatives)
        if (concept := idx.concepts.get(("capability", c)))
        for cue in concept.opposed_by
    }
    polarity = {k: engine.parser.answer_polarity(t) for k, t in text_of.items()}
    polar = _polar_answer(engine, req, scen_scores, set(polarity.values()))
    # figures equal to a recorded limit: the option whose limit is closest to what is asked wins
    limit_hits = {k: _limit_match(engine, req, text_of[k], parsed[k].constraints) for k in options}
    top_relevance = max((r for r, _ in limit_hits.values()), default=0.0) or 1.0
    out = []
    named: dict[str, dict[str, float]] = {k: {} for k in options}  # each option's score terms
    all_reasons: dict[str, list[str]] = {}
    for label in options:
        opt = parsed[label]
        reasons = all_reasons[label] = []
        terms = named[label]
        svcs = [s for s in opt.mentioned if s not in common] or list(opt.mentioned)
        if svcs:
            fits = sorted((cache[s].score for s in svcs), reverse=True)
            terms["fit"] = sum(fits[:2]) / min(2, len(fits))
            for s in svcs:
                a = cache[s]
                for _item, ev in a.violations:
                    _add(terms, "violations", -_VIOLATION)
                    reasons.append(f"{idx.services[s].name}: {ev.text}" + _src(ev, "sources"))
                if a.score:
                    reasons.append(f"{idx.services[s].name} fits the scenario with {a.score:.2f}")
        if wanted and opt.mentioned:
            covered = [c for c in wanted if any(asr.has(s, c) for s in opt.mentioned)]
            terms["cover"] = _COVER * len(covered) / len(wanted)
            if covered:
                reasons.append("covers " + ", ".join(engine._cap_label(c) for c in covered))
        for _x, _y, why in _negative_pairs(engine, list(opt.mentioned)):
            _add(terms, "violations", -_VIOLATION)
            reasons.append(why)
        for cap in set(opt.must) | set(opt.nice):
            if cap in wanted:
                _add(terms, "claims", _CAP_MATCH)
                reasons.append(f"addresses {engine._cap_label(cap)}")
            if cap in req.must_not:
                _add(terms, "claims", -(_CAP_MATCH * 2))
                reasons.append(f"uses {engine._cap_label(cap)}, which the scenario rules out")
            for s in opt.mentioned:
                neg = asr.lacks(s, cap)
                if neg is not None:
                    _add(terms, "violations", -_VIOLATION)
                    reasons.append(f"{idx.services[s].name} {neg.text}" + _src(neg, "sources"))
        own = (
            [w for w in asr.words(opt.text) if w not in shared_words]
            if _DISTINCT
            else asr.words(opt.text)
        )
        shown: FactDoc | None = None
        if cloze:
            # a fill-in-the-blank sentence is a claim: the facts that back it hold both the
            # words around the blank and the words of the filler
            support, docs = retriever.joint_support(scen_scores, own, top=_TOP)
        else:
            support, docs = retriever.support(scen_words + own, top=_TOP, positive=True)
        _add(terms, "support", _SUPPORT * support)
        if svcs and best_fact > 0:
            # does one of the option's own services hold the fact that best answers the scenario?
            # a fact that says what a service cannot do never backs an option that uses it
            own_best, own_docs = retriever.best(
                scen_scores, top=1, services=set(svcs), positive=True
            )
            terms["own fact"] = _OWN_FACT * own_best / best_fact
            if own_docs and own_best >= 0.8 * best_fact:
                d = shown = own_docs[0]
                reasons.append(
                    f"{idx.services[d.service].name} holds a fact matching the scenario: "
                    + _fact(d)
                )
        if docs and docs[0] is not shown:
            reasons.append(
                f"best supporting fact: {idx.services[docs[0].service].name}: {_fact(docs[0])}"
            )
        if opposing:
            effort = [
                c for c in engine.parser.cue_matcher.find(stems(opt.text)) if c.key in opposing
            ]
            if effort:
                _add(terms, "effort", -(_EFFORT * len(effort)))
                reasons.append(
                    f"asks for work by hand ({', '.join(c.phrase for c in effort)}), against least operational overhead"
                )
        if polar is not None and (pol := polarity[label]):
            expected, doc = polar
            _add(terms, "yes/no", _POLAR if pol == expected else -_POLAR)
            if pol == expected:
                reasons.append(
                    f"the closest fact in the graph {'denies' if expected < 0 else 'affirms'} it: "
                    f"{idx.services[doc.service].name}: {_fact(doc)}"
                )
        relevance, hit = limit_hits[label]
        if hit:
            _add(terms, "limit match", _LIMIT_MATCH * relevance / top_relevance)
            reasons.append(hit)
        opt_stems = set(stems(opt.text))
        if opt_stems and scen_stems:
            overlap = len(opt_stems & scen_stems) / (len(opt_stems) ** 0.5 * len(scen_stems) ** 0.5)
            _add(terms, "words shared", _TEXT * overlap)
    # an option that names no service ("User data", "signed URLs") is judged on its words: the
    # terms that read its services take the middle value of the other options' instead of 0,
    # so naming a service is neither a reward nor a penalty in itself
    with_services = [k for k in options if parsed[k].mentioned]
    for label in options:
        if not parsed[label].mentioned and with_services:
            for term in _SERVICE_TERMS:
                named[label][term] = statistics.median(
                    named[k].get(term, 0.0) for k in with_services
                )
            all_reasons[label].append(
                "names no service: its fit, cover and own-fact terms are the median of the "
                "other options'"
            )
    for label in options:
        opt, terms = parsed[label], named[label]
        out.append(
            OptionScore(
                label=label,
                score=round(sum(terms.values()), 4),
                services=tuple(opt.mentioned),
                reasons=tuple(dict.fromkeys(all_reasons[label])),
                breakdown={k: round(v, 4) for k, v in terms.items() if v},
            )
        )
    out.sort(key=lambda o: (-o.score, o.label))
    return out


_OPTION_LINE = re.compile(r"^\s*[\(\[]?([A-Ha-h])\s*[\.\):\]]\s+(\S.*)$")


def split_question(text: str) -> tuple[str, dict[str, str]]:
    r"""A pasted question as (scenario, options): each option on its own line, opening with its
    letter ("A. ...", "B) ...", "(C) ...", "D: ..."); every other line is the scenario.

    >>> split_question("Which queue keeps order?\nA. SQS FIFO\nB) SNS")
    ('Which queue keeps order?', {'A': 'SQS FIFO', 'B': 'SNS'})
    """
    if not isinstance(text, str) or not text.strip():
        raise RequirementError("the question is empty: paste a scenario and its options")
    scenario: list[str] = []
    options: dict[str, str] = {}
    last: str | None = None
    for line in text.splitlines():
        m = _OPTION_LINE.match(line)
        if m and m.group(1).upper() not in options:
            last = m.group(1).upper()
            options[last] = m.group(2).strip()
        elif line.strip() and last is not None:
            options[last] += " " + line.strip()  # an option that runs over several lines
        elif line.strip():
            scenario.append(line.strip())
    if len(options) < 2:
        raise RequirementError(
            "found fewer than two options: put each option on its own line, opening with its "
            "letter (A. ..., B. ...)"
        )
    if not scenario:
        raise RequirementError("found options but no scenario: put the question above them")
    return " ".join(scenario), options


def _negative_pairs(engine: Engine, services: list[str]) -> list[tuple[str, str, str]]:
    """Negative or exclusive facts between services named together in one design."""
    idx = engine.idx
    names = {s: idx.services[s].name for s in services}
    present = set(services)
    found = []
    for r in (r for sid in services for r in engine.assessor.denied.get(sid, ())):
        if r.object in present:
            found.append(
                (
                    r.subject,
                    r.object,
                    f"{names[r.subject]} {r.predicate_label} {names[r.object]}" + _src(r),
                )
            )

    # "only" relations: another service of the same kind as the allowed ones (the same
    # category or one beside it under the same broader one) is a violation
    def family(cat: str) -> set[str]:
        concept = idx.concepts.get(("category", cat))
        return {cat, *(concept.broader if concept else ())}

    only: dict[tuple[str, str], set[str]] = {}
    for r in (r for sid in services for r in engine.assessor.exclusive.get(sid, ())):
        only.setdefault((r.subject, r.predicate), set()).add(r.object)
    for (subj, pred), allowed in only.items():
        cats = set().union(*(family(idx.services[a].category) for a in allowed))
        for other in present - allowed - {subj}:
            if family(idx.services[other].category) & cats:
                label = idx.predicate_labels.get(pred, (pred, pred))[0]
                allowed_names = ", ".join(sorted(idx.services[a].name for a in allowed))
                found.append(
                    (subj, other, f"{names[subj]} {label} only {allowed_names}, not {names[other]}")
                )
    return found


def _polar_answer(
    engine: Engine, req: Requirement, scores: dict[int, float], polarities: set[int]
) -> tuple[int, FactDoc] | None:
    """For a yes/no (or true/false) question: the answer the graph's closest fact gives, +1 or
    -1, and that fact. A negative fact (what a service cannot do) answers "no"; so does a
    positive one when the question itself is negated ("can I detach it without stopping?")."""
    if not {1, -1} <= polarities:
        return None
    scope = engine.assessor.with_parts(req.mentioned) if req.mentioned else None
    _, docs = engine.retriever.best(scores, top=1, services=scope)
    if not docs:
        return None
    doc = docs[0]
    answer = -1 if doc.negative else 1
    if engine.parser.negated(req.text):
        answer = -answer
    return answer, doc


def _add(terms: dict[str, float], term: str, value: float) -> None:
    terms[term] = terms.get(term, 0.0) + value


def _fact(d: FactDoc, limit: int = 240) -> str:
    """A fact's text, cut at a word when long, with its sources."""
    text = " ".join(d.text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "…"
    return text + _src(d, "sources")


def _src(r: object, attr: str = "source") -> str:
    srcs = getattr(r, attr, ())
    return f" <{', '.join(s.label for s in srcs)}>" if srcs else ""


_BLANK = re.compile(r"\[\s*(?:…|(?:\.\s*){2,})\s*\]|_{3,}")  # a blank to fill: "[...]", "____"
_NUMBER = re.compile(r"(?<![\w.])(\d[\d,]*(?:\.\d+)?)(?![\w.]*[a-zA-Z])")
_KIND_WORDS = {"max": "max maximum", "min": "min minimum", "default": "default"}


def _limit_match(
    engine: Engine, req: Requirement, option: str, quantities: tuple[NumericConstraint, ...]
) -> tuple[float, str]:
    """A figure in the option that equals a limit of a service the scenario names, and how
    closely that limit is what the scenario asks about (the words they share).

    A figure with a unit is compared after conversion ("1 minute" is a 60 s limit, never a
    1 day one); a bare number ("35") is compared in the limit's own unit."""
    if not req.mentioned:
        return 0.0, ""
    bare = [float(m.replace(",", "")) for m in _NUMBER.findall(option)][:3]
    with_unit = []
    for q in quantities:
        if q.unit == "count":
            bare.append(q.value)
            continue
        try:
            with_unit.append(to_base(q.value, q.unit))
        except Exception:  # an option's unit may not parse
            continue
    if not bare and not with_unit:
        return 0.0, ""
    words = set(engine.assessor.words(req.text))
    # a bare number is read in a limit's unit only when the question names that kind of unit
    # ("at least [...] GB in size") or the limit counts things
    asked_units = {w: d for w in tokens(req.text) if (d := dimension_of_word(w))}
    asked = set(asked_units.values())
    # ... and read in the unit the question names ("14" when it asks "in days")
    for n in bare:
        for w in asked_units:
            try:
                with_unit.append(to_base(n, w))
            except Exception:  # pint raises several unrelated types
                continue
    scope = engine.assessor.with_parts(req.mentioned)
    best: tuple[float, str] = (0.0, "")
    for sid in sorted(scope):
        for lim in engine.idx.limits.get(sid, []):
            values = [v for v in (lim.value, lim.value_max) if v is not None]
            try:
                lims = [to_base(v, lim.unit) for v in values]
            except Exception:  # a declared unit always parses; be safe with edited data
                continue
            dim = lims[0][1] if lims else ""
            same = (dim in asked or dim in ("dimensionless", "[count]")) and any(
                abs(n - v) < 1e-9 for n in bare for v in values
            )
            if not same and with_unit:
                same = any(
                    ld == qd and abs(lv - qv) <= 1e-6 * max(abs(qv), 1e-12)
                    for qv, qd in with_unit
                    for lv, ld in lims
                )
            if not same:
                continue
            about = engine.assessor.words(
                f"{lim.attribute_label} {_KIND_WORDS.get(lim.kind, lim.kind)} {lim.scope or ''} "
                f"{lim.condition or ''} {lim.note or ''}"
            )
            overlap = len(words & set(about))
            if overlap > best[0]:
                src = ", ".join(x.label for x in lim.source)
                best = (
                    float(overlap),
                    f"matches {engine.idx.services[sid].name} {lim.text()} <{src}>",
                )
    return best
