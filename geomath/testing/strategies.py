"""Hypothesis strategies for the objects geomath's theorems are about.

* :func:`relu_classifiers` — freshly built float64 ReLU classifiers (``nn.Module``, logits out),
  each built by :func:`~geomath.numeric.relu_mlp` from a hypothesis-drawn seed, so shrinking and
  replay are deterministic and a falsifying example prints as the call that builds it,
  e.g. ``relu_mlp(n_in=3, hidden=(4,), n_classes=2, bias=True, seed=0)``.
* :func:`inputs_for` — finite, bounded float64 inputs of the right shape for a model.
* :func:`metrics` — :class:`~geomath.symbolic.Metric` objects that are positive definite at
  every real point (so Christoffel identities are meaningful everywhere).
* :func:`divergences` — divergences D(θ, θ′) with known closed forms (:class:`Divergence`):
  KL divergences of exponential families from :mod:`geomath.symbolic.information` and Bregman
  divergences of convex potentials, each with its potential, metric and connections computed
  from the potential, so a property test has an independent side.

Hypothesis is needed (``pip install 'geomath[test]'``).
"""
from __future__ import annotations

from dataclasses import dataclass
from hypothesis import strategies as st  # first: without hypothesis, fail before importing torch
from hypothesis.extra.numpy import arrays

import numpy as np
import sympy as sp
import torch
from torch import nn

from geomath.numeric.models import relu_mlp
from geomath.symbolic import Metric
from geomath.symbolic.information import ExponentialFamily, bernoulli, multivariate_normal_mean, poisson

__all__ = ["relu_classifiers", "inputs_for", "metrics", "divergences", "Divergence", "METRIC_KINDS",
           "DIVERGENCE_KINDS"]


# -- argument checks ------------------------------------------------------------------------------

def _int_range(name: str, value, minimum: int) -> tuple[int, int]:
    """An int n (exactly n) or an inclusive pair (lo, hi), both >= minimum."""
    def one(v, what):
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)):
            raise TypeError(f"{what} must be an int, got {type(v).__name__}")
        if v < minimum:
            raise ValueError(f"{what} must be >= {minimum}, got {v}")
        return int(v)

    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(f"{name} must be an int or a pair (min, max), got {value!r}")
        lo, hi = one(value[0], f"{name}[0]"), one(value[1], f"{name}[1]")
        if lo > hi:
            raise ValueError(f"{name} = {value!r}: min {lo} is larger than max {hi}")
        return lo, hi
    n = one(value, name)
    return n, n


def _positive_float(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__}")
    if not (value > 0 and np.isfinite(value)):
        raise ValueError(f"{name} must be a finite positive number, got {value!r}")
    return float(value)


# -- networks and inputs ----------------------------------------------------------------------------

def relu_classifiers(input_dim=(2, 8), classes=(2, 5), depth=(1, 2), width=(2, 16),
                     bias: bool = True) -> st.SearchStrategy[nn.Sequential]:
    """Strategy of freshly built float64 ReLU classifiers n → h₁ → … → h_L → C (logits out).

    Each size is an int (exactly that) or an inclusive pair (min, max): ``input_dim`` n ≥ 1,
    ``classes`` C ≥ 2, ``depth`` L ≥ 0 hidden layers (0 gives the linear softmax model), each
    hidden ``width`` ≥ 1 drawn separately. Weights are PyTorch's default initialisation under a
    drawn seed in [0, 2³² − 1] (the global RNG is left alone), via
    :func:`~geomath.numeric.relu_mlp`; shrinking goes towards small, shallow nets and seed 0.

    >>> from hypothesis import given
    >>> @given(relu_classifiers(input_dim=4, classes=3))
    ... def test_logits(model):
    ...     assert model(torch.zeros(2, 4, dtype=torch.float64)).shape == (2, 3)
    """
    n_lo, n_hi = _int_range("input_dim", input_dim, 1)
    c_lo, c_hi = _int_range("classes", classes, 2)
    l_lo, l_hi = _int_range("depth", depth, 0)
    w_lo, w_hi = _int_range("width", width, 1)
    if not isinstance(bias, bool):
        raise TypeError(f"bias must be a bool, got {type(bias).__name__}")
    hidden = st.lists(st.integers(w_lo, w_hi), min_size=l_lo, max_size=l_hi).map(tuple)
    return st.builds(relu_mlp, n_in=st.integers(n_lo, n_hi), hidden=hidden, n_classes=st.integers(c_lo, c_hi),
                     bias=st.just(bias), seed=st.integers(0, 2**32 - 1))


def _shape(model, input_shape) -> tuple[int, ...]:
    if input_shape is not None:
        if isinstance(input_shape, (int, np.integer)) and not isinstance(input_shape, bool):
            input_shape = (int(input_shape),)
        if (not isinstance(input_shape, (tuple, list)) or not input_shape
                or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) and s > 0
                           for s in input_shape)):
            raise ValueError(f"input_shape must be a tuple of positive ints (one input, no batch dimension), "
                             f"got {input_shape!r}")
        return tuple(int(s) for s in input_shape)
    first = next((m for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))), None)
    if isinstance(first, nn.Linear):
        return (first.in_features,)
    if isinstance(first, nn.Conv2d):
        raise ValueError(f"input_shape is needed: the first layer is a Conv2d with {first.in_channels} input channels, "
                         f"which does not fix the image size; pass input_shape=({first.in_channels}, H, W)")
    raise ValueError("input_shape is needed: the model has no nn.Linear or nn.Conv2d to read the input size from; "
                     "pass the shape of one input without the batch dimension, e.g. input_shape=(8,)")


def inputs_for(model: nn.Module, batch: int | None = None, input_shape=None,
               bound: float = 3.0) -> st.SearchStrategy[torch.Tensor]:
    """Strategy of float64 inputs for ``model``: one input of shape ``input_shape`` (no batch
    dimension) or, with ``batch`` = B, a batch (B, *input_shape).

    The shape is read off the first ``nn.Linear`` (in_features) when ``input_shape`` is None; a
    model whose first layer is an ``nn.Conv2d`` needs ``input_shape=(C, H, W)``. Entries are
    finite floats in [−bound, bound] (no NaN, inf or subnormals), each drawn on its own, so
    shrinking goes to 0 entry by entry. The model is run once on zeros of that shape to check
    that it accepts it and returns logits (batch, C).
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    shape = _shape(model, input_shape)
    bound = _positive_float("bound", bound)
    if batch is not None:
        if isinstance(batch, bool) or not isinstance(batch, (int, np.integer)):
            raise TypeError(f"batch must be an int or None, got {type(batch).__name__}")
        if batch < 1:
            raise ValueError(f"batch must be >= 1, got {batch}")
    dtype = next((p.dtype for p in model.parameters() if torch.is_floating_point(p)), torch.float64)
    try:
        with torch.no_grad():
            out = model(torch.zeros((1, *shape), dtype=dtype))
    except Exception as exc:
        raise ValueError(f"model could not be applied to an input of shape {shape} (with a batch dimension of 1): "
                         f"{exc}; pass input_shape=") from exc
    if not isinstance(out, torch.Tensor) or out.dim() != 2 or out.shape[1] < 2:
        got = tuple(out.shape) if isinstance(out, torch.Tensor) else type(out).__name__
        raise ValueError(f"model must return logits of shape (batch, C) with C >= 2; it returned {got}")
    full = shape if batch is None else (int(batch), *shape)
    elements = st.floats(-bound, bound, allow_nan=False, allow_infinity=False, allow_subnormal=False, width=64)
    return arrays(np.float64, full, elements=elements, fill=st.nothing()).map(torch.from_numpy)


# -- metrics ------------------------------------------------------------------------------------------

#: The kinds of :func:`metrics`, each positive definite at every real point x.
METRIC_KINDS = ("constant", "diagonal", "conformal", "rank-one")


def _coords(dim: int, coords) -> tuple[sp.Symbol, ...]:
    if coords is None:
        return sp.symbols(f"x_1:{dim + 1}", real=True)
    if isinstance(coords, (str, sp.Basic)) or not isinstance(coords, (tuple, list)):
        raise TypeError(f"coords must be a sequence of {dim} sympy Symbols, got {type(coords).__name__}")
    if len(coords) != dim or not all(isinstance(c, sp.Symbol) for c in coords) or len(set(coords)) != dim:
        raise ValueError(f"coords must be {dim} distinct sympy Symbols, got {coords!r}")
    return tuple(coords)


def _kinds(kinds, known: tuple[str, ...], name: str) -> tuple[str, ...]:
    if kinds is None:
        return known
    if isinstance(kinds, str):
        kinds = (kinds,)
    kinds = tuple(kinds)
    bad = [k for k in kinds if k not in known]
    if not kinds or bad:
        raise ValueError(f"{name} must be a non-empty selection of {known}, got {kinds!r}")
    return kinds


@st.composite
def _spd_integer(draw, n: int, diagonal: bool = False) -> sp.ImmutableMatrix:
    """A symmetric, strictly diagonally dominant integer matrix with positive diagonal: SPD."""
    A = sp.zeros(n, n)
    for i in range(n):
        A[i, i] = draw(st.integers(n, n + 2))
        for j in range(i + 1, n):
            if not diagonal:
                A[i, j] = A[j, i] = draw(st.integers(-1, 1))
    return sp.ImmutableMatrix(A)


@st.composite
def _affine(draw, coords) -> sp.Expr:
    """c₀ + Σ cᵢ xᵢ with small integer coefficients (possibly constant)."""
    return draw(st.integers(-2, 2)) + sp.Add(*[draw(st.integers(-2, 2)) * x for x in coords])


@st.composite
def _metric(draw, coords, kinds) -> Metric:
    n = len(coords)
    kind = draw(st.sampled_from(kinds))
    if kind == "constant":
        g = draw(_spd_integer(n))
    elif kind == "diagonal":  # a_i + q_i(x)² ≥ a_i > 0
        g = sp.diag(*[draw(st.integers(1, 3)) + draw(_affine(coords)) ** 2 for _ in range(n)])
    elif kind == "conformal":  # (1 + q(x)²)·A: conformally flat
        g = (1 + draw(_affine(coords)) ** 2) * draw(_spd_integer(n))
    else:  # "rank-one": A + v(x)v(x)ᵀ ⪰ A
        v = sp.Matrix([draw(_affine(coords)) for _ in range(n)])
        g = draw(_spd_integer(n)) + v * v.T
    return Metric(sp.ImmutableMatrix(g).applyfunc(sp.expand), coords)


def metrics(dim: int, coords=None, kinds=None) -> st.SearchStrategy[Metric]:
    """Strategy of :class:`~geomath.symbolic.Metric` objects of dimension ``dim``, positive
    definite at every real point, with polynomial entries of degree ≤ 2 (small integer
    coefficients, so SymPy's Christoffel symbols stay fast). ``kinds`` selects among
    :data:`METRIC_KINDS`:

    * ``"constant"``: A, symmetric strictly diagonally dominant with positive diagonal (SPD);
    * ``"diagonal"``: diag(a_i + q_i(x)²), a_i ∈ {1, 2, 3}, q_i affine;
    * ``"conformal"``: (1 + q(x)²)·A, a conformally flat metric;
    * ``"rank-one"``: A + v(x)v(x)ᵀ with v affine (a non-diagonal, coordinate-dependent metric).

    ``coords`` defaults to real symbols x_1 … x_dim. Affine parts may draw all-zero coefficients,
    so the non-constant kinds include constant metrics too.
    """
    if isinstance(dim, bool) or not isinstance(dim, (int, np.integer)):
        raise TypeError(f"dim must be an int, got {type(dim).__name__}")
    if dim < 1:
        raise ValueError(f"dim must be >= 1, got {dim}")
    coords = _coords(int(dim), coords)
    return _metric(coords, _kinds(kinds, METRIC_KINDS, "kinds"))


# -- divergences ---------------------------------------------------------------------------------------

#: The kinds of :func:`divergences`.
DIVERGENCE_KINDS = ("kl-bernoulli", "kl-poisson", "kl-categorical", "kl-normal-mean", "bregman")


@dataclass(frozen=True)
class Divergence:
    """A divergence D(θ, θ′) ≥ 0 with D(θ, θ) = 0, and what is known about it in closed form.
    ``kind`` is one of :data:`DIVERGENCE_KINDS`, ``name`` says which one in words.

    Every divergence here is the Bregman divergence of a convex ``potential`` φ(θ), in one of two
    orientations: ``orientation == "kl"`` is D = φ(θ′) − φ(θ) − ∇φ(θ)·(θ′ − θ) (KL(p_θ ‖ p_θ′)
    of an exponential family with log-partition φ in natural parameters), ``"bregman"`` is
    D = φ(θ) − φ(θ′) − ∇φ(θ′)·(θ − θ′). From φ alone (not from D):

    * ``metric`` = ∇²φ(θ) — what −∂_i∂′_j D gives on the diagonal;
    * ``connection`` Γ_{ij,k} and ``dual_connection`` Γ*_{ij,k}, arrays ``[k, i, j]`` as in
      :mod:`geomath.symbolic.conjugate`: ∂_i∂_j∂_kφ and 0 for "kl" (the mixture and the
      exponential connection), 0 and ∂_i∂_j∂_kφ for "bregman".
    """

    kind: str
    name: str
    expr: sp.Expr
    theta: tuple[sp.Symbol, ...]
    theta_prime: tuple[sp.Symbol, ...]
    potential: sp.Expr
    orientation: str
    metric: sp.ImmutableMatrix
    connection: sp.ImmutableDenseNDimArray
    dual_connection: sp.ImmutableDenseNDimArray

    @property
    def dim(self) -> int:
        return len(self.theta)

    def __repr__(self) -> str:
        return f"Divergence({self.name}: D = {self.expr})"


def _divergence(kind: str, name: str, D: sp.Expr, theta, theta_prime, phi: sp.Expr, orientation: str) -> Divergence:
    n = len(theta)
    third = sp.ImmutableDenseNDimArray(
        [[[sp.diff(phi, theta[i], theta[j], theta[k]) for j in range(n)] for i in range(n)] for k in range(n)])
    zero = sp.ImmutableDenseNDimArray.zeros(n, n, n)
    G, Gs = (third, zero) if orientation == "kl" else (zero, third)
    return Divergence(kind, name, D, tuple(theta), tuple(theta_prime), phi, orientation,
                      sp.ImmutableMatrix(sp.hessian(phi, theta)), G, Gs)


def _bregman(phi: sp.Expr, theta, theta_prime, orientation: str) -> sp.Expr:
    """φ(θ′) − φ(θ) − ∇φ(θ)·(θ′ − θ) for "kl", φ(θ) − φ(θ′) − ∇φ(θ′)·(θ − θ′) for "bregman"."""
    a, b = (theta_prime, theta) if orientation == "kl" else (theta, theta_prime)  # B_φ(a, b)
    to_a, to_b = dict(zip(theta, a)), dict(zip(theta, b))
    return (phi.xreplace(to_a) - phi.xreplace(to_b)
            - sp.Add(*[sp.diff(phi, t).xreplace(to_b) * (ai - bi) for t, ai, bi in zip(theta, a, b)]))


@st.composite
def _divergence_draw(draw, dims, kinds) -> Divergence:
    n = draw(st.sampled_from(dims))
    kind = draw(st.sampled_from(kinds))
    theta = tuple(sp.Symbol(f"theta_{i}", real=True) for i in range(1, n + 1))
    theta_prime = tuple(sp.Symbol(f"theta_{i}'", real=True) for i in range(1, n + 1))
    if kind in ("kl-bernoulli", "kl-poisson"):
        # n independent coordinates: KL of a product is the sum of the KLs (library families)
        make = bernoulli if kind == "kl-bernoulli" else poisson
        fams = [make(params=[t]).exponential_family for t in theta]
        D = sp.Add(*[f.kl([t], [s]) for f, t, s in zip(fams, theta, theta_prime)])
        phi = sp.Add(*[f.log_partition for f in fams])
        return _divergence(kind, f"KL of {n} independent {kind[3:]} (natural parameters)", D, theta, theta_prime,
                           phi, "kl")
    if kind == "kl-categorical":
        # C = n + 1 classes, logits (θ_1 … θ_n, 0): the minimal natural parameters
        phi = sp.log(1 + sp.Add(*[sp.exp(t) for t in theta]))
        ef = ExponentialFamily(sp.symbols(f"y_1:{n + 1}"), phi, theta)
        return _divergence(kind, f"KL of the categorical family, {n + 1} classes, logits (θ, 0)",
                           ef.kl(theta, theta_prime), theta, theta_prime, phi, "kl")
    if kind == "kl-normal-mean":
        S = draw(_spd_integer(n))
        fam = multivariate_normal_mean(n, covariance=S, params=theta)
        P = S.inv()
        phi = sp.expand((sp.Matrix(theta).T * P * sp.Matrix(theta))[0, 0] / 2)
        return _divergence(kind, f"KL of N(θ, Σ) in the mean, Σ = {S.tolist()}", fam.kl(theta, theta_prime),
                           theta, theta_prime, phi, "kl")
    # "bregman": φ = ½θᵀAθ + Σ c_i e^{θ_i}, convex (A SPD, c_i ≥ 0)
    A = draw(_spd_integer(n))
    cs = [draw(st.integers(0, 2)) for _ in range(n)]
    phi = (sp.expand((sp.Matrix(theta).T * A * sp.Matrix(theta))[0, 0] / 2)
           + sp.Add(*[c * sp.exp(t) for c, t in zip(cs, theta)]))
    orientation = draw(st.sampled_from(["kl", "bregman"]))
    D = _bregman(phi, theta, theta_prime, orientation)
    return _divergence(kind, f"Bregman divergence of φ = {phi} ({orientation} orientation)", D, theta, theta_prime, phi,
                       orientation)


def divergences(dim=(1, 2), kinds=None) -> st.SearchStrategy[Divergence]:
    """Strategy of :class:`Divergence` records: D(θ, θ′) for :func:`~geomath.symbolic.divergence_metric`
    and :func:`~geomath.symbolic.divergence_connections`, with the potential φ, the metric ∇²φ and
    the connections ∂³φ / 0 in closed form. ``dim`` is an int or an inclusive pair (min, max) of
    the number of parameters. ``kinds`` selects among :data:`DIVERGENCE_KINDS`:

    * ``"kl-bernoulli"``, ``"kl-poisson"``: KL of n independent Bernoulli / Poisson variables in
      natural parameters (the families' own ``exponential_family.kl``), φ = Σ log(1 + e^θᵢ) / Σ e^θᵢ;
    * ``"kl-categorical"``: KL of the categorical family with n + 1 classes and logits (θ, 0),
      φ = log(1 + Σ e^θᵢ);
    * ``"kl-normal-mean"``: KL of N(θ, Σ) with a drawn SPD Σ, ½(θ − θ′)ᵀΣ⁻¹(θ − θ′), φ = ½θᵀΣ⁻¹θ;
    * ``"bregman"``: the Bregman divergence of φ = ½θᵀAθ + Σ cᵢ e^θᵢ (A SPD, cᵢ ∈ {0, 1, 2}) in
      a drawn orientation.
    """
    lo, hi = _int_range("dim", dim, 1)
    return _divergence_draw(tuple(range(lo, hi + 1)), _kinds(kinds, DIVERGENCE_KINDS, "kinds"))

