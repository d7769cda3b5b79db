"""Activation regions of ReLU networks (geomath.numeric.regions): piecewise affinity on random
seeded networks and points drawn by hypothesis, the affine piece A_r x + b_r, region counts on 2-D
slices by two methods, hyperplane-arrangement counts against their formulas; bad input."""
from math import comb

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from torch import nn
from torch.func import jacrev

from geomath.numeric import lenet, relu_mlp
from geomath.numeric.regions import (
    activation_pattern,
    activation_signs,
    affine_piece,
    hyperplane_arrangement_regions,
    line_arrangement_regions,
    slice_regions_exact,
    slice_regions_grid,
)

EPS = float(torch.finfo(torch.float64).eps)
PROPERTY = settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
E1, E2 = torch.tensor([1.0, 0.0], dtype=torch.float64), torch.tensor([0.0, 1.0], dtype=torch.float64)
O2 = torch.zeros(2, dtype=torch.float64)


@st.composite
def relu_nets_and_points(draw):
    """A random bias ReLU MLP (1 or 2 hidden layers of 2..6 units, 1..4 inputs, 2..3 outputs),
    an input point and a unit direction."""
    n = draw(st.integers(1, 4))
    hidden = tuple(draw(st.lists(st.integers(2, 6), min_size=1, max_size=2)))
    C = draw(st.integers(2, 3))
    seed = draw(st.integers(0, 10**6))
    x = torch.tensor(draw(st.lists(st.floats(-3, 3), min_size=n, max_size=n)), dtype=torch.float64)
    d = torch.randn(n, generator=torch.Generator().manual_seed(seed + 1), dtype=torch.float64)
    return relu_mlp(n, hidden, C, seed=seed), x, d / d.norm()


def _f(model):
    params = {k: p.detach() for k, p in model.named_parameters()}
    return lambda v: torch.func.functional_call(model, params, (v[None],))[0]


def _abs_scale(model, x):
    """|W_L|…|W_1||x| + biases: the scale of the forward pass's rounding error."""
    a = x.abs()
    for m in model:
        if isinstance(m, nn.Linear):
            a = m.weight.detach().abs() @ a + m.bias.detach().abs()
    return a


@PROPERTY
@given(relu_nets_and_points())
def test_affine_on_a_region(case):
    """f(x + δ) = f(x) + Jδ and J(x + δ) = J(x) for x + δ in the strict region of x; J = A_r
    from the weights and the pattern (affine_piece), and f = A_r x + b_r there."""
    model, x, d = case
    p0 = activation_pattern(model, x)
    assume(p0.strict)
    t = 1.0
    while not p0.same_region(activation_pattern(model, x + t * d)):
        t /= 2
        assume(t > 1e-12)
    x2 = x + t * d
    f = _f(model)
    J1, J2 = jacrev(f)(x), jacrev(f)(x2)
    assert torch.equal(J1, J2)
    L = sum(isinstance(m, nn.Linear) for m in model)
    bound = 4 * (L + sum(m.in_features for m in model if isinstance(m, nn.Linear))) * EPS * (
        _abs_scale(model, x) + _abs_scale(model, x2) + J1.abs() @ (x2 - x).abs())
    assert ((f(x2) - f(x) - J1 @ (x2 - x)).abs() <= bound).all()
    piece = affine_piece(model, x)
    assert float((piece.A - J1).abs().max()) <= 100 * EPS * max(float(J1.abs().max()), 1e-300)
    assert ((piece.A @ x2 + piece.b - f(x2)).abs() <= bound).all()
    assert piece.pattern.active_units == p0.active_units
    rank = int(torch.linalg.matrix_rank(piece.A)) if piece.A.abs().max() > 0 else 0
    assert rank <= min(p0.active_units)


@PROPERTY
@given(relu_nets_and_points())
def test_batched_signs_match_activation_pattern(case):
    model, x, d = case
    X = torch.stack([x, x + d, x - 2 * d])
    signs = activation_signs(model, X)
    for row, xi in zip(signs, X):
        expected = torch.cat([s.reshape(-1) for s in activation_pattern(model, xi).relu_signs])
        assert torch.equal(row, expected)


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(hidden=st.lists(st.integers(2, 6), min_size=1, max_size=2), seed=st.integers(0, 10**6))
def test_slice_counts_agree(hidden, seed):
    """Exact polygons tile the window with distinct patterns; every grid centre lies in the polygon
    of its own pattern, so the grid finds exactly the polygons it samples."""
    model = relu_mlp(2, tuple(hidden), 3, seed=seed)
    grid = slice_regions_grid(model, O2, E1, E2, 2.0, 120)
    exact = slice_regions_exact(model, O2, E1, E2, 2.0)
    assert abs(sum(p.area for p in exact) - 16.0) < 1e-9
    by_signs = {p.signs: p for p in exact}
    assert len(by_signs) == len(exact)
    S, T = np.meshgrid(grid.coords, grid.coords)
    pts = np.stack([S.reshape(-1), T.reshape(-1)], 1)
    for k, pattern in enumerate(grid.patterns):
        poly = by_signs[tuple(int(s) for s in pattern)].vertices
        sel = pts[grid.labels.reshape(-1) == k]
        for p, q in zip(poly, np.roll(poly, -1, axis=0)):
            assert ((q[0] - p[0]) * (sel[:, 1] - p[1]) - (q[1] - p[1]) * (sel[:, 0] - p[0]) >= -1e-9).all()
    assert grid.count <= len(exact)
    # the logits on each polygon are its affine map: check at the centroid
    for poly in exact[:5]:
        c = poly.centroid
        x = O2 + c[0] * E1 + c[1] * E2
        with torch.no_grad():
            out = model(x[None])[0].numpy()
        assert np.allclose(poly.slope @ c + poly.offset, out, rtol=0, atol=1e-12 * (1 + np.abs(out).max()))


@settings(max_examples=15, deadline=None, derandomize=True)
@given(m=st.integers(1, 7), seed=st.integers(0, 10**6))
def test_one_layer_counts_three_ways(m, seed):
    """m lines in general position: polygons = 1 + chords + crossings; with every crossing inside
    the window this is the LP count on all of ℝ², which is the bound Σ_{k≤2} C(m, k)."""
    model = relu_mlp(2, (m,), 2, seed=seed)
    W, b = model[0].weight.detach(), model[0].bias.detach()
    pts = [np.linalg.solve(W[[i, j]].numpy(), -b[[i, j]].numpy()) for i in range(m) for j in range(i + 1, m)]
    hw = 1.5 * float(np.abs(np.array(pts)).max()) + 1.0 if pts else 2.0
    lines = line_arrangement_regions(torch.cat([W, b[:, None]], 1), hw)
    assert lines.general_position
    exact = len(slice_regions_exact(model, O2, E1, E2, hw))
    lp = len(hyperplane_arrangement_regions(W, b))
    assert exact == lines.regions == lp == 1 + m + comb(m, 2)


@pytest.mark.parametrize("n, m", [(1, 4), (2, 5), (3, 5), (4, 6)])
def test_arrangement_counts_general_and_central(n, m):
    rng = np.random.default_rng(n * 10 + m)
    W, b = rng.normal(size=(m, n)), rng.normal(size=m)
    assert len(hyperplane_arrangement_regions(W, b)) == sum(comb(m, k) for k in range(n + 1))
    assert len(hyperplane_arrangement_regions(W, np.zeros(m))) == 2 * sum(comb(m - 1, k) for k in range(n))


def test_parallel_lines_are_not_general_position_and_count_fewer():
    lines = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, -0.5], [0.0, 1.0, 0.0]])
    res = line_arrangement_regions(lines, 1.0)
    assert not res.general_position
    assert res.regions == 6  # 3 chords, 2 crossings
    W, b = lines[:, :2], lines[:, 2]
    assert len(hyperplane_arrangement_regions(W, b)) == 6 < 1 + 3 + 3


def test_grid_labels_and_components():
    model = relu_mlp(2, (3,), 2, seed=0)
    grid = slice_regions_grid(model, O2, E1, E2, 1.0, 50)
    assert grid.labels.shape == (50, 50) and grid.labels.max() == grid.count - 1
    assert grid.components >= grid.count and grid.non_strict == 0


@pytest.mark.parametrize("call, error, match", [
    (lambda: activation_signs(relu_mlp(2, (3,), 2), torch.ones(2, dtype=torch.float64)), ValueError, "batch"),
    (lambda: activation_signs(relu_mlp(2, (3,), 2, activation="tanh"), torch.ones(1, 2, dtype=torch.float64)),
     ValueError, "no nn.ReLU"),
    (lambda: activation_signs(lenet(1, 8, 3), torch.ones(1, 1, 8, 8, dtype=torch.float64)), ValueError, "max-pooling"),
    (lambda: activation_signs(relu_mlp(2, (3,), 2), [[1.0, 2.0]]), TypeError, "torch.Tensor"),
    (lambda: affine_piece(lenet(1, 8, 3), torch.ones(1, 8, 8, dtype=torch.float64)), ValueError, "Conv2d; only nn.Linear"),
    (lambda: affine_piece(nn.Linear(2, 2), torch.ones(2, dtype=torch.float64)), TypeError, "nn.Sequential"),
    (lambda: affine_piece(relu_mlp(2, (3,), 2), torch.ones(3, dtype=torch.float64)), ValueError, "vector of 2"),
    (lambda: affine_piece(relu_mlp(2, (3,), 2, activation="tanh"), torch.ones(2, dtype=torch.float64)), ValueError,
     "Tanh"),
    (lambda: slice_regions_grid(relu_mlp(2, (3,), 2), O2, E1, 2 * E1), ValueError, "linearly independent"),
    (lambda: slice_regions_grid(relu_mlp(2, (3,), 2), O2, E1, E2, -1.0), ValueError, "half_width"),
    (lambda: slice_regions_grid(relu_mlp(2, (3,), 2), O2, E1, E2, 1.0, 1), ValueError, "resolution"),
    (lambda: slice_regions_exact(relu_mlp(2, (3,), 2), torch.zeros(3, dtype=torch.float64), E1, E2), ValueError,
     "one shape"),
    (lambda: slice_regions_exact(relu_mlp(3, (3,), 2), torch.zeros(2, dtype=torch.float64), E1, E2), ValueError,
     "vectors of 3"),
    (lambda: line_arrangement_regions(np.ones((2, 2))), ValueError, "m×3"),
    (lambda: line_arrangement_regions(np.array([[0.0, 0.0, 1.0]])), ValueError, r"\(a, b\) != \(0, 0\)"),
    (lambda: hyperplane_arrangement_regions(np.ones((2, 2)), np.ones(3)), ValueError, "b must have shape"),
    (lambda: hyperplane_arrangement_regions(np.ones((17, 2)), np.ones(17)), ValueError, "at most 16"),
    (lambda: hyperplane_arrangement_regions(np.zeros((2, 2)), np.ones(2)), ValueError, "row of W is zero"),
    (lambda: hyperplane_arrangement_regions(np.array([[np.nan, 1.0]]), np.ones(1)), ValueError, "finite"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
