"""Benchmarks of geomath's Lie brackets: all C(C−1)/2 = 45 brackets [V_a, V_b](x) of the C = 10
data fields V_a(x) = ∇_x log p_a(x) and the involutivity defect of their span, by three routes.

Run by ``make bench`` (never by ``make test``, which ignores tests/bench)::

    PYTHONHASHSEED=0 pytest tests/bench/test_bench_brackets.py --benchmark-only -s -p no:randomly

Model: ``relu_mlp(n, hidden=(32, 32), n_classes=10, seed=0)``, float64, in eval mode, at input
dimension n = 64, 784, 3072 (the sizes of 8×8 digits, MNIST and CIFAR-10); one point x ~ N(0, I_n)
drawn from ``torch.Generator().manual_seed(0)``. Family ``brackets``, case ``brackets-n{n}``;
each ratio is the other route's time / geomath's.

Routes (each returns the (C, C, n) brackets B[a, b] = [V_a, V_b](x) = DV_b·V_a − DV_a·V_b, the
norms of their parts orthogonal to span{V_a(x)} and the numerical rank of the span):

- ``geomath``: ``involutivity_defect(data_fields(model), x)`` — all C² terms DV_b·V_a from one
  ``vmap`` over a of the jvp of the stacked map x ↦ (V_1(x) … V_C(x)) along V_a(x), then T − Tᵀ,
  the basis (``distribution_basis``) and the relative defect. As of commit 2c2adad the stacked
  map differentiated is ``torch.stack`` of the C per-field gradients, not data_fields' batched
  ``.stacked`` (``jacrev`` of log softmax): ``_check_fields`` returns ``list(fields)``, which drops
  the attribute. The test notes it (STACKED_NOTE) while it is so; by hand, the jvp of ``.stacked``
  was 5-8x faster at these sizes (side runs, one thread).
- ``pairwise``: a Python loop over the 45 pairs a < b calling the public
  ``lie_bracket(F[a], F[b], x)`` (two jvps of single fields, plus its input checks: two more
  field evaluations per call), the fields' values V_a(x) one field at a time, then the same basis
  and projection. ``lie_bracket`` returns the difference only, not its two terms, so this route
  yields the absolute orthogonal norms ‖P⊥[V_a, V_b]‖; its relative defect divides them by the
  term scale of the geomath route (outside the timing: a 10 × 10 division).
- ``hessian``: the full-Hessian route: the C input Hessians H_a = ∇²_x log p_a (n × n each) from
  ``torch.func.hessian`` of x ↦ log softmax (jacfwd over jacrev: vmapped over the C outputs and
  the n tangents), then [V_a, V_b] = H_b V_a − H_a V_b (DV_b = H_b) as T − Tᵀ with
  T[a, b] = H_b V_a, the same basis, projection and relative defect. H alone is C·n²·8 bytes:
  755 MB at n = 3072.

Equality before timing is recorded: every route's brackets agree with the geomath route's to
1e-10 × the pair's term scale ‖DV_b·V_a‖ + ‖DV_a·V_b‖ (geomath's ``term_scales``), the
orthogonal norms likewise, and the ranks are equal (C − 1 = 9: Σ_a p_a V_a = 0). The defect itself
is checked to be at rounding level (the span is involutive for a ReLU classifier,
F.-Grementieri 2021) and printed in a note.

Peak memory (``test_brackets_memory``): each route runs once in a fresh ``python -c`` subprocess
that builds the model, the point and the fields first, runs the same route once on a tiny model
(n = 8: torch.func's lazy imports and set-up are not the route's memory), then resets the peak
RSS (writing "5" to /proc/self/clear_refs, Linux ≥ 4.0) and reads ``VmRSS`` just before the call and ``VmHWM`` just
after it: peak − before is the memory the call itself added at its peak (without the reset
VmHWM would be the import's peak when that is higher; if the reset fails, the summary says so).
The subprocess's brackets are checked against the in-process geomath route before the numbers
are stored; the summary prints them (``conftest._brackets_memory``).

Rounds (``rounds_for``): one warm-up round, then 5 (geomath), 3 (pairwise) or 3 / 2 (hessian at
n ≤ 784 / n = 3072, ~0.7 s a round on 2 cores). The first call of torch.func's transforms in a
process is slow (~2 s of set-up): the warm-up round absorbs it.
"""
from __future__ import annotations

import gc
import json
import subprocess
import sys

import pytest
import torch
from torch.func import functional_call, hessian, jacrev

from geomath.numeric import relu_mlp
from geomath.numeric import brackets as _brackets_module
from geomath.numeric.brackets import data_fields, distribution_basis, involutivity_defect, lie_bracket

# torch registers its jvp decompositions with torch.jit.script on the first jvp of a process
pytestmark = pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated:DeprecationWarning")

DTYPE = torch.float64
C = 10
HIDDEN = (32, 32)
SIZES = (64, 784, 3072)
CASES = [f"brackets-n{n}" for n in SIZES]
IMPLS = ["geomath", "pairwise", "hessian"]
BRACKET_RTOL = 1e-10  # of the pair's term scale
DEFECT_MAX = 1e-12  # rounding level: the data distribution of a ReLU classifier is involutive
MEMORY_KEY = "brackets-memory"  # conftest.BRACKETS_MEMORY_KEY: (MEMORY_KEY, case, impl) -> dict

STACKED_NOTE = (
    "brackets, geomath: involutivity_defect's input check (_check_fields) returns a plain list, which drops "
    "data_fields' batched .stacked map (jacrev of log softmax): the jvp goes through torch.stack of the C "
    "per-field gradients instead, C reverse passes inside each jvp"
)
PAIRWISE_NOTE = (
    "brackets, pairwise: lie_bracket returns [X, Y] only, not its two terms, so the pairwise route's "
    "relative defect divides its own orthogonal norms by the geomath route's term scales (untimed)"
)


def parse(case: str) -> int:
    return int(case.split("-n")[1])


# ---------------------------------------------------------------------------------------------
# Setup: model, point, fields, reference
# ---------------------------------------------------------------------------------------------
def build(n: int):
    model = relu_mlp(n, hidden=HIDDEN, n_classes=C, seed=0).eval()
    x = torch.randn(n, generator=torch.Generator().manual_seed(0), dtype=DTYPE)
    return model, x


def log_probs_of(model):
    """x ↦ log softmax(model(x)) (C,), the weights detached (a snapshot, as data_fields)."""
    params = {k: v.detach() for k, v in model.named_parameters()}
    buffers = {k: v for k, v in model.named_buffers()}
    return lambda q: torch.log_softmax(functional_call(model, {**params, **buffers}, (q[None],))[0], dim=-1)


def setup_case(bench_log, case: str):
    """(model, x, fields, log_probs, reference); only one case's tensors are kept at a time."""
    key = ("brackets-setup", case)
    if key not in bench_log.store:
        for k in [k for k in bench_log.store if k[0] == "brackets-setup"]:
            del bench_log.store[k]
        gc.collect()
        n = parse(case)
        model, x = build(n)
        F = data_fields(model)
        ref = involutivity_defect(F, x)
        if getattr(_brackets_module._check_fields(F, x), "stacked", None) is None:
            bench_log.note(STACKED_NOTE)
        bench_log.store[key] = (model, x, F, log_probs_of(model), ref)
        bench_log.note(f"brackets: relu_mlp(n, hidden={HIDDEN}, n_classes={C}, seed=0), float64; one point "
                       f"x ~ N(0, I_n), torch.Generator().manual_seed(0)")
        bench_log.note(f"{case}: defect {ref.defect:.3g} (rank {ref.rank} of {C}), largest |[V_a, V_b]| "
                       f"{float(ref.bracket_norms.max()):.3g}, term scales {float(ref.term_scales.min()):.3g}"
                       f"..{float(ref.term_scales.max()):.3g}")
    return bench_log.store[key]


# ---------------------------------------------------------------------------------------------
# Routes: each returns (brackets (C, C, n), orthogonal norms (C, C), rank, relative pairwise defect or None)
# ---------------------------------------------------------------------------------------------
def _orth_norms(B: torch.Tensor, Q: torch.Tensor) -> torch.Tensor:
    return torch.linalg.vector_norm(B - (B @ Q) @ Q.T, dim=-1)


def _relative(orth: torch.Tensor, scale: torch.Tensor) -> torch.Tensor:
    rel = torch.where(scale > 0, orth / torch.where(scale > 0, scale, 1.0), torch.zeros_like(scale))
    return rel.fill_diagonal_(0.0)


def geomath_route(F, x):
    r = involutivity_defect(F, x)
    return r.brackets, r.pairwise * r.term_scales, r.rank, r.pairwise


def pairwise_route(F, x):
    n = x.shape[0]
    V = torch.stack([X(x) for X in F])
    Q, _, _ = distribution_basis(V)
    B = torch.zeros(C, C, n, dtype=DTYPE)
    for a in range(C):
        for b in range(a + 1, C):
            B[a, b] = lie_bracket(F[a], F[b], x)
            B[b, a] = -B[a, b]
    return B, _orth_norms(B, Q), Q.shape[1], None


def hessian_route(log_probs, x):
    V = jacrev(log_probs)(x)  # (C, n), row a = V_a(x)
    H = hessian(log_probs)(x)  # (C, n, n), H[a] = ∇²_x log p_a = DV_a
    T = torch.einsum("bij,aj->abi", H, V)  # T[a, b] = H_b V_a = DV_b·V_a
    B = T - T.transpose(0, 1)  # [V_a, V_b] = H_b V_a − H_a V_b
    Q, _, _ = distribution_basis(V)
    norms_T = torch.linalg.vector_norm(T, dim=-1)
    orth = _orth_norms(B, Q)
    return B, orth, Q.shape[1], _relative(orth, norms_T + norms_T.T)


def route(impl: str, F, log_probs, x):
    if impl == "geomath":
        return lambda: geomath_route(F, x)
    if impl == "pairwise":
        return lambda: pairwise_route(F, x)
    return lambda: hessian_route(log_probs, x)


def check(case: str, impl: str, out, ref) -> None:
    """The route's brackets, orthogonal norms, rank and defect against the geomath route's."""
    B, orth, rank, rel = out
    scale = ref.term_scales
    assert B.shape == ref.brackets.shape, f"{case} {impl}: brackets of shape {tuple(B.shape)}"
    err = (B - ref.brackets).abs().amax(dim=-1)
    bad = err > BRACKET_RTOL * scale
    bad.fill_diagonal_(False)
    assert not bad.any(), (f"{case} {impl}: brackets differ from geomath's by up to "
                           f"{float((err / scale).nan_to_num().max()):.3e} x the term scale (> {BRACKET_RTOL:g})")
    assert float((B.diagonal(dim1=0, dim2=1)).abs().max()) == 0.0, f"{case} {impl}: [V_a, V_a] != 0"
    ref_orth = ref.pairwise * scale
    assert bool(((orth - ref_orth).abs() <= BRACKET_RTOL * scale).all()), \
        f"{case} {impl}: orthogonal norms differ from geomath's by more than {BRACKET_RTOL:g} x the term scale"
    assert rank == ref.rank == C - 1, f"{case} {impl}: rank {rank}, geomath {ref.rank}, expected {C - 1}"
    defect = float((rel if rel is not None else _relative(orth, scale)).max())
    assert defect <= DEFECT_MAX and ref.defect <= DEFECT_MAX, \
        f"{case} {impl}: involutivity defect {defect:.3g} (geomath {ref.defect:.3g}) > {DEFECT_MAX:g}"


# ---------------------------------------------------------------------------------------------
# Timings
# ---------------------------------------------------------------------------------------------
def rounds_for(impl: str, n: int) -> tuple[int, int]:
    """(rounds, warm-up rounds)."""
    if impl == "hessian":
        return (2, 1) if n >= 3072 else (3, 1)
    if impl == "pairwise":
        return 3, 1
    return 5, 1


def _collect() -> None:
    """Before each round (untimed): free the previous round's tensors (returns None)."""
    gc.collect()


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("case", CASES)
def test_brackets(benchmark, bench_log, case, impl):
    n = parse(case)
    model, x, F, log_probs, ref = setup_case(bench_log, case)
    if impl == "pairwise":
        bench_log.note(PAIRWISE_NOTE)
    benchmark.extra_info.update(n=n, C=C, pairs=C * (C - 1) // 2)
    rounds, warmup = rounds_for(impl, n)
    out = benchmark.pedantic(route(impl, F, log_probs, x), setup=_collect, rounds=rounds, iterations=1,
                             warmup_rounds=warmup)
    check(case, impl, out, ref)
    bench_log.record(case, impl, benchmark)


# ---------------------------------------------------------------------------------------------
# Peak memory: each route once in a fresh subprocess
# ---------------------------------------------------------------------------------------------
_MEMORY_SCRIPT = r"""
import gc, json, sys, time
import torch
sys.path.insert(0, {tests_dir!r})
import test_bench_brackets as tb
n, impl, out = json.loads(sys.argv[1])
model, x = tb.build(n)
F = tb.data_fields(model)
log_probs = tb.log_probs_of(model)
fn = tb.route(impl, F, log_probs, x)
# warm-up on a tiny model: torch.func's lazy imports and set-up are not the route's memory
m8, x8 = tb.build(8)
tb.route(impl, tb.data_fields(m8), tb.log_probs_of(m8), x8)()
del m8, x8
gc.collect()
def status(key):
    with open("/proc/self/status") as f:
        return int(next(line for line in f if line.startswith(key + ":")).split()[1])  # KiB
start_hwm = status("VmHWM")
try:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # reset VmHWM to the current RSS
    reset = True
except OSError:
    reset = False
before = status("VmRSS")
t0 = time.perf_counter()
B, orth, rank, rel = fn()
t = time.perf_counter() - t0
peak = status("VmHWM")
torch.save((B, orth, rank), out)
print(json.dumps({{"time": t, "peak_kib": peak, "before_kib": before, "start_hwm_kib": start_hwm, "reset": reset}}))
"""


@pytest.mark.parametrize("impl", IMPLS)
@pytest.mark.parametrize("case", [f"{c}-memory" for c in CASES])
def test_brackets_memory(benchmark, bench_log, tmp_path, case, impl):
    case = case.removesuffix("-memory")
    n = parse(case)
    model, x, F, log_probs, ref = setup_case(bench_log, case)
    out = tmp_path / f"{impl}.pt"
    script = _MEMORY_SCRIPT.format(tests_dir=str(__import__("pathlib").Path(__file__).parent))
    arg = json.dumps([n, impl, str(out)])

    def child():
        return subprocess.run([sys.executable, "-c", script, arg], capture_output=True, text=True, timeout=600)

    proc = benchmark.pedantic(child, rounds=1, iterations=1, warmup_rounds=0)
    assert proc.returncode == 0, f"{case} {impl}: the subprocess failed:\n{proc.stderr[-4000:]}"
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    B, orth, rank = torch.load(out)
    # the subprocess's relative defect is recomputed here from its orthogonal norms
    check(case, impl, (B, orth, rank, None), ref)
    benchmark.extra_info.update(n=n, inner_time_s=res["time"], peak_mib=res["peak_kib"] / 1024,
                                before_mib=res["before_kib"] / 1024)
    bench_log.store[(MEMORY_KEY, case, impl)] = {
        "time": res["time"], "peak_mib": res["peak_kib"] / 1024, "before_mib": res["before_kib"] / 1024,
        "delta_mib": (res["peak_kib"] - res["before_kib"]) / 1024, "reset": res["reset"],
    }
