"""The SGD diffusion matrix of the paper “A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics” (Fioresi, Chaudhari, Soatto), Section 2, symbolically.

With per-sample losses f_1..f_N of weights x ∈ ℝ^d, f = (1/N)Σ f_k, and G the N×d matrix of
rows ∇f_kᵀ:

* Eq. (2)/(3), covariance form: D = (1/N)Σ_k ∇f_k∇f_kᵀ − ∇f∇fᵀ;
* Eq. (3), pairwise form: D = (1/N²)⟨∂_r f̂, ∂_s f̂⟩ = (1/N²) J_f̂ᵀ J_f̂, with
  f̂ = (f_1 − f_2, f_1 − f_3, …, f_{N−1} − f_N) in the printed order.

:func:`prove_pairwise_identity` and :func:`prove_covariance_form` prove the two equalities for
symbolic N; the fixed-size forms check them at given (N, d) and generic functions.
"""
from __future__ import annotations

from itertools import combinations
from typing import Any, Sequence

import sympy as sp

from geomath.symbolic._validate import as_coords, as_expr
from geomath.symbolic.printing import ConnectionArray, connection_array
from geomath.symbolic.proof import Proof, sum_over_indices, symmetric_pair_sum_rule


def _as_gradients(grads: Any) -> sp.ImmutableMatrix:
    """N×d Matrix of per-sample gradients (rows), N ≥ 2."""
    if isinstance(grads, str):
        raise TypeError("grads given as text; pass a sympy Matrix or a list of gradient vectors")
    if isinstance(grads, sp.MatrixBase):
        rows = grads.tolist()
    elif isinstance(grads, (list, tuple)):
        rows = [list(g) if isinstance(g, (list, tuple, sp.MatrixBase)) else g for g in grads]
        if not all(isinstance(r, list) for r in rows):
            raise TypeError("grads must be a list of gradient vectors (one per sample)")
    else:
        raise TypeError(f"grads has type {type(grads).__name__}; expected an N×d Matrix or a list of vectors")
    if len(rows) < 2:
        raise ValueError(f"the diffusion matrix needs N >= 2 samples, got N = {len(rows)}")
    d = len(rows[0])
    if d == 0:
        raise ValueError("gradients must have at least one coordinate (d >= 1)")
    for k, r in enumerate(rows):
        if len(r) != d:
            raise ValueError(f"gradient {k} has {len(r)} coordinates, gradient 0 has {d}")
    return sp.ImmutableMatrix([[as_expr(e, f"grads[{k}][{r}]") for r, e in enumerate(row)] for k, row in enumerate(rows)])


def per_sample_gradients(losses: Sequence[Any], coords: Sequence[sp.Symbol]) -> sp.ImmutableMatrix:
    """G with rows ∇f_kᵀ (N×d)."""
    coords = as_coords(coords)
    if isinstance(losses, (str, sp.Basic)) or not isinstance(losses, Sequence):
        raise TypeError("losses must be a sequence of N expressions f_1..f_N")
    fs = [as_expr(f, f"losses[{k}]") for k, f in enumerate(losses)]
    if len(fs) < 2:
        raise ValueError(f"need N >= 2 per-sample losses, got {len(fs)}")
    return sp.ImmutableMatrix([[sp.diff(f, x) for x in coords] for f in fs])


def loss_differences(losses: Sequence[Any]) -> list[sp.Expr]:
    """f̂ = (f_i − f_j)_{i<j} in the printed order f_1−f_2, f_1−f_3, …, f_{N−1}−f_N."""
    if isinstance(losses, (str, sp.Basic)) or not isinstance(losses, Sequence):
        raise TypeError("losses must be a sequence of N expressions f_1..f_N")
    fs = [as_expr(f, f"losses[{k}]") for k, f in enumerate(losses)]
    if len(fs) < 2:
        raise ValueError(f"need N >= 2 per-sample losses, got {len(fs)}")
    return [fs[i] - fs[j] for i, j in combinations(range(len(fs)), 2)]


def _pair_rows(G: sp.MatrixBase) -> list[list[sp.Expr]]:
    rows = G.tolist()
    return [[a - b for a, b in zip(rows[i], rows[j])] for i, j in combinations(range(len(rows)), 2)]


def pairwise_jacobian(grads: Any) -> sp.ImmutableMatrix:
    """J_f̂: rows ∇f_i − ∇f_j for i < j, shape (N(N−1)/2)×d."""
    return sp.ImmutableMatrix(_pair_rows(_as_gradients(grads)))


def diffusion_covariance_form(grads: Any) -> sp.ImmutableMatrix:
    """D = (1/N)Σ_k ∇f_k∇f_kᵀ − ∇f∇fᵀ, f the mean loss (Eq. (2)-(3), first equality)."""
    G = _as_gradients(grads)
    N = G.shape[0]
    mean = sp.Matrix(G.T * sp.ones(N, 1)) / N
    return sp.ImmutableMatrix(G.T * G / N - mean * mean.T)


def diffusion_pairwise_form(grads: Any) -> sp.ImmutableMatrix:
    """D = (1/N²) J_f̂ᵀ J_f̂, i.e. D_rs = (1/N²)⟨∂_r f̂, ∂_s f̂⟩ (Eq. (3), second equality)."""
    G = _as_gradients(grads)
    J = sp.Matrix(_pair_rows(G))
    return sp.ImmutableMatrix(J.T * J / G.shape[0] ** 2)


def fhat_christoffel_form(losses: Sequence[Any], coords: Sequence[sp.Symbol], eps: sp.Symbol) -> ConnectionArray:
    """The paper's form Γ^k_{ij} = (ε/N²)⟨∂_i∂_j f̂, ∂_k f̂⟩ (display before Eq. (8)), ``[k, i, j]``.

    It is the O(ε) part of the Christoffel symbols of I + εD, and a notebook shows it with its
    O(ε²) term."""
    coords = as_coords(coords)
    if not isinstance(eps, sp.Symbol):
        raise TypeError(f"eps must be a sympy Symbol, got {type(eps).__name__}")
    fhat = loss_differences(losses)
    N = len(losses)
    n = len(coords)
    grad = [[sp.diff(fa, x) for x in coords] for fa in fhat]
    table = [[[sp.S.Zero] * n for _ in range(n)] for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            hess = [sp.diff(g[i], coords[j]) for g in grad]
            for k in range(n):
                v = eps / N**2 * sp.Add(*[h * g[k] for h, g in zip(hess, grad)])
                table[k][i][j] = v
                table[k][j][i] = v
    return connection_array(table, coords, eps=eps, order=1)


# -- proofs for symbolic N ---------------------------------------------------------------------

_N = sp.Symbol("N", integer=True, positive=True)
_i, _j, _k = sp.symbols("i j k", integer=True, positive=True)
_a, _b = sp.IndexedBase("a"), sp.IndexedBase("b")
_A, _B, _P = sp.symbols("A B P")  # Σ a_i, Σ b_i, Σ a_i b_i over i = 1..N


def prove_pairwise_identity() -> Proof:
    """Σ_{i<j}(a_i − a_j)(b_i − b_j) = NΣ_i a_i b_i − (Σ_i a_i)(Σ_i b_i) for every N, hence
    (1/N²)⟨∂_r f̂, ∂_s f̂⟩ = (1/N)Σ_k ∂_r f_k ∂_s f_k − ∂_r f ∂_s f (a = ∂_r f, b = ∂_s f).
    """
    N, i, j, a, b = _N, _i, _j, _a, _b
    names = {a[i] * b[i]: _P, a[i]: _A, b[i]: _B}
    proof = Proof("pairwise form of the diffusion matrix = covariance form, for symbolic N")

    def h(p, q):
        return (a[p] - a[q]) * (b[p] - b[q])

    sym, diag = symmetric_pair_sum_rule(h, i, j)
    pair_sum = sp.Symbol(r"\sum_{i<j}(a_i-a_j)(b_i-b_j)")
    full = sp.Symbol(r"\sum_{i,j=1}^{N}(a_i-a_j)(b_i-b_j)")
    proof.step(pair_sum, full / 2, "h(i,j)=h(j,i) and h(i,i)=0, so the sum over i<j is half the sum over all (i,j)",
               residual=sym + diag)
    expanded = sp.expand(h(i, j))
    value = sum_over_indices(expanded, [i, j], N, names)
    proof.step(full, value, "expand h, then Σ over an index a summand does not contain gives N, "
               "and a product u(i)v(j) sums to (Σu)(Σv)", residual=value - (2 * N * _P - 2 * _A * _B))
    proof.step(full / 2, N * _P - _A * _B, "arithmetic", residual=(value / 2) - (N * _P - _A * _B))
    # D_rs in covariance form, with a = ∂_r f, b = ∂_s f and ∇f = (1/N)Σ∇f_k
    cov = _P / N - (_A / N) * (_B / N)
    proof.step(sp.Symbol(r"\frac{1}{N^2}\langle\partial_r\hat f,\partial_s\hat f\rangle"), cov,
               "divide by N²: (NP − AB)/N² = P/N − (A/N)(B/N)", residual=(N * _P - _A * _B) / N**2 - cov)
    return proof


def prove_covariance_form() -> Proof:
    """E[(φ−Eφ)(φ−Eφ)ᵀ] = (1/N)Σ_k ∇f_k∇f_kᵀ − ∇f∇fᵀ for φ uniform on {∇f_1..∇f_N}, every N
    (Eq. (2) to the first equality of Eq. (3)); entry (r, s) with a_k = ∂_r f_k, b_k = ∂_s f_k.
    """
    N, k, a, b = _N, _k, _a, _b
    names = {a[k] * b[k]: _P, a[k]: _A, b[k]: _B}
    proof = Proof("Eq. (2) covariance = (1/N)Σ∇f_k∇f_kᵀ − ∇f∇fᵀ, for symbolic N")
    ma, mb = _A / N, _B / N  # E[φ_r] = ∂_r f, E[φ_s] = ∂_s f
    lhs = sp.Symbol(r"\mathbb{E}[(\phi_r-\mathbb{E}\phi_r)(\phi_s-\mathbb{E}\phi_s)]")
    summand = (a[k] - ma) * (b[k] - mb)
    by_terms = (_P - _A * mb - ma * _B + N * ma * mb) / N
    proof.step(lhs, by_terms,
               "E = (1/N)Σ_k; expand the summand; Σ_k of a k-free term gives N",
               residual=sum_over_indices(summand, [k], N, names) / N - by_terms)
    proof.step(by_terms, _P / N - ma * mb, "arithmetic: −2(A/N)(B/N) + (A/N)(B/N) = −(A/N)(B/N)")
    return proof
