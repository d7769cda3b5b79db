"""Paths on and off the data leaf (geomath.numeric.leaf), against closed forms."""
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomath.numeric import lenet, relu_mlp
from geomath.numeric.brackets import data_fields, distribution_basis
from geomath.numeric.leaf import leaf_path
from geomath.numeric.regions import activation_pattern

EPS = float(torch.finfo(torch.float64).eps)


def _x(n, seed, scale=1.0):
    return scale * torch.randn(n, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 1000), n=st.integers(4, 12), C=st.integers(3, 6))
def test_linear_model_path_ends_at_the_projection_on_the_affine_leaf(seed, n, C):
    """s = Wx + b: 𝒟 = Wᵀ(𝟙^⊥) everywhere, the leaf through x₀ is x₀ + 𝒟 and the horizontal flow
    converges to x₀ + P(x₁ − x₀); the orthogonal flow to x₀ + (I − P)(x₁ − x₀)."""
    model = relu_mlp(n, (), C, seed=seed)
    x0, x1 = _x(n, seed + 1), _x(n, seed + 2)
    W = model[0].weight.detach()
    Q = distribution_basis(W - W.mean(0))[0]  # span of the rows of (I − 𝟙𝟙ᵀ/C)W = Wᵀ(𝟙^⊥)
    P = Q @ Q.T
    scale = float((x1 - x0).norm())
    for move, target in (("horizontal", x0 + P @ (x1 - x0)), ("orthogonal", x1 - P @ (x1 - x0))):
        path = leaf_path(model, x0, x1, move=move, step_size=0.5, steps=200, rtol=1e-10)
        assert path.stop in ("stalled", "reached")  # "reached" when 𝒟 is all of ℝⁿ (C − 1 ≥ n)
        assert float((path.final - target).norm()) <= 1e-9 * scale
        assert abs(path.relative_distance - float((x1 - target).norm()) / scale) <= 1e-9


def test_distance_never_grows_and_steps_stay_in_the_distribution():
    model = relu_mlp(10, (16, 16), 5, seed=3)
    F = data_fields(model)
    path = leaf_path(model, _x(10, 0), _x(10, 1), step_size=0.05, steps=200)
    assert bool((path.distances.diff() <= 1e-12).all())
    assert path.distances[-1] < path.distances[0]
    for k in range(0, len(path.points) - 1, 17):
        Q = distribution_basis(F.stacked(path.points[k]))[0]
        step = path.points[k + 1] - path.points[k]
        assert float((step - Q @ (Q.T @ step)).norm()) <= 1e3 * EPS * (float(step.norm()) + float(path.points[k].norm()))
    assert int(path.ranks.max()) <= 4


def test_orthogonal_move_keeps_the_prediction_inside_a_region():
    """In ker G the logits of a ReLU network shift by a common constant: p is unchanged exactly,
    as long as the path stays in one linear region."""
    model = relu_mlp(8, (24,), 4, seed=0)
    x0 = _x(8, 5)
    path = leaf_path(model, x0, x0 + 0.01 * _x(8, 6), move="orthogonal", step_size=0.1, steps=30)
    base = activation_pattern(model, x0)
    inside = [k for k in range(len(path.points)) if base.same_region(activation_pattern(model, path.points[k]))]
    assert len(inside) > 10
    assert float((path.probabilities[inside] - path.probabilities[0]).abs().max()) <= 1e3 * EPS
    assert float((path.points[inside[-1]] - x0).norm()) > 1e-4  # it did move


def test_cnn_path_takes_image_shaped_inputs():
    model = lenet(1, 8, 10, channels=(3, 4), hidden=12, seed=0)
    a, b = _x(64, 0).reshape(1, 8, 8), _x(64, 1).reshape(1, 8, 8)
    path = leaf_path(model, a, b, steps=20)
    assert path.points.shape[1] == 64 and path.probabilities.shape[1] == 10
    assert "horizontal" in repr(path) and path.length > 0


def test_rank_zero_start_stops_at_once():
    model = relu_mlp(6, (4,), 3, seed=0)
    W, b = model[0].weight.detach(), model[0].bias.detach()
    dead = torch.linalg.lstsq(W, -1.0 - b).solution
    path = leaf_path(model, dead, _x(6, 0))
    assert path.stop == "rank 0" and len(path.points) == 1 and int(path.ranks[0]) == 0


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(move="sideways"), ValueError, "move must be one of"),
    (dict(step_size=-0.1), ValueError, "step_size must be a finite number > 0"),
    (dict(steps=0), ValueError, "steps must be >= 1"),
    (dict(rtol=float("nan")), ValueError, "rtol must be a finite number > 0"),
])
def test_bad_options_are_refused(kwargs, error, match):
    model = relu_mlp(4, (3,), 3, seed=0)
    with pytest.raises(error, match=match):
        leaf_path(model, _x(4, 0), _x(4, 1), **kwargs)


def test_bad_points_are_refused():
    model = relu_mlp(4, (3,), 3, seed=0)
    with pytest.raises(ValueError, match="x1 has 5 entries"):
        leaf_path(model, _x(4, 0), _x(5, 1))
    with pytest.raises(ValueError, match="x0 contains NaN"):
        leaf_path(model, torch.tensor([0.0, float("nan"), 0.0, 0.0], dtype=torch.float64), _x(4, 1))
