"""The hypothesis strategies of geomath.testing: each draw is checked against a property that is
computed independently of how the strategy built it (a rebuilt network, Sylvester's criterion at
a sample point, metric compatibility of the Christoffel symbols, Hessians and third derivatives
of the potential, KL from the probability mass functions)."""
from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
import torch
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from torch import nn

from geomath.numeric import lenet, relu_mlp
from geomath.symbolic import divergence_connections, divergence_metric
from geomath.symbolic.information import tidy
from geomath.testing import (DIVERGENCE_KINDS, METRIC_KINDS, divergences, inputs_for, metrics,
                             relu_classifiers)

FAST = settings(deadline=None, derandomize=True,  # seeded: the same draws on every run
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
# find() with the default phases goes on generating after the first match; generate + shrink stops there
FIND = settings(FAST, database=None, phases=[Phase.generate, Phase.shrink])


def exactly_zero(expr) -> bool:
    return tidy(expr) == 0


# -- relu_classifiers -----------------------------------------------------------------------------------

@settings(FAST, max_examples=15)
@given(relu_classifiers(input_dim=(2, 5), classes=(2, 4), depth=(0, 2), width=(1, 6)))
def test_relu_classifiers_build_float64_relu_nets_within_the_bounds(model):
    linears = [m for m in model if isinstance(m, nn.Linear)]
    relus = [m for m in model if isinstance(m, nn.ReLU)]
    assert len(relus) == len(linears) - 1 and 0 <= len(relus) <= 2
    assert list(model) == [m for pair in zip(linears, relus) for m in pair] + [linears[-1]]  # Linear, ReLU, …, Linear
    n, C = linears[0].in_features, linears[-1].out_features
    assert 2 <= n <= 5 and 2 <= C <= 4
    assert all(1 <= m.out_features <= 6 for m in linears[:-1])
    assert all(p.dtype == torch.float64 for p in model.parameters())
    out = model(torch.zeros(3, n, dtype=torch.float64))
    assert out.shape == (3, C)


def test_the_smallest_draw_is_the_net_relu_mlp_builds_from_the_lower_bounds_and_seed_0():
    # find() shrinks to the minimal example: the lower bounds and seed 0. Equal weights, bit for
    # bit, show that a drawn network is a function of the drawn values alone (replayable)
    drawn = relu_classifiers(input_dim=(3, 6), classes=(2, 4), depth=(1, 2), width=(4, 8))
    found = find(drawn, lambda m: True, settings=FIND)
    reference = relu_mlp(3, (4,), 2, seed=0)
    assert [tuple(p.shape) for p in found.parameters()] == [tuple(p.shape) for p in reference.parameters()]
    assert all(torch.equal(a, b) for a, b in zip(found.parameters(), reference.parameters()))


def test_a_falsifying_network_prints_as_the_call_that_builds_it():
    @settings(FAST, max_examples=5, database=None, phases=[Phase.generate])  # the first draw is the smallest
    @given(relu_classifiers(input_dim=3, classes=2, depth=1, width=2))
    def fails(model):
        assert model is None

    with pytest.raises(AssertionError) as info:
        fails()
    notes = "\n".join(getattr(info.value, "__notes__", []))
    assert "relu_mlp(" in notes and "seed=0" in notes, notes


@pytest.mark.parametrize("kwargs, error, words", [
    ({"classes": 1}, ValueError, "classes must be >= 2"),
    ({"depth": (3, 1)}, ValueError, "depth = (3, 1): min 3 is larger than max 1"),
    ({"width": "8"}, TypeError, "width must be an int"),
    ({"input_dim": (1, 2, 3)}, ValueError, "input_dim must be an int or a pair"),
    ({"bias": 1}, TypeError, "bias must be a bool"),
])
def test_relu_classifiers_refuse_bad_bounds(kwargs, error, words):
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        relu_classifiers(**kwargs)


# -- inputs_for -------------------------------------------------------------------------------------------

@settings(FAST, max_examples=15)
@given(st.data())
def test_inputs_for_draws_finite_bounded_float64_inputs_the_model_accepts(data):
    model = data.draw(relu_classifiers(input_dim=(2, 6), depth=(1, 1), width=(2, 4)))
    n = model[0].in_features
    x = data.draw(inputs_for(model, bound=2.5))
    assert x.shape == (n,) and x.dtype == torch.float64
    assert torch.isfinite(x).all() and float(x.abs().max()) <= 2.5
    X = data.draw(inputs_for(model, batch=3))
    assert X.shape == (3, n) and float(X.abs().max()) <= 3.0
    assert model(X).shape[0] == 3


CNN = lenet(1, 8, 3, channels=(2, 2), hidden=None, seed=0)


def test_inputs_for_a_cnn_needs_the_image_size():
    with pytest.raises(ValueError, match=r"Conv2d with 1 input channels.*input_shape=\(1, H, W\)"):
        inputs_for(CNN)


@settings(FAST, max_examples=3)
@given(inputs_for(CNN, input_shape=(1, 8, 8), batch=2))
def test_inputs_for_a_cnn_with_its_image_size_are_images(X):
    assert X.shape == (2, 1, 8, 8) and torch.isfinite(X).all()
    assert CNN(X).shape == (2, 3)


def test_inputs_for_refuses_what_it_cannot_shape():
    with pytest.raises(TypeError, match="model must be a torch.nn.Module"):
        inputs_for("a model")
    with pytest.raises(ValueError, match="no nn.Linear or nn.Conv2d"):
        inputs_for(nn.Sequential(nn.Flatten()))
    with pytest.raises(ValueError, match="could not be applied to an input of shape"):
        inputs_for(relu_mlp(4, (3,), 2), input_shape=(5,))
    with pytest.raises(ValueError, match="bound must be a finite positive number"):
        inputs_for(relu_mlp(4, (3,), 2), bound=0)
    with pytest.raises(ValueError, match="batch must be >= 1"):
        inputs_for(relu_mlp(4, (3,), 2), batch=0)
    with pytest.raises(ValueError, match="logits of shape"):
        inputs_for(nn.Sequential(nn.Linear(4, 1)).double())


# -- metrics ------------------------------------------------------------------------------------------------

@settings(FAST, max_examples=15)
@given(st.integers(1, 3).flatmap(metrics), st.lists(st.fractions(-3, 3, max_denominator=4), min_size=3, max_size=3))
def test_metrics_are_positive_definite_and_their_christoffel_symbols_are_compatible(g, values):
    n, x, M = g.dim, g.coords, g.matrix
    point = {c: sp.Rational(v.numerator, v.denominator) for c, v in zip(x, values)}
    at = M.xreplace(point)
    # Sylvester's criterion at the point, in exact rationals: every leading principal minor > 0
    assert all(at[:k, :k].det() > 0 for k in range(1, n + 1)), (g, point)
    Gamma = g.christoffel().xreplace(point)
    dg = [M.diff(c).xreplace(point) for c in x]
    for k in range(n):
        for i in range(n):
            for j in range(n):
                assert Gamma[k, i, j] == Gamma[k, j, i]  # torsion-free
                # metric compatibility, exactly at the point: ∂_k g_ij = g_jl Γ^l_ki + g_il Γ^l_kj
                rhs = sum(at[j, l] * Gamma[l, k, i] + at[i, l] * Gamma[l, k, j] for l in range(n))
                assert sp.simplify(dg[k][i, j] - rhs) == 0, (g, point, k, i, j)


@settings(FAST, max_examples=20)
@given(st.sampled_from(METRIC_KINDS).flatmap(lambda kind: st.tuples(st.just(kind), metrics(2, kinds=kind))))
def test_each_metric_kind_has_its_shape(drawn):
    kind, g = drawn
    M = g.matrix
    A = M.xreplace({c: 0 for c in g.coords})
    if kind == "constant":
        assert M == A
    elif kind == "diagonal":
        assert M.is_diagonal()
    elif kind == "conformal":  # g = f(x)·A: every entry proportional to A's, by the same factor
        f = sp.cancel(M[0, 0] / A[0, 0])
        assert all(sp.expand(M[i, j] - f * A[i, j]) == 0 for i in range(2) for j in range(2))
    else:  # rank-one, g = A + v vᵀ with v(x) = v₀ + Lx: the part of g quadratic in x is (Lx)(Lx)ᵀ, of rank <= 1
        linear = sum((M.diff(c).xreplace({c2: 0 for c2 in g.coords}) * c for c in g.coords), sp.zeros(2, 2))
        Q = (M - A - linear).applyfunc(sp.expand)
        assert sp.expand(Q.det()) == 0 and all(sp.Poly(Q[i, i], *g.coords).coeffs()[0] >= 0
                                                for i in range(2) if Q[i, i] != 0)


def test_the_non_diagonal_coordinate_dependent_metrics_are_drawn():
    # a property test of Christoffel identities over metrics(2) must meet metrics that are
    # neither constant nor diagonal; find() fails if none is ever drawn
    def general(g):
        return not g.matrix.is_diagonal() and any(sp.diff(e, c) != 0 for e in g.matrix for c in g.coords)

    assert general(find(metrics(2), general, settings=FIND))


def test_metrics_take_coordinates_and_refuse_bad_arguments():
    r, s = sp.symbols("r s")

    @settings(FAST, max_examples=2, database=None)
    @given(metrics(2, coords=[r, s], kinds="constant"))
    def named(g):
        assert g.coords == (r, s)

    named()
    with pytest.raises(ValueError, match="dim must be >= 1"):
        metrics(0)
    with pytest.raises(TypeError, match="dim must be an int"):
        metrics(2.0)
    with pytest.raises(ValueError, match="kinds must be a non-empty selection"):
        metrics(2, kinds="hyperbolic")
    with pytest.raises(ValueError, match="coords must be 2 distinct sympy Symbols"):
        metrics(2, coords=[r])


# -- divergences ------------------------------------------------------------------------------------------

def _kl_from_pmfs(d, a: np.ndarray, b: np.ndarray) -> float | None:
    """KL(p_a ‖ p_b) from the probability mass functions, independently of the potential."""
    def kl(p, q):
        return float(np.sum(p * (np.log(p) - np.log(q))))

    def softmax(z):
        z = np.asarray(z, dtype=float)
        e = np.exp(z - z.max())
        return e / e.sum()

    if d.kind == "kl-categorical":
        return kl(softmax([*a, 0.0]), softmax([*b, 0.0]))
    if d.kind == "kl-bernoulli":  # p(x = 1) = σ(θ): two classes with logits (θ, 0)
        return sum(kl(softmax([s, 0.0]), softmax([t, 0.0])) for s, t in zip(a, b))
    if d.kind == "kl-poisson":  # rate λ = e^θ: Σ_k Poisson(k; λ) log(Poisson(k; λ)/Poisson(k; λ′)), summed far out
        total = 0.0
        for s, t in zip(a, b):
            lam, lam2 = math.exp(s), math.exp(t)
            k = np.arange(0, 200)
            logp = k * math.log(lam) - lam - np.array([math.lgamma(j + 1) for j in k])
            logq = k * math.log(lam2) - lam2 - np.array([math.lgamma(j + 1) for j in k])
            total += float(np.sum(np.exp(logp) * (logp - logq)))
        return total
    return None


@settings(FAST, max_examples=15)
@given(st.sampled_from(DIVERGENCE_KINDS).flatmap(lambda k: st.tuples(st.just(k), divergences(kinds=k))),
       st.randoms(use_true_random=False))
def test_divergences_vanish_on_the_diagonal_and_induce_the_potentials_geometry(drawn, rng):
    kind, d = drawn
    assert d.kind == kind
    n, th, thp = d.dim, d.theta, d.theta_prime
    assert exactly_zero(d.expr.xreplace(dict(zip(thp, th))))  # D(θ, θ) = 0
    g = divergence_metric(d.expr, th, thp)
    G, Gs = divergence_connections(d.expr, th, thp)
    hessian = sp.hessian(d.potential, th)  # recomputed here from φ, not taken from the record
    for i in range(n):
        for j in range(n):
            assert exactly_zero(g[i, j] - hessian[i, j]) and exactly_zero(d.metric[i, j] - hessian[i, j])
            for k in range(n):
                third = sp.diff(d.potential, th[i], th[j], th[k])
                want, want_dual = (third, 0) if d.orientation == "kl" else (0, third)
                assert exactly_zero(G[k, i, j] - want) and exactly_zero(Gs[k, i, j] - want_dual), (d, k, i, j)
                assert exactly_zero(d.connection[k, i, j] - want)
    # D ≥ 0 off the diagonal, and equal to the KL of the distributions where the kind names one
    f = sp.lambdify([*th, *thp], d.expr, "math")
    for _ in range(3):
        a = np.array([rng.uniform(-2, 2) for _ in range(n)])
        b = a + np.array([rng.choice([-1, 1]) * rng.uniform(0.2, 1.5) for _ in range(n)])
        value = f(*a, *b)
        assert value > 0, (d, a, b, value)  # strictly convex potentials: D > 0 at θ′ ≠ θ
        kl = _kl_from_pmfs(d, a, b)
        if kl is not None:
            # both in float64 from O(1) terms, summed over ≤ 200 outcomes: 1e-9 relative is rounding
            assert value == pytest.approx(kl, rel=1e-9, abs=1e-12), (d, a, b)


def test_divergences_refuse_bad_arguments():
    with pytest.raises(ValueError, match="dim must be >= 1"):
        divergences(dim=0)
    with pytest.raises(ValueError, match="kinds must be a non-empty selection"):
        divergences(kinds=["hellinger"])
