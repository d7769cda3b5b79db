"""Lie brackets, the involutivity defect and the score-field distributions (geomath.numeric.brackets).

The theorem tests draw networks and points with hypothesis: the data distribution of ReLU networks
is involutive to rounding, that of smooth networks is not, the weight-space distribution of a
network with a hidden layer is not, and that of a linear softmax model is.
"""
import math

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from geomath.numeric import lenet, relu_mlp
from geomath.numeric.brackets import (
    VectorFields,
    data_fields,
    distribution_basis,
    involutivity_defect,
    lie_bracket,
    weight_fields,
)

EPS = float(torch.finfo(torch.float64).eps)
ROUNDING = 1e3 * EPS  # as verification.claims.lecture_leaf: ~100x the rounding the networks show
FAR = 1e-6
SETTINGS = dict(deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


# -- brackets against closed forms ------------------------------------------------------------------

def _quadratic_field(a, B, Cq):
    """X(q)_k = a_k + Σ_l B_kl q_l + Σ_lm C_klm q_l q_m, and its Jacobian in closed form."""
    a, B, Cq = (torch.as_tensor(v, dtype=torch.float64) for v in (a, B, Cq))

    def X(q):
        return a + B @ q + torch.einsum("klm,l,m->k", Cq, q, q)

    def DX(q):  # ∂X_k/∂q_l = B_kl + Σ_m (C_klm + C_kml) q_m
        return B + torch.einsum("klm,m->kl", Cq + Cq.transpose(1, 2), q)

    return X, DX


@settings(max_examples=40, **SETTINGS)
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(1, 6))
def test_bracket_of_quadratic_fields_matches_closed_form(seed, n):
    rng = np.random.default_rng(seed)
    X, DX = _quadratic_field(rng.normal(size=n), rng.normal(size=(n, n)), rng.normal(size=(n, n, n)))
    Y, DY = _quadratic_field(rng.normal(size=n), rng.normal(size=(n, n)), rng.normal(size=(n, n, n)))
    p = torch.as_tensor(rng.uniform(-2, 2, size=n), dtype=torch.float64)
    closed = DY(p) @ X(p) - DX(p) @ Y(p)
    scale = float((DY(p) @ X(p)).norm() + (DX(p) @ Y(p)).norm())
    assert float((lie_bracket(X, Y, p) - closed).norm()) <= 1e-12 * max(scale, 1.0)


def test_bracket_of_the_textbook_pair():
    """The non-involutive pair ∂_x and z∂_x + ∂_y + x∂_z of ℝ³: [X, Y] = ∂_z."""
    X = lambda q: torch.stack([torch.ones_like(q[0]), torch.zeros_like(q[0]), torch.zeros_like(q[0])])  # noqa: E731
    Y = lambda q: torch.stack([q[2], torch.ones_like(q[0]), q[0]])  # noqa: E731
    p = torch.tensor([0.3, -1.2, 2.0], dtype=torch.float64)
    assert torch.equal(lie_bracket(X, Y, p), torch.tensor([0.0, 0.0, 1.0], dtype=torch.float64))
    d = involutivity_defect([X, Y], p)
    # span = {e₁, (0, 1, x)}: e₃ leaves it by 1/√(1 + x²); the terms are |e₃| and 0
    assert d.rank == 2 and abs(d.defect - 1 / math.sqrt(1 + 0.3 ** 2)) < 1e-15


def test_involutive_pair_has_zero_defect():
    X = lambda q: torch.stack([1 + q[1] ** 2, torch.zeros_like(q[0]), torch.zeros_like(q[0])])  # noqa: E731
    Y = lambda q: torch.stack([torch.zeros_like(q[0]), torch.exp(q[0]), torch.zeros_like(q[0])])  # noqa: E731
    d = involutivity_defect([X, Y], torch.tensor([0.4, 0.7, -0.1], dtype=torch.float64))
    assert d.rank == 2 and d.defect <= ROUNDING and float(d.bracket_norms[0, 1]) > 0.1


def test_batched_bracket_equals_pointwise():
    F = data_fields(relu_mlp(5, (7,), 4, activation="tanh", seed=3))
    P = torch.randn(6, 5, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    batched = lie_bracket(F[0], F[2], P)
    for k in range(6):
        assert torch.allclose(batched[k], lie_bracket(F[0], F[2], P[k]), rtol=0, atol=1e-15)


def test_finite_difference_cross_check_has_second_order():
    """Central differences of the two directional derivatives converge to the jvp bracket as h²."""
    F = data_fields(relu_mlp(6, (8, 8), 4, activation="tanh", seed=1))
    X, Y = F[0], F[1]
    p = torch.randn(6, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    exact = lie_bracket(X, Y, p)

    def fd(h):
        Xp, Yp = X(p), Y(p)
        return (Y(p + h * Xp) - Y(p - h * Xp)) / (2 * h) - (X(p + h * Yp) - X(p - h * Yp)) / (2 * h)

    hs = [1e-2, 5e-3, 2.5e-3]
    errs = [float((fd(h) - exact).norm()) for h in hs]
    slopes = [math.log(errs[i] / errs[i + 1]) / math.log(hs[i] / hs[i + 1]) for i in range(2)]
    assert all(1.9 < s < 2.1 for s in slopes), (errs, slopes)


def test_stacked_and_separate_fields_agree():
    """The batched route (jvp of the stacked map) equals stacking the fields one by one."""
    F = data_fields(relu_mlp(6, (9,), 5, activation="gelu", seed=4))
    p = torch.randn(6, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    a = involutivity_defect(F, p)
    b = involutivity_defect(list(F), p)
    assert torch.allclose(a.brackets, b.brackets, rtol=0, atol=1e-14 * float(a.term_scales.max()))
    assert a.rank == b.rank and abs(a.defect - b.defect) <= 1e-10


# -- the score fields -------------------------------------------------------------------------------

def test_data_fields_are_the_scores_and_sum_to_zero_under_p():
    model = relu_mlp(6, (8,), 4, seed=0)
    F = data_fields(model)
    x = torch.randn(6, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    V = F.stacked(x)
    p = F.potentials(x).exp()
    assert torch.allclose(torch.stack([f(x) for f in F]), V, rtol=0, atol=1e-15)
    assert float((p @ V).norm()) <= ROUNDING * float(V.norm())
    xi = x.clone().requires_grad_(True)
    torch.log_softmax(model(xi.unsqueeze(0)), -1)[0, 2].backward()
    assert torch.allclose(xi.grad, V[2], rtol=0, atol=1e-15)


def test_weight_fields_base_point_is_the_model_weights():
    model = relu_mlp(4, (3,), 3, seed=0)
    W = weight_fields(model, torch.ones(4, dtype=torch.float64))
    assert torch.equal(W.base_point, torch.cat([p.detach().reshape(-1) for p in model.parameters()]))
    assert len(W) == 3 and W.dim == W.base_point.numel()
    Wb = weight_fields(model, torch.ones(2, 4, dtype=torch.float64), batched=True)
    assert len(Wb) == 6


# -- theorem tests: networks and points drawn by hypothesis -----------------------------------------

nets = st.fixed_dictionaries({
    "seed": st.integers(0, 10_000),
    "n": st.integers(4, 24),
    "C": st.integers(3, 8),
    "hidden": st.lists(st.integers(8, 32), min_size=1, max_size=3),
    "point_seed": st.integers(0, 10_000),
    "scale": st.floats(0.3, 3.0),
})


def _floor(fields, p) -> float:
    """1/(1 − p_max): the rounding floor of a score-field defect in units of eps (see InvolutivityDefect)."""
    return 1.0 / (1.0 - float(fields.potentials(p).exp().max()))


def _point(n: int, seed: int, scale: float) -> torch.Tensor:
    return scale * torch.randn(n, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


@settings(max_examples=25, **SETTINGS)
@given(cfg=nets)
def test_relu_data_distribution_is_involutive(cfg):
    model = relu_mlp(cfg["n"], tuple(cfg["hidden"]), cfg["C"], seed=cfg["seed"])
    F, x = data_fields(model), _point(cfg["n"], cfg["point_seed"], cfg["scale"])
    d = involutivity_defect(F, x)
    assert d.rank <= cfg["C"] - 1
    assert d.defect <= ROUNDING * _floor(F, x), d


@settings(max_examples=10, **SETTINGS)
@given(seed=st.integers(0, 10_000), point_seed=st.integers(0, 10_000))
def test_relu_cnn_data_distribution_is_involutive(seed, point_seed):
    model = lenet(1, 8, 10, channels=(3, 4), hidden=12, seed=seed)
    F, x = data_fields(model, (1, 8, 8)), _point(64, point_seed, 1.0)
    d = involutivity_defect(F, x)
    assert d.defect <= ROUNDING * _floor(F, x), d


@settings(max_examples=20, **SETTINGS)
@given(cfg=nets, activation=st.sampled_from(["tanh", "gelu", "softplus"]))
def test_smooth_data_distribution_is_not_involutive(cfg, activation):
    model = relu_mlp(cfg["n"], tuple(cfg["hidden"]), cfg["C"], activation=activation, seed=cfg["seed"])
    F, x = data_fields(model), _point(cfg["n"], cfg["point_seed"], cfg["scale"])
    d = involutivity_defect(F, x)
    assume(2 <= d.rank < cfg["n"])  # rank 1 or n: every distribution is involutive
    assert d.defect > FAR * _floor(F, x), d


@settings(max_examples=15, **SETTINGS)
@given(cfg=nets)
def test_weight_distribution_with_hidden_layer_is_not_involutive(cfg):
    model = relu_mlp(cfg["n"], tuple(cfg["hidden"]), cfg["C"], seed=cfg["seed"])
    W = weight_fields(model, _point(cfg["n"], cfg["point_seed"], cfg["scale"]))
    d = involutivity_defect(W, W.base_point)
    assume(d.rank >= 2)
    assert d.defect > FAR * _floor(W, W.base_point), d


@settings(max_examples=15, **SETTINGS)
@given(cfg=nets)
def test_weight_distribution_of_linear_softmax_is_involutive(cfg):
    model = relu_mlp(cfg["n"], (), cfg["C"], seed=cfg["seed"])
    W = weight_fields(model, _point(cfg["n"], cfg["point_seed"], cfg["scale"]))
    d = involutivity_defect(W, W.base_point)
    assert d.rank == cfg["C"] - 1 and d.defect <= ROUNDING * _floor(W, W.base_point), d


# -- bad input -------------------------------------------------------------------------------------

def _e(n, k):
    return lambda q: torch.nn.functional.one_hot(torch.tensor(k), n).to(q.dtype) + 0 * q


def test_fields_of_mismatched_dimension_are_refused():
    p = torch.zeros(3, dtype=torch.float64)
    with pytest.raises(ValueError, match=r"returned shape \(2,\) at a point of R\^3"):
        lie_bracket(_e(3, 0), lambda q: q[:2], p)
    with pytest.raises(ValueError, match=r"fields\[1\] returned shape"):
        involutivity_defect([_e(3, 0), lambda q: q[:2]], p)
    F = data_fields(relu_mlp(4, (3,), 3, seed=0))
    with pytest.raises(ValueError, match=r"the fields live on R\^4 but the point has 3 coordinates"):
        involutivity_defect(F, p)


def test_point_with_nan_is_refused():
    p = torch.tensor([0.0, float("nan"), 1.0], dtype=torch.float64)
    with pytest.raises(ValueError, match="contains NaN or inf"):
        lie_bracket(_e(3, 0), _e(3, 1), p)
    with pytest.raises(ValueError, match="contains NaN or inf"):
        involutivity_defect([_e(3, 0)], p)


def test_distribution_of_rank_zero_is_refused():
    zero = lambda q: 0 * q  # noqa: E731
    with pytest.raises(ValueError, match="rank 0"):
        involutivity_defect([zero, zero], torch.ones(3, dtype=torch.float64))
    # a dead ReLU region: every first-layer unit off, so the logits are constant and G = 0
    model = relu_mlp(6, (4,), 3, seed=0)
    W, b = model[0].weight.detach(), model[0].bias.detach()
    dead = torch.linalg.lstsq(W, -1.0 - b).solution
    with pytest.raises(ValueError, match="rank 0"):
        involutivity_defect(data_fields(model), dead)


@pytest.mark.parametrize("bad, error, match", [
    ("not fields", TypeError, "sequence of callables"),
    ([], ValueError, "empty"),
    ([1, 2], TypeError, r"fields\[0\] must be callable"),
])
def test_malformed_fields_are_refused(bad, error, match):
    with pytest.raises(error, match=match):
        involutivity_defect(bad, torch.zeros(2, dtype=torch.float64))


@pytest.mark.parametrize("p, error, match", [
    ([0.0, 1.0], TypeError, "torch.Tensor"),
    (torch.zeros(2, dtype=torch.int64), TypeError, "floating-point"),
    (torch.zeros(2, 2, 2), ValueError, r"shape \(n,\)"),
])
def test_malformed_points_are_refused(p, error, match):
    with pytest.raises(error, match=match):
        lie_bracket(_e(2, 0), _e(2, 1), p)


def test_batch_of_points_for_the_defect_is_refused():
    with pytest.raises(ValueError, match="single point"):
        involutivity_defect([_e(2, 0)], torch.zeros(3, 2, dtype=torch.float64))


def test_cnn_needs_an_input_shape():
    with pytest.raises(ValueError, match="input_shape is needed"):
        data_fields(lenet(1, 8, 10, channels=(2, 2), hidden=4))
    with pytest.raises(ValueError, match="input_shape must be a tuple of positive ints"):
        data_fields(relu_mlp(4, (3,), 3), input_shape=(0,))


def test_distribution_basis_cuts_at_the_rank_tolerance():
    V = torch.tensor([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 1.0, 1e-20]], dtype=torch.float64)
    Q, S, tol = distribution_basis(V)
    assert Q.shape == (3, 2) and tol == 3 * EPS * float(S[0])
    assert torch.allclose(Q.T @ Q, torch.eye(2, dtype=torch.float64), atol=1e-15)


def test_vector_fields_repr_and_list_behaviour():
    F = VectorFields([_e(2, 0)], 2, description="e0")
    assert len(F) == 1 and "1 fields on R^2: e0" in repr(F) and F.stacked is None
