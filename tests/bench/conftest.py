"""Shared machinery of the symbolic benchmarks: a session log of timings and a summary.

Every benchmark test checks that its result equals the other implementations' results
(numerically at random points, or exactly after a random substitution) and only then calls
``bench_log.record``; the end-of-session summary (``pytest_terminal_summary``) prints the
recorded timings as ratios (other implementation's time / the baseline's time, so a ratio
above 1 means the baseline is faster) and the readability comparison of the simplified
Christoffel symbols.

Timings are of the cold SymPy cache: every round starts from ``sympy.core.cache.clear_cache()``
(see ``run`` in test_bench_symbolic.py), so one implementation never profits from
expressions another one left in SymPy's global cache.

The Fisher benchmarks (test_bench_fisher.py) write factors of up to 2 GB, and at that size every
implementation's time is mostly the page faults of fresh memory. The summary prints
``THP_MEM_ALLOC_ENABLE`` (PyTorch's transparent huge pages for CPU allocations of 2 MB and more,
read when torch is imported): it is left as the environment has it, unset (off) by default.

The diffusion benchmarks (test_bench_diffusion.py) add the families ``psgrad`` (per-sample
gradients) and ``spectrum`` (the spectrum of D) and a done-when line of time and peak memory at
d ~ 1e6, N = 2048, measured in fresh subprocesses (``record_seconds``, ``DIFFUSION_DONE_WHEN_KEY``).

The bracket benchmarks (test_bench_brackets.py) add the family ``brackets`` (all 45 Lie brackets of
the C = 10 data fields and the involutivity defect at n = 64, 784, 3072: the batched jvp route vs a
loop of lie_bracket and the full-Hessian route) and a table of each route's peak memory, measured
once per route in a fresh subprocess (``BRACKETS_MEMORY_KEY``).
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Any

import pytest

# A family of cases, its baseline implementation (the denominator of every ratio) and a title.
FAMILIES = {
    "raw": ("geomath", "Christoffel symbols, raw (unsimplified)"),
    "simplified": ("geomath", "Christoffel symbols, simplified"),
    "weak": ("geomath", "weak-field Christoffel symbols of I + eps*D through O(eps^order)"),
    "diffusion": ("pairwise", "diffusion matrix, pairwise form vs covariance form vs naive loop"),
    "factor": ("geomath", "Fisher factor fisher_factor (J_w, A) per input, vs naive loop and anchors"),
    "fisher": ("geomath", "dense true Fisher fisher(model, x) (d x d per input), vs naive loop and anchors"),
    "data": ("geomath", "local data matrix data_matrix(model, x) (n x n per input, n = 64)"),
    "psgrad": ("geomath", "per-sample gradients per_sample_grads (N x d, N = 256), vs vmap path, naive loop and anchors"),
    "spectrum": ("geomath", "spectrum of the diffusion matrix D: diffusion_spectrum (layer-wise Gram) vs streamed Gram "
                            "and the dense route"),
    "brackets": ("geomath", "Lie brackets and involutivity defect of the data distribution, C = 10, all 45 pairs"),
}
# The done-when comparison of the Fisher benchmarks (issue 4, item 5): the batched factor for 256
# inputs on the d ~ 1e5 MLP vs the naive loop (>= 5x) and vs the fastest anchor computing the same
# true Fisher (>= 1x); speed is reported, never asserted.
DONE_WHEN_CASE = "factor-mlp-d1e5-B256"
DONE_WHEN_ANCHORS = ("backpack", "nngeometry", "curvlinops")
# The done-when of the diffusion benchmarks (test_bench_diffusion.py): diffusion_spectrum at
# d ~ 1e6, N = 2048 on CPU, each method run in a fresh subprocess; peak RSS within 24 GiB.
# The test stores {"method": ..., "setting": ..., "time": s, "peak_gib": ...} under
# (DIFFUSION_DONE_WHEN_KEY, impl) in bench_log.store.
DIFFUSION_DONE_WHEN_CASE = "spectrum-d1e6-N2048"
DIFFUSION_DONE_WHEN_KEY = "diffusion-done-when"
DIFFUSION_MEMORY_LIMIT_GIB = 24.0
# The peak memory of the bracket routes (test_bench_brackets.py): each route once in a fresh
# subprocess; the test stores {"peak_mib", "before_mib", "delta_mib", "time", "reset"} under
# (BRACKETS_MEMORY_KEY, case, impl) in bench_log.store.
BRACKETS_MEMORY_KEY = "brackets-memory"


@dataclass
class Timing:
    min: float
    mean: float
    rounds: int


@dataclass
class BenchLog:
    results: dict[str, dict[str, Timing]] = field(default_factory=dict)  # case -> impl -> timing
    store: dict[tuple, Any] = field(default_factory=dict)  # results shared between tests
    notes: list[str] = field(default_factory=list)

    def record(self, case: str, impl: str, benchmark) -> None:
        """Keep the timing of a benchmark whose result has been checked."""
        meta = getattr(benchmark, "stats", None)
        stats = getattr(meta, "stats", None)
        if stats is None:  # --benchmark-disable: nothing was timed
            return
        self.results.setdefault(case, {})[impl] = Timing(stats.min, stats.mean, stats.rounds)

    def record_seconds(self, case: str, impl: str, seconds: float) -> None:
        """Keep a checked timing taken by the test itself (one round), e.g. inside a subprocess
        whose start-up pytest-benchmark's own timing would include."""
        self.results.setdefault(case, {})[impl] = Timing(seconds, seconds, 1)

    def note(self, line: str) -> None:
        if line not in self.notes:
            self.notes.append(line)


_LOG_KEY = pytest.StashKey[BenchLog]()


_LOAD_AT_START = pytest.StashKey[str]()


def _loadavg() -> str:
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def pytest_configure(config):
    config.stash[_LOG_KEY] = BenchLog()
    config.stash[_LOAD_AT_START] = _loadavg()


@pytest.fixture(scope="session")
def bench_log(request) -> BenchLog:
    return request.config.stash[_LOG_KEY]


def _fmt_time(t: float) -> str:
    if t >= 1:
        return f"{t:8.2f} s "
    if t >= 1e-3:
        return f"{t * 1e3:8.2f} ms"
    return f"{t * 1e6:8.1f} us"


def _family(case: str) -> str:
    return case.split("-", 1)[0]


@pytest.hookimpl(trylast=True)  # after pytest-benchmark's own tables
def pytest_terminal_summary(terminalreporter, exitstatus, config):
    log = config.stash.get(_LOG_KEY, None)
    if log is None or not (log.results or log.notes or log.store):
        return
    tr = terminalreporter
    tr.section("geomath benchmarks: ratios (other time / baseline time, min over rounds)")
    tr.write_line("A ratio > 1 means the baseline is that many times faster. Only cases whose results")
    tr.write_line("were checked equal are listed. Symbolic times are with a cold SymPy cache in every round.")
    tr.write_line(f"PYTHONHASHSEED={os.environ.get('PYTHONHASHSEED', '(unset: random)')}")
    if any(_family(c) in ("factor", "fisher", "data", "psgrad", "spectrum", "brackets") for c in log.results):
        thp = os.environ.get("THP_MEM_ALLOC_ENABLE", "(unset: off)")
        tr.write_line(f"THP_MEM_ALLOC_ENABLE={thp}; torch {_torch_attr('__version__')}, "
                      f"threads: {_torch_attr('get_num_threads')}, CPUs: {os.cpu_count()}, "
                      f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset: threads spin)')}")
        tr.write_line(f"load average (1/5/15 min) at start {config.stash.get(_LOAD_AT_START, '?')}, "
                      f"at end {_loadavg()}: other processes on the machine distort the timings")
    for fam, (base, title) in FAMILIES.items():
        cases = [c for c in log.results if _family(c) == fam]
        if not cases:
            continue
        tr.write_line("")
        tr.write_line(f"{title}  [baseline: {base}]")
        impls: list[str] = []
        for c in cases:
            for i in log.results[c]:
                if i != base and i not in impls:
                    impls.append(i)
        head = f"  {'case':<26}{base + ' (min)':>16}"
        for i in impls:
            head += f"{i:>22}"
        tr.write_line(head)
        for c in cases:
            row = log.results[c]
            b = row.get(base)
            line = f"  {c:<26}{(_fmt_time(b.min) if b else '-'):>16}"
            for i in impls:
                t = row.get(i)
                if t is None:
                    cell = "-"
                elif b is None:
                    cell = _fmt_time(t.min)
                else:
                    cell = f"{t.min / b.min:,.1f}x ({_fmt_time(t.min).strip()})"
                line += f"{cell:>22}"
            tr.write_line(line)
    _done_when(tr, log)
    _done_when_diffusion(tr, log)
    _brackets_memory(tr, log)
    for name in ("schwarzschild", "kerr"):
        _readability(tr, log, name, table=(name == "kerr"))
    if log.notes:
        tr.write_line("")
        tr.write_line("Notes:")
        for n in log.notes:
            tr.write_line(f"  - {n}")


def _torch_attr(name: str) -> str:
    torch = sys.modules.get("torch")
    value = getattr(torch, name, "?") if torch is not None else "?"
    return str(value() if callable(value) else value)


def _done_when(tr, log: BenchLog) -> None:
    """One line for the done-when of the Fisher benchmarks, from this run's minima."""
    row = log.results.get(DONE_WHEN_CASE)
    if not row or "geomath" not in row:
        return
    base = row["geomath"].min
    parts = []
    if "naive" in row:
        r = row["naive"].min / base
        parts.append(f"naive/geomath = {r:.2f}x (need >= 5x: {'met' if r >= 5 else 'NOT met'})")
    else:
        parts.append("naive loop not timed")
    anchors = {a: row[a].min for a in DONE_WHEN_ANCHORS if a in row}
    if anchors:
        best = min(anchors, key=anchors.get)
        r = anchors[best] / base
        parts.append(f"fastest anchor {best}/geomath = {r:.2f}x (need >= 1x: {'met' if r >= 1 else 'NOT met'})")
    else:
        parts.append("no anchor timed (install the bench extra)")
    tr.write_line("")
    tr.write_line(f"done-when, fisher_factor B=256 d=1e5 MLP ({DONE_WHEN_CASE}): " + "; ".join(parts))


def _done_when_diffusion(tr, log: BenchLog) -> None:
    """Time and peak memory of diffusion_spectrum at d ~ 1e6, N = 2048, one line per method."""
    runs = [(k[1], v) for k, v in log.store.items() if len(k) == 2 and k[0] == DIFFUSION_DONE_WHEN_KEY]
    if not runs:
        return
    tr.write_line("")
    tr.write_line(f"done-when, diffusion_spectrum d ~ 1e6, N = 2048, CPU ({DIFFUSION_DONE_WHEN_CASE}; "
                  f"each in a fresh subprocess, peak RSS = its VmHWM, limit "
                  f"{DIFFUSION_MEMORY_LIMIT_GIB:g} GiB):")
    for impl, v in runs:
        ok = v["peak_gib"] <= DIFFUSION_MEMORY_LIMIT_GIB
        before = f", {v['before_gib']:.2f} GiB before the call" if "before_gib" in v else ""
        tr.write_line(f"  {v['method']} [{impl}] ({v['setting']}): {v['time']:.2f} s, peak RSS "
                      f"{v['peak_gib']:.2f} GiB ({'met' if ok else 'NOT met'}{before})")


def _brackets_memory(tr, log: BenchLog) -> None:
    """Peak RSS of each bracket route, per case: the call's peak minus the RSS before it."""
    runs = {(k[1], k[2]): v for k, v in log.store.items() if len(k) == 3 and k[0] == BRACKETS_MEMORY_KEY}
    if not runs:
        return
    cases = list(dict.fromkeys(c for c, _ in runs))
    impls = list(dict.fromkeys(i for _, i in runs))
    reset = all(v["reset"] for v in runs.values())
    tr.write_line("")
    tr.write_line("Peak memory of the bracket routes: each once in a fresh subprocess, peak RSS during the call "
                  "(VmHWM" + (", reset just before it" if reset else ", NOT reset: may be an earlier peak")
                  + ") minus the RSS before it; in parentheses the whole process's peak")
    tr.write_line(f"  {'case':<26}" + "".join(f"{i:>24}" for i in impls))
    for c in cases:
        cells = []
        for i in impls:
            v = runs.get((c, i))
            cells.append("-" if v is None else f"{v['delta_mib']:,.1f} MiB ({v['peak_mib']:,.0f})")
        tr.write_line(f"  {c:<26}" + "".join(f"{cell:>24}" for cell in cells))


def _readability(tr, log: BenchLog, name: str, table: bool) -> None:
    """count_ops of geomath's simplified Γ^k_ij vs sympy.simplify's form, per distinct component."""
    import sympy as sp

    ours = log.store.get(("simplified", name, "geomath"))
    anchors = [i for i in ("einsteinpy", "diffgeom") if ("simplified", name, i) in log.store]
    if ours is None or not anchors:
        return
    theirs = {i: log.store[("simplified", name, i)] for i in anchors}
    n = ours.shape[0]
    rows = []
    for k in range(n):
        for i in range(n):
            for j in range(i, n):
                exprs = [ours[k, i, j]] + [theirs[x][k, i, j] for x in anchors]
                if all(e == 0 for e in exprs):
                    continue
                rows.append(((k, i, j), [sp.count_ops(e) for e in exprs], exprs))
    tr.write_line("")
    tr.write_line(
        f"Readability, {name}: count_ops of each distinct non-zero Gamma^k_ij (i <= j), "
        f"geomath simplify=True vs sympy.simplify of the anchors' raw symbols"
    )
    if table:
        head = f"  {'Gamma^k_ij':<12}{'geomath':>9}" + "".join(f"{'simplify(' + x + ')':>22}" for x in anchors)
        tr.write_line(head + "   geomath - best simplify")
        for (k, i, j), ops, _ in rows:
            best = min(ops[1:])
            mark = "  LONGER" if ops[0] > best else ""
            tr.write_line(
                f"  {f'[{k},{i},{j}]':<12}{ops[0]:>9}" + "".join(f"{o:>22}" for o in ops[1:])
                + f"   {ops[0] - best:+d}{mark}"
            )
    total = [sum(r[1][c] for r in rows) for c in range(1 + len(anchors))]
    tr.write_line(
        f"  {len(rows)} components; total count_ops: geomath {total[0]}, "
        + ", ".join(f"simplify({x}) {t}" for x, t in zip(anchors, total[1:]))
    )
    for c, x in enumerate(anchors, start=1):
        longer = sum(1 for r in rows if r[1][0] > r[1][c])
        shorter = sum(1 for r in rows if r[1][0] < r[1][c])
        tr.write_line(
            f"  vs simplify({x}): geomath longer in {longer}, equal in "
            f"{len(rows) - longer - shorter}, shorter in {shorter} of {len(rows)} components"
        )
    worse = [r for r in rows if r[1][0] > min(r[1][1:])]
    tr.write_line(f"  geomath longer than the shortest simplify form in {len(worse)} of {len(rows)} components")
    for (k, i, j), ops, exprs in worse[:4]:
        best = 1 + min(range(len(anchors)), key=lambda c: ops[1 + c])
        tr.write_line(f"    [{k},{i},{j}] geomath ({ops[0]} ops): {exprs[0]}")
        tr.write_line(f"    [{k},{i},{j}] simplify ({ops[best]} ops): {exprs[best]}")
