"""Benchmarks of geomath's Fisher matrix against a naive loop and anchor libraries, side by side.

Run by ``make bench`` (never by ``make test``, which ignores tests/bench)::

    PYTHONHASHSEED=0 pytest tests/bench/test_bench_fisher.py --benchmark-only -s -p no:randomly

Models: ``relu_mlp(64, hidden=(h, h))`` and ``lenet(1, 8, channels=(c1, c2), hidden=h)`` on the
8×8 digits (scikit-learn, 10 classes; 64 features / 1×8×8), float64, sized to d ≈ 10³, 10⁴, 10⁵
trainable parameters (MODELS; the exact d is printed in the summary). Inputs: the first digit
(one input, ``batched=False``) or the first 256 (``batched=True``).

Families (``case`` = family-model-d{size}-B{batch}; each ratio is the other time / geomath's):

1. ``factor``: ``fisher_factor`` — per input, J_w (C × d) and A with F = J_wᵀ A J_w; vs
   - ``naive``: a Python loop over the inputs, one forward each, C backward passes of the
     logits (``torch.autograd.grad``) writing the rows of J into a preallocated (B, C, d);
   - ``geomath-vmap``: geomath's generic path (``vmap(jacrev)``), the one taken by models the
     layer-wise path does not cover, timed for reference;
   - ``backpack``: BackPACK's ``SqrtGGNExact`` with ``CrossEntropyLoss(reduction='sum')``: per
     parameter V of shape (C, B, *p.shape) with Σ_c V_cb V_cbᵀ = F(x_b) — a square-root factor
     of the same per-input true Fisher (for softmax cross-entropy the GGN is the true Fisher).
     Timed in its native per-parameter form (no concatenation into one d-wide matrix);
   - ``nngeometry``: ``FIM(..., PMatLowRank, variant='classif_logits')``: the (C−1, B, d)
     Jacobian of a Cholesky factor of A (Tanabe–Sagae), scaled by 1/√B (nngeometry averages
     over the examples): F(x_b) = B Σ_c D_cbᵀ D_cb.
   curvlinops has no factor (only matrix-vector products of the batch-summed GGN); it is an
   anchor of the dense family.
2. ``fisher``: ``fisher`` — the dense d×d F(x, w) for one input (d ≈ 10³, 10⁴) and the (B, d, d)
   per-input matrices for 256 inputs (d ≈ 10³ only: at d ≈ 10⁴ they would take 200 GB, and one
   dense F at d ≈ 10⁵ 80 GB); vs the naive loop (C backward passes of log p_i per input,
   F = Σ_i p_i g_i g_iᵀ), BackPACK (V concatenated, VᵀV per input), nngeometry (``PMatDense``
   for one input; per-input VᵀV from ``PMatLowRank`` for 256) and, for one input, curvlinops
   (``GGNLinearOperator`` with ``CrossEntropyLoss(reduction='sum')`` applied to the identity).
3. ``data``: ``data_matrix`` — G(x, w) = J_xᵀ A J_x (64 × 64) per input; vs the naive loop (C
   backward passes of log p_i to the input) and, for one input, curvlinops' GGN of a wrapper
   module whose only parameter is the input (BackPACK and nngeometry differentiate only
   parameters of known layers).

Equality before timing is recorded: every implementation's result is reduced to the same
fingerprint, compared with the naive loop's (computed once per case) to 1e-10 of the largest
entry: dense matrices entry by entry where they hold ≤ 4·10⁶ entries, else M V and diag(M);
factors by Σ_b F(x_b) V (d × 3) and the per-input forms vᵀ F(x_b) v and v₁ᵀ F(x_b) v₂, computed
from the factor without forming any d×d matrix (V: three seeded random vectors).

Timings take the minimum over rounds after one warm-up round. At d ≈ 10⁵ and 256 inputs the
factor is 256 × 10 × 10⁵ float64 = 2 GB, and writing it to fresh memory (page faults, the
kernel's zeroing) is most of the time of an implementation that allocates it with
``torch.empty``: on the 2-core VMs of this project a fresh 2 GB takes 0.35-0.9 s to fault in
with 4 kB pages and ~0.08 s with transparent huge pages. geomath allocates J of 64 MB or more
in memory advised for huge pages (``fisher._empty_jacobian``); the anchors get them only from
PyTorch's process-wide ``THP_MEM_ALLOC_ENABLE=1`` (printed in the summary; not set by default,
since it makes the small allocations erratic). The ratios are therefore those a user sees,
and part of geomath's lead at this size is memory placement, not arithmetic.
"""
from __future__ import annotations

import copy
import gc
import importlib
from contextlib import contextmanager

import pytest
import torch
from torch import nn

from geomath.numeric import data_matrix, digits, fisher, fisher_factor, lenet, relu_mlp, softmax_covariance

# the module (geomath.numeric.fisher is also the name of the function): its generic vmap path
_fisher_module = importlib.import_module("geomath.numeric.fisher")

# BackPACK's module hooks warn on every backward when the input does not require grad
pytestmark = pytest.mark.filterwarnings("ignore:Full backward hook is firing:UserWarning")

DTYPE = torch.float64
RTOL = 1e-10
BATCH = 256
FULL_COMPARE_MAX = 4_000_000  # dense results with at most this many entries are compared entry by entry

# d ≈ 10³, 10⁴, 10⁵ on 64 inputs / 1×8×8 images, 10 classes
MODELS = {
    "mlp": {
        "1e3": dict(hidden=(11, 11)),
        "1e4": dict(hidden=(69, 69)),
        "1e5": dict(hidden=(280, 280)),
    },
    "cnn": {
        "1e3": dict(channels=(4, 8), hidden=16),
        "1e4": dict(channels=(16, 32), hidden=40),
        "1e5": dict(channels=(32, 64), hidden=300),
    },
}
ANCHOR_MISSING = (
    "{name} is not installed (or fails to import); it is an anchor of the Fisher benchmarks. "
    "Install the bench extra: pip install -e '.[bench]' (make bench does it)"
)
DENSE_SKIPPED_NOTE = (
    "fisher (dense): timed for one input at d ~ 1e3, 1e4 and for 256 inputs at d ~ 1e3 only: the "
    "(256, d, d) per-input matrices at d ~ 1e4 would take 200 GB, one d x d matrix at d ~ 1e5 80 GB "
    "(the factor family covers those sizes)"
)
CURVLINOPS_NOTE = (
    "curvlinops: GGNLinearOperator is the batch-summed GGN as matrix-vector products, with no "
    "per-input factor and no per-input matrices; it is timed where it gives the same matrix: the "
    "dense F and G of one input (the operator applied to the identity, built with "
    "check_deterministic=False and num_data given)"
)
BACKPACK_NOTE = (
    "backpack: SqrtGGNExact with CrossEntropyLoss(reduction='sum') (reduction='mean' would scale V "
    "by 1/sqrt(B)); run on an extended deep copy of the model: extend() registers module hooks "
    "that torch.func transforms (geomath's vmap path) reject. In the factor family it is timed in "
    "its native per-parameter form; concatenating V into one (B, C, d) matrix as geomath returns "
    "would add a copy of the whole factor"
)
NNGEOMETRY_NOTE = (
    "nngeometry: FIM(variant='classif_logits') averages over the examples (x B to compare) and "
    "factors A by a Cholesky factor (C - 1 rows per input); run with torch's default dtype set "
    "to float64, since its helper tensors and the eps it adds to 1 - cumsum(p) use the default "
    "dtype (with float32 the product with the float64 logits fails)"
)


# ---------------------------------------------------------------------------------------------
# Models, inputs, the probe vectors
# ---------------------------------------------------------------------------------------------
def build_model(kind: str, size: str) -> nn.Module:
    cfg = MODELS[kind][size]
    model = relu_mlp(64, **cfg) if kind == "mlp" else lenet(1, 8, **cfg)
    return model.eval()


def model_label(kind: str, size: str) -> str:
    cfg = ", ".join(f"{k}={v}" for k, v in MODELS[kind][size].items())
    return f"relu_mlp(64, {cfg})" if kind == "mlp" else f"lenet(1, 8, {cfg})"


def n_params(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def parse(case: str) -> tuple[str, str, str, int]:
    family, kind, ds, bs = case.split("-")
    return family, kind, ds[1:], int(bs[1:])


def setup_case(bench_log, case: str):
    """(model, x, X, y): x as passed to geomath (one input, or the batch), X/y batched; cached."""
    _, kind, size, B = parse(case)
    key = ("fisher-setup", kind, size, B)
    if key not in bench_log.store:
        # only one case's tensors are kept at a time
        for k in [k for k in bench_log.store if k[0] in ("fisher-setup", "fisher-ref", "fisher-anchor-model")]:
            del bench_log.store[k]
        gc.collect()
        flat = kind == "mlp"
        Xall, yall = digits(split="all", flatten=flat, dtype=DTYPE)
        X, y = Xall[:B].contiguous(), yall[:B].contiguous()
        model = build_model(kind, size)
        x = X if B > 1 else X[0]
        bench_log.store[key] = (model, x, X, y)
        bench_log.note(f"{kind} d~{size}: {model_label(kind, size)}, d = {n_params(model)}; "
                       f"inputs {'64 features' if flat else '1x8x8'} (digits)")
    return bench_log.store[key]


def anchor_model(bench_log, case: str, name: str, model: nn.Module, prepare=None) -> nn.Module:
    """A deep copy of the model for an anchor library (which may register hooks on it)."""
    key = ("fisher-anchor-model", case, name)
    if key not in bench_log.store:
        m = copy.deepcopy(model)
        bench_log.store[key] = prepare(m) if prepare else m
    return bench_log.store[key]


def probe_vectors(d: int, k: int = 3) -> torch.Tensor:
    return torch.randn(d, k, dtype=DTYPE, generator=torch.Generator().manual_seed(20240611 + d))


@contextmanager
def default_dtype(dtype):
    old = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(old)


def need(module: str, name: str):
    """Import an anchor or skip the test: not installed, or installed but failing to import
    (an ImportError of any kind, e.g. a build that does not match the installed torch)."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        pytest.skip(f"{ANCHOR_MISSING.format(name=name)} [{type(exc).__name__}: {exc}]")


# ---------------------------------------------------------------------------------------------
# Fingerprints: what is compared
# ---------------------------------------------------------------------------------------------
def factor_fingerprint(blocks, V: torch.Tensor, M: torch.Tensor | None = None, scale: float = 1.0) -> dict:
    """For F(x_b) = Σ_blocks Rᵀ M R per input (R: (B, K, m) blocks of columns, in parameter
    order; M: (B, K, K) or None for the identity), times ``scale``: Σ_b F(x_b) V, the forms
    vᵀF(x_b)v for the columns v of V, and v₁ᵀF(x_b)v₂ — no d×d matrix is formed."""
    u, off = 0, 0
    for R in blocks:
        m = R.shape[-1]
        u = u + R @ V[off:off + m]  # (B, K, k)
        off += m
    assert off == V.shape[0], f"factor covers {off} parameters, expected {V.shape[0]}"
    Mu = u if M is None else M @ u
    Fv, off = [], 0
    for R in blocks:
        m = R.shape[-1]
        Fv.append(torch.einsum("bkm,bkj->mj", R, Mu))
        off += m
    return {
        "sum_b F(x_b) V": scale * torch.cat(Fv),
        "v'F(x_b)v": scale * (u * Mu).sum(1),
        "v1'F(x_b)v2": scale * (u[..., 0] * Mu[..., 1]).sum(1),
    }


def dense_fingerprint(M: torch.Tensor, V: torch.Tensor | None) -> dict:
    M = M if M.dim() == 3 else M.unsqueeze(0)
    if M.numel() <= FULL_COMPARE_MAX or V is None:
        return {"entries": M.clone()}
    return {"M V": M @ V, "diag": torch.diagonal(M, dim1=-2, dim2=-1).clone()}


def assert_same(got: dict, ref: dict, what: str) -> None:
    assert got.keys() == ref.keys(), f"{what}: compared {sorted(got)} with {sorted(ref)}"
    for key in ref:
        a, b = got[key], ref[key]
        assert a.shape == b.shape, f"{what}, {key}: shape {tuple(a.shape)} vs {tuple(b.shape)}"
        scale = float(b.abs().max())
        err = float((a - b).abs().max())
        assert err <= RTOL * scale, f"{what}, {key}: max difference {err:.3e} > {RTOL:g} x {scale:.3e}"


# ---------------------------------------------------------------------------------------------
# The naive loops (also the reference of every comparison)
# ---------------------------------------------------------------------------------------------
def _params(model):
    return [p for p in model.parameters() if p.requires_grad]


def naive_factor(model, X):
    """J (B, C, d): one forward per input, C backward passes of the logits; A from the logits."""
    params = _params(model)
    d = sum(p.numel() for p in params)
    J = logits = None
    for b in range(X.shape[0]):
        s = model(X[b:b + 1])[0]
        if J is None:
            C = s.shape[0]
            J = torch.empty(X.shape[0], C, d, dtype=DTYPE)
            logits = torch.empty(X.shape[0], C, dtype=DTYPE)
        logits[b] = s.detach()
        for c in range(C):
            grads = torch.autograd.grad(s[c], params, retain_graph=c < C - 1)
            torch.cat([g.reshape(-1) for g in grads], out=J[b, c])
    return J, softmax_covariance(logits)


def naive_dense(model, X, wrt: str):
    """F (or G) per input = Σ_i p_i g_i g_iᵀ, g_i = ∇ log p_i from C backward passes of log p_i."""
    params = _params(model)
    out = []
    for b in range(X.shape[0]):
        xb = X[b:b + 1].detach().clone().requires_grad_(wrt == "inputs")
        logp = torch.log_softmax(model(xb)[0], dim=-1)
        p = logp.detach().exp()
        targets = [xb] if wrt == "inputs" else params
        rows = []
        for i in range(logp.shape[0]):
            grads = torch.autograd.grad(logp[i], targets, retain_graph=i < logp.shape[0] - 1)
            rows.append(torch.cat([g.reshape(-1) for g in grads]))
        G = torch.stack(rows)
        out.append((G * p[:, None]).T @ G)
    return torch.stack(out)


# ---------------------------------------------------------------------------------------------
# Anchors
# ---------------------------------------------------------------------------------------------
def backpack_factor(bm, loss_fn, X, y):
    from backpack import backpack
    from backpack.extensions import SqrtGGNExact

    loss = loss_fn(bm(X), y)
    with backpack(SqrtGGNExact()):
        loss.backward()
    V = [p.sqrt_ggn_exact for p in bm.parameters()]
    for p in bm.parameters():
        del p.sqrt_ggn_exact
        p.grad = None
    return V


def backpack_blocks(V, B):
    return [v.reshape(v.shape[0], B, -1).transpose(0, 1) for v in V]  # (B, C, m) views


def nngeometry_matrix(model, X, y, representation):
    from nngeometry.metrics import FIM
    from torch.utils.data import DataLoader, TensorDataset

    with default_dtype(DTYPE):
        loader = DataLoader(TensorDataset(X, y), batch_size=X.shape[0])
        return FIM(model, loader, representation, variant="classif_logits")


def curvlinops_dense(model, params, X, y):
    from curvlinops import GGNLinearOperator

    op = GGNLinearOperator(model, nn.CrossEntropyLoss(reduction="sum"), params, [(X, y)],
                           check_deterministic=False, num_data=X.shape[0])
    return op @ torch.eye(op.shape[1], dtype=DTYPE)


class InputAsParameter(nn.Module):
    """model(x) with x as the only parameter: its GGN is J_xᵀ A J_x = G(x, w)."""

    def __init__(self, model: nn.Module, x: torch.Tensor):
        super().__init__()
        self.model = model.requires_grad_(False)
        self.x = nn.Parameter(x.detach().clone().unsqueeze(0))

    def forward(self, _):
        return self.model(self.x)


def geomath_vmap_factor(model, X):
    """geomath's generic path (vmap of jacrev), as taken for models outside the layer-wise one."""
    state = _fisher_module._state(model, DTYPE)
    J, logits = _fisher_module._vmapped_jacobian(model, *state, X, "weights")
    return J, softmax_covariance(logits)


# ---------------------------------------------------------------------------------------------
# Rounds
# ---------------------------------------------------------------------------------------------
def rounds_for(family: str, impl: str, size: str, B: int) -> tuple[int, int]:
    """(rounds, warm-up rounds): a few rounds for the slow cases, more for the fast ones."""
    if family == "fisher" and size == "1e4":
        return (1, 0) if impl in ("curvlinops", "nngeometry") else (2, 1)
    if family == "fisher" and B > 1:
        return 2, 1
    if family == "factor" and B > 1 and size == "1e5":
        return 4, 1  # the done-when case: ~0.1-2 s a round, and this VM's timings vary by ±30%
    if B > 1 and size == "1e5":
        return 2, 1
    if B > 1:
        return 5, 1
    return 10, 1


def run(benchmark, fn, family, impl, size, B):
    rounds, warmup = rounds_for(family, impl, size, B)
    return benchmark.pedantic(fn, setup=_collect, rounds=rounds, iterations=1, warmup_rounds=warmup)


def _collect() -> None:
    """Before each round (untimed): free the previous rounds' results held in reference cycles."""
    gc.collect()


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------
SIZES = ["1e3", "1e4", "1e5"]
FACTOR_CASES = [f"factor-{k}-d{s}-B{b}" for k in MODELS for s in SIZES for b in (1, BATCH)]
DENSE_CASES = [f"fisher-{k}-d{s}-B{b}" for k in MODELS for s, b in (("1e3", 1), ("1e4", 1), ("1e3", BATCH))]
DATA_CASES = [f"data-{k}-d{s}-B{b}" for k in MODELS for s in SIZES for b in (1, BATCH)]


def naive_factor_fingerprint(model, X, V):
    J, A = naive_factor(model, X)
    return factor_fingerprint([J], V, A)


def reference(bench_log, case: str, compute):
    key = ("fisher-ref", case)
    if key not in bench_log.store:
        bench_log.store[key] = compute()
    return bench_log.store[key]


@pytest.mark.parametrize("impl", ["geomath", "naive", "geomath-vmap", "backpack", "nngeometry"])
@pytest.mark.parametrize("case", FACTOR_CASES)
def test_fisher_factor(benchmark, bench_log, case, impl):
    family, kind, size, B = parse(case)
    model, x, X, y = setup_case(bench_log, case)
    d = n_params(model)
    V = probe_vectors(d)
    benchmark.extra_info.update(d=d, B=B)
    bench_log.note(CURVLINOPS_NOTE)
    ref = reference(bench_log, case, lambda: naive_factor_fingerprint(model, X, V))
    if impl == "geomath":
        fac = run(benchmark, lambda: fisher_factor(model, x, batched=B > 1), family, impl, size, B)
        J, A = (fac.J, fac.A) if B > 1 else (fac.J.unsqueeze(0), fac.A.unsqueeze(0))
        got = factor_fingerprint([J], V, A)
    elif impl == "naive":
        J, A = run(benchmark, lambda: naive_factor(model, X), family, impl, size, B)
        got = factor_fingerprint([J], V, A)
    elif impl == "geomath-vmap":
        if not hasattr(_fisher_module, "_vmapped_jacobian"):
            pytest.skip("geomath.numeric.fisher has no _vmapped_jacobian (the generic path) to time")
        J, A = run(benchmark, lambda: geomath_vmap_factor(model, X), family, impl, size, B)
        got = factor_fingerprint([J], V, A)
    elif impl == "backpack":
        need("backpack", "BackPACK (backpack-for-pytorch)")
        from backpack import extend

        bench_log.note(BACKPACK_NOTE)
        bm = anchor_model(bench_log, case, impl, model, extend)
        loss_fn = extend(nn.CrossEntropyLoss(reduction="sum"))
        Vs = run(benchmark, lambda: backpack_factor(bm, loss_fn, X, y), family, impl, size, B)
        got = factor_fingerprint(backpack_blocks(Vs, B), V)
    else:
        need("nngeometry", "nngeometry")
        from nngeometry.object import PMatLowRank

        bench_log.note(NNGEOMETRY_NOTE)
        nm = anchor_model(bench_log, case, impl, model)
        M = run(benchmark, lambda: nngeometry_matrix(nm, X, y, PMatLowRank), family, impl, size, B)
        got = factor_fingerprint([M.data.transpose(0, 1)], V, scale=float(B))
    assert_same(got, ref, f"{case}: {impl} vs the naive loop")
    bench_log.record(case, impl, benchmark)


@pytest.mark.parametrize("impl", ["geomath", "naive", "backpack", "nngeometry", "curvlinops"])
@pytest.mark.parametrize("case", DENSE_CASES)
def test_fisher_dense(benchmark, bench_log, case, impl):
    family, kind, size, B = parse(case)
    bench_log.note(DENSE_SKIPPED_NOTE)
    model, x, X, y = setup_case(bench_log, case)
    d = n_params(model)
    V = probe_vectors(d)
    benchmark.extra_info.update(d=d, B=B)
    ref = reference(bench_log, case, lambda: dense_fingerprint(naive_dense(model, X, "weights"), V))
    if impl == "geomath":
        F = run(benchmark, lambda: fisher(model, x, batched=B > 1), family, impl, size, B)
    elif impl == "naive":
        F = run(benchmark, lambda: naive_dense(model, X, "weights"), family, impl, size, B)
    elif impl == "backpack":
        need("backpack", "BackPACK (backpack-for-pytorch)")
        from backpack import extend

        bench_log.note(BACKPACK_NOTE)
        bm = anchor_model(bench_log, case, impl, model, extend)
        loss_fn = extend(nn.CrossEntropyLoss(reduction="sum"))

        def dense():
            S = torch.cat(backpack_blocks(backpack_factor(bm, loss_fn, X, y), B), dim=-1)  # (B, C, d)
            return S.transpose(-1, -2) @ S

        F = run(benchmark, dense, family, impl, size, B)
    elif impl == "nngeometry":
        need("nngeometry", "nngeometry")
        from nngeometry.object import PMatDense, PMatLowRank

        bench_log.note(NNGEOMETRY_NOTE)
        nm = anchor_model(bench_log, case, impl, model)
        if B == 1:
            F = run(benchmark, lambda: nngeometry_matrix(nm, X, y, PMatDense).to_torch(), family, impl, size, B)
        else:
            def dense():
                D = nngeometry_matrix(nm, X, y, PMatLowRank).data.transpose(0, 1)  # (B, C-1, d) / sqrt(B)
                return B * (D.transpose(-1, -2) @ D)

            F = run(benchmark, dense, family, impl, size, B)
    else:
        need("curvlinops", "curvlinops (curvlinops-for-pytorch)")
        bench_log.note(CURVLINOPS_NOTE)
        if B > 1:
            pytest.skip("curvlinops' GGNLinearOperator sums over the batch: no per-input matrices")
        cm = anchor_model(bench_log, case, impl, model)
        F = run(benchmark, lambda: curvlinops_dense(cm, _params(cm), X, y), family, impl, size, B)
    got = dense_fingerprint(F, V)
    del F
    assert_same(got, ref, f"{case}: {impl} vs the naive loop")
    bench_log.record(case, impl, benchmark)


@pytest.mark.parametrize("impl", ["geomath", "naive", "curvlinops"])
@pytest.mark.parametrize("case", DATA_CASES)
def test_data_matrix(benchmark, bench_log, case, impl):
    family, kind, size, B = parse(case)
    model, x, X, y = setup_case(bench_log, case)
    benchmark.extra_info.update(d=n_params(model), B=B, n=X[0].numel())
    ref = reference(bench_log, case, lambda: dense_fingerprint(naive_dense(model, X, "inputs"), None))
    if impl == "geomath":
        G = run(benchmark, lambda: data_matrix(model, x, batched=B > 1), family, impl, size, B)
    elif impl == "naive":
        G = run(benchmark, lambda: naive_dense(model, X, "inputs"), family, impl, size, B)
    else:
        need("curvlinops", "curvlinops (curvlinops-for-pytorch)")
        bench_log.note(CURVLINOPS_NOTE)
        if B > 1:
            pytest.skip("curvlinops' GGN of the inputs of a batch is one (B n) x (B n) matrix, not per input")
        wrapper = anchor_model(bench_log, case, impl, model, lambda m: InputAsParameter(m, X[0]))
        dummy = torch.zeros(1, 1, dtype=DTYPE)
        G = run(benchmark, lambda: curvlinops_dense(wrapper, [wrapper.x], dummy, y), family, impl, size, B)
    assert_same(dense_fingerprint(G, None), ref, f"{case}: {impl} vs the naive loop")
    bench_log.record(case, impl, benchmark)
