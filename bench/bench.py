"""`make bench`: speed, memory and quality figures, printed (never asserted in tests)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO.parent / "shared" / "bench"

_LOAD = """
import json, os, resource, sys, time
t0 = time.perf_counter()
import kg
t1 = time.perf_counter()
g = kg.load()
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "from_cache": g.from_cache,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _load_once(cache_dir: str) -> dict:
    env = dict(os.environ, KG_CACHE_DIR=cache_dir)
    out = subprocess.run(
        [sys.executable, "-c", _LOAD], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def bench_load() -> None:
    with tempfile.TemporaryDirectory() as d:
        cold = _load_once(d)
        warm = [_load_once(d) for _ in range(3)]
    w = min(x["load_s"] for x in warm)
    print("## kg.load()")
    print(
        f"cold (no cache; every compiler check, no SHACL): {cold['load_s']:.3f} s (+ import {cold['import_s']:.3f} s)"
    )
    print(
        f"warm (cached build):              {w:.3f} s (+ import {warm[0]['import_s']:.3f} s), from_cache={warm[0]['from_cache']}"
    )
    print(
        f"peak RSS (cold process):          {cold['peak_rss_mb']:.0f} MB; warm process {warm[0]['peak_rss_mb']:.0f} MB"
    )


def _names(g, names: list[str]) -> set[str]:  # type: ignore[no-untyped-def]
    out = set()
    for n in names:
        s = g.find_service(n)
        if s:
            out.add(s.id)
    return out


def bench_cases(g) -> list[float]:  # type: ignore[no-untyped-def]
    rows = [
        json.loads(x) for x in (BENCH / "cases_dev.jsonl").read_text().splitlines() if x.strip()
    ]
    hits, reject_ok, times, misses = 0, 0, [], []
    for r in rows:
        t = time.perf_counter()
        rec = g.recommend(r["query"], top_k=5)
        times.append(time.perf_counter() - t)
        first = rec.ranked[0].service if rec.ranked else None
        exp, rej = _names(g, r["expect"]), _names(g, r["reject"])
        hits += first in exp
        reject_ok += first not in rej
        if first not in exp:
            misses.append(f"  {r['id']}: got {first}, expected {sorted(exp) or r['expect']}")
    n = len(rows)
    print("\n## cases_dev.jsonl (recommend)")
    print(f"top-1: {hits}/{n} = {hits / n:.1%}; rejects kept off first place: {reject_ok}/{n}")
    print("misses:\n" + "\n".join(misses) if misses else "misses: none")
    return times


def bench_exam(g) -> list[float]:  # type: ignore[no-untyped-def]
    rows = [json.loads(x) for x in (BENCH / "exam_dev.jsonl").read_text().splitlines() if x.strip()]
    single = [r for r in rows if len(r["answer"]) == 1]
    times, ok, ok_sel, n_sel = [], 0, 0, 0
    for r in single:
        t = time.perf_counter()
        res = g.rank_options(r["question"], r["options"])
        times.append(time.perf_counter() - t)
        hit = res[0].label == r["answer"][0]
        ok += hit
        if r.get("selection"):
            n_sel += 1
            ok_sel += hit
    print("\n## exam_dev.jsonl (rank_options, single-answer questions)")
    print(f"all: {ok}/{len(single)} = {ok / len(single):.1%}")
    print(f"selection: {ok_sel}/{n_sel} = {ok_sel / max(1, n_sel):.1%}")
    return times


def bench_export(g) -> None:  # type: ignore[no-untyped-def]
    print("\n## export (full graph)")
    with tempfile.TemporaryDirectory() as d:
        for fmt in ("gexf", "graphml", "csv", "ttl", "nt", "jsonld"):
            out = Path(d) / (f"out-{fmt}" if fmt == "csv" else f"out.{fmt}")
            t = time.perf_counter()
            g.export(out, format=fmt)
            dt = time.perf_counter() - t
            size = (
                sum(f.stat().st_size for f in out.iterdir()) if out.is_dir() else out.stat().st_size
            )
            print(f"{fmt:8} {dt:6.3f} s  {size / 1024:8.0f} KiB")


def main() -> None:
    bench_load()
    import kg
    from kg.store import build

    t = time.perf_counter()
    build(use_cache=False, shacl=True)
    print(f"full validation with pyshacl (kg validate): {time.perf_counter() - t:.3f} s")
    g = kg.load()
    t = time.perf_counter()
    g.sparql("ASK { ?s ?p ?o }")
    print(f"first SPARQL query (loads the oxigraph store): {time.perf_counter() - t:.3f} s")
    s = g.stats()
    print("\n## graph")
    print(
        f"services {s.services}, limits {s.limits}, relations {s.relations} ({s.relations_negative} negative, {s.relations_only} only), "
        f"capability facts {s.capability_facts} ({s.capability_facts_negative} negative), use cases {s.use_cases}, patterns {s.patterns}, "
        f"sources {s.sources} ({s.seed_sources} seed lines, {s.url_sources} URLs), triples {s.triples}"
    )
    g.recommend("warm up")
    rt = bench_cases(g)
    ot = bench_exam(g)
    print("\n## speed after load")
    print(
        f"recommend:    p50 {statistics.median(rt) * 1000:.1f} ms, p95 {_pct(rt, 95) * 1000:.1f} ms ({len(rt)} queries)"
    )
    print(
        f"rank_options: p50 {statistics.median(ot) * 1000:.1f} ms, p95 {_pct(ot, 95) * 1000:.1f} ms ({len(ot)} questions)"
    )
    bench_export(g)


if __name__ == "__main__":
    main()
