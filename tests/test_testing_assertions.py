"""The assertion helpers of geomath.testing: each passes where the theorem holds, fails with a
readable message where it does not, and records what it measured. The independent side of each
test: a closed form (the bracket of ∂_x and z∂_x + ∂_y + x∂_z), numpy's eigen/singular values, a
matrix built with known eigenvalues, the softmax of the model's own logits."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from torch import nn

from geomath.numeric import bias_free_relu, data_fields, fisher, lenet, relu_mlp, spectrum, weight_fields
from geomath.testing import (assert_involutive, assert_kl_fisher_expansion, assert_psd, assert_rank_at_most,
                             collecting)
from geomath.testing.assertions import KL_LOWER_STEPS, ROUNDING

F64 = torch.float64
EPS = torch.finfo(F64).eps


def _point(n: int, seed: int) -> torch.Tensor:
    return torch.randn(n, generator=torch.Generator().manual_seed(seed), dtype=F64)


def _orthogonal(n: int, seed: int) -> torch.Tensor:
    return torch.linalg.qr(torch.randn(n, n, generator=torch.Generator().manual_seed(seed), dtype=F64))[0]


# -- assert_psd ---------------------------------------------------------------------------------------

def test_psd_passes_on_a_gram_matrix_and_measures_its_smallest_eigenvalue():
    B = torch.randn(6, 3, generator=torch.Generator().manual_seed(0), dtype=F64)
    M = B @ B.T  # rank 3: three eigenvalues are 0 up to rounding
    check = assert_psd(M)
    lam = np.linalg.eigvalsh(M.numpy())
    # two float64 eigensolvers agree to n·eps relative to the norm; 10× that is allowed
    assert check.passed and check.measured == pytest.approx(lam[0] / abs(lam).max(), abs=10 * 6 * EPS)
    assert check.details["min eigenvalue"] == pytest.approx(lam[0], abs=10 * 6 * EPS * abs(lam).max())


def test_psd_rejects_a_known_negative_eigenvalue_and_says_so():
    Q = _orthogonal(3, 1)
    M = Q @ torch.diag(torch.tensor([3.0, 1.0, -1e-6], dtype=F64)) @ Q.T
    M = (M + M.T) / 2
    with collecting() as c, pytest.raises(AssertionError) as info:
        assert_psd(M)
    text = str(info.value)
    assert "assert_psd failed: the matrix has a negative eigenvalue beyond rounding" in text
    assert "λ_min = -1e-06" in text and "‖M‖₂ = 3" in text and "n·eps = 3·eps" in text
    (check,) = c.checks
    assert not check.passed and check.measured == pytest.approx(-1e-6 / 3, rel=1e-9)  # eigenvalues to ~eps·3


def test_psd_tolerance_is_rounding_of_the_norm():
    # −1e-17 on a unit-norm matrix is below n·eps = 4.4e-16; −1e-12 is not
    assert assert_psd(torch.diag(torch.tensor([1.0, -1e-17], dtype=F64))).passed
    with pytest.raises(AssertionError, match="negative eigenvalue"):
        assert_psd(torch.diag(torch.tensor([1.0, -1e-12], dtype=F64)))
    assert assert_psd(torch.diag(torch.tensor([1.0, -1e-12], dtype=F64)), tol=1e-10).passed
    assert assert_psd(torch.zeros(3, 3, dtype=F64)).passed
    assert assert_psd(np.eye(2)).passed


def test_psd_rejects_an_asymmetric_matrix():
    with pytest.raises(AssertionError, match="the matrix is not symmetric"):
        assert_psd(torch.tensor([[1.0, 1.0], [0.0, 1.0]], dtype=F64))


def test_psd_of_a_fisher_matrix():
    model = relu_mlp(5, (7,), 4, seed=2)
    assert assert_psd(fisher(model, _point(5, 3))).passed


@pytest.mark.parametrize("args, error, words", [
    (([[1.0, 0.0], [0.0, 1.0]],), TypeError, "matrix must be a torch.Tensor or a numpy array"),
    ((torch.ones(2, 3, dtype=F64),), ValueError, r"matrix must be square, got shape \(2, 3\)"),
    ((torch.tensor([[1.0, float("nan")], [0.0, 1.0]]),), ValueError, "matrix contains NaN or inf"),
    ((torch.eye(2), -1.0), ValueError, "tol must be a finite non-negative number"),
    ((torch.eye(2), "1e-8"), TypeError, "tol must be a non-negative number or None"),
])
def test_psd_refuses_bad_input(args, error, words):
    with pytest.raises(error, match=words):
        assert_psd(*args)


# -- assert_rank_at_most ----------------------------------------------------------------------------

def test_rank_bound_rejects_a_full_rank_matrix_naming_the_extra_singular_value():
    M = torch.randn(5, 5, generator=torch.Generator().manual_seed(4), dtype=F64)
    sigma = np.linalg.svd(M.numpy(), compute_uv=False)
    with collecting() as c, pytest.raises(AssertionError) as info:
        assert_rank_at_most(M, 4)
    text = str(info.value)
    assert "the rank is 5, above the bound 4" in text and f"σ_5 = {sigma[4]:.3g}" in text
    assert c.checks[0].measured == 5 and c.checks[0].tolerance == 4


def test_rank_bound_passes_on_a_product_of_rank_two():
    g = torch.Generator().manual_seed(5)
    M = torch.randn(5, 2, generator=g, dtype=F64) @ torch.randn(2, 5, generator=g, dtype=F64)
    check = assert_rank_at_most(M, 2)
    assert check.passed and check.measured == 2 == np.linalg.matrix_rank(M.numpy())
    with pytest.raises(AssertionError, match="the rank is 2, above the bound 1"):
        assert_rank_at_most(M, 1)


def test_rank_of_the_fisher_matrix_is_at_most_classes_minus_one_and_no_less():
    # rank F(x, w) ≤ C − 1 ("Properties of the Fisher matrix"); a generic ReLU net reaches it
    model = relu_mlp(5, (7,), 4, seed=2)
    F = fisher(model, _point(5, 3))
    assert assert_rank_at_most(F, 3).measured == 3
    with pytest.raises(AssertionError):
        assert_rank_at_most(F, 2)


def test_rank_bound_reads_a_spectrum_and_recounts_it_at_a_given_tolerance():
    s = spectrum(torch.diag(torch.tensor([1.0, 1e-10], dtype=F64)))
    with pytest.raises(AssertionError, match="the rank is 2"):
        assert_rank_at_most(s, 1)
    assert assert_rank_at_most(s, 1, tol=1e-8).passed


@pytest.mark.parametrize("bound, error", [(True, TypeError), (1.0, TypeError), (-1, ValueError)])
def test_rank_bound_refuses_bad_bounds(bound, error):
    with pytest.raises(error, match="bound must be"):
        assert_rank_at_most(torch.eye(2, dtype=F64), bound)


# -- assert_involutive ------------------------------------------------------------------------------

def _e1(q):
    return torch.stack([torch.ones_like(q[0]), torch.zeros_like(q[0]), torch.zeros_like(q[0])])


def _e2(q):
    return torch.stack([torch.zeros_like(q[0]), torch.ones_like(q[0]), torch.zeros_like(q[0])])


def _grad_y_plus_xz(q):  # ∇(y + xz) = (z, 1, x)
    return torch.stack([q[2], torch.ones_like(q[0]), q[0]])


def test_involutive_defect_of_a_closed_form_bracket():
    # [∂_x, z∂_x + ∂_y + x∂_z] = ∂_z. At p = (a, b, c) the span is {e₁, (0, 1, a)}, whose unit normal
    # (0, −a, 1)/√(1 + a²) carries e₃ with weight 1/√(1 + a²); the two bracket terms have norms 1 and
    # 0, so the defect is exactly 1/√(1 + a²)
    p = torch.tensor([2.0, 0.5, -1.0], dtype=F64)
    with pytest.raises(AssertionError) as info:
        assert_involutive([_e1, _grad_y_plus_xz], p)
    defect = 1 / math.sqrt(5)
    assert f"defect = {defect:.3g}" in str(info.value) and "1 − p_max = 1" in str(info.value)
    with collecting() as c, pytest.raises(AssertionError):
        assert_involutive([_e1, _grad_y_plus_xz], p)
    assert c.checks[0].measured == pytest.approx(defect, rel=1e-14)  # a few roundings of O(1) numbers


def test_involutive_constant_fields_pass_with_a_nontrivial_rank():
    check = assert_involutive([_e1, _e2], torch.tensor([0.3, -1.0, 2.0], dtype=F64))
    assert check.passed and check.measured == 0.0 and check.details["rank"] == 2 and check.details["nontrivial"]


def test_involutive_relu_data_fields_pass_and_tanh_fail_readably():
    x = _point(6, 7)
    relu = relu_mlp(6, (8,), 4, seed=1)
    check = assert_involutive(data_fields(relu), x)
    margin = 1 - float(torch.softmax(relu(x[None])[0].detach(), dim=-1).max())  # from the model's own logits
    assert check.passed and check.details["nontrivial"]
    assert check.details["1 - p_max"] == pytest.approx(margin, rel=1e-12)
    assert check.measured <= ROUNDING and check.measured == pytest.approx(check.details["defect"] * margin, rel=1e-12)

    tanh = relu_mlp(6, (8,), 4, activation="tanh", seed=1)
    with collecting() as c, pytest.raises(AssertionError) as info:
        assert_involutive(data_fields(tanh), x)
    text = str(info.value)
    measured = c.checks[0].details["defect"]
    assert measured > 1e-3  # no rounding: a bracket leaves the span by a visible fraction of its terms
    for phrase in ("assert_involutive failed: the distribution is not involutive at the point",
                   f"defect = {measured:.3g}", "tolerance:", "smooth activations (tanh, GELU, softplus) are expected "
                   "to fail", "ReLU network's data fields ∇_x log p_i are involutive inside each linear region"):
        assert phrase in text, phrase


def test_involutive_weight_fields_of_a_hidden_layer_fail_and_of_a_linear_model_pass():
    # the Remark after "Result (F.-Grementieri, 2021)": 𝒟′_w is not involutive once there is a hidden
    # layer; for s = Wx + b the score fields span the same subspace at every w
    x = _point(4, 8)
    W = weight_fields(relu_mlp(4, (5,), 3, seed=0), x)
    with pytest.raises(AssertionError, match="not involutive"):
        assert_involutive(W, W.base_point)
    L = weight_fields(relu_mlp(4, (), 3, seed=0), x)
    assert assert_involutive(L, L.base_point).passed


def test_involutive_vanishing_fields_span_zero_and_pass():
    model = bias_free_relu((3, 4, 2), seed=0)
    check = assert_involutive(data_fields(model), torch.zeros(3, dtype=F64))  # every unit is at 0
    assert check.passed and check.details["rank"] == 0 and check.result is None


def test_involutive_takes_an_image_shaped_point_for_cnn_fields():
    net = lenet(1, 6, 3, channels=(2, 2), hidden=None, pool=None, seed=0)
    x = torch.randn(1, 6, 6, generator=torch.Generator().manual_seed(0), dtype=F64)
    assert assert_involutive(data_fields(net, input_shape=(1, 6, 6)), x).passed


def test_involutive_records_the_running_test(request):
    with collecting() as c:
        assert_involutive([_e1, _e2], torch.zeros(3, dtype=F64))
    assert [ch.test for ch in c.checks] == [request.node.nodeid]
    assert c.checks[0].as_dict()["name"] == "assert_involutive"


def test_involutive_refuses_bad_input():
    with pytest.raises(TypeError, match="fields must be a sequence of callables"):
        assert_involutive(_e1, torch.zeros(3, dtype=F64))
    with pytest.raises(TypeError, match="point must be a torch.Tensor"):
        assert_involutive([_e1], [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="tol must be a finite non-negative number"):
        assert_involutive([_e1], torch.zeros(3, dtype=F64), tol=-1.0)


# -- assert_kl_fisher_expansion -----------------------------------------------------------------------

def test_kl_expansion_holds_for_a_relu_net_in_weights_and_inputs():
    model = relu_mlp(6, (8,), 4, seed=1)
    x = _point(6, 9)
    for wrt in ("weights", "inputs"):
        check = assert_kl_fisher_expansion(model, x, wrt=wrt)
        assert check.passed and check.measured <= check.tolerance < 1e-6
        # KL/(½t²uᵀMu) → 1, and the remainder has slope 3 here (no cancellation in the window)
        assert check.details["KL / quadratic at smallest t"] == pytest.approx(1.0, abs=1e-3)
        assert all(abs(s - 3) < 0.05 for s in check.details["slopes of log|remainder|"])


def _leaky_on_its_kink(seed: int = 3):
    """A LeakyReLU net whose first unit's pre-activation is exactly 0 at x, and a direction along
    which it switches to the slope-1 side: autograd takes the slope 0.1 there, so the logits' true
    first-order change differs from J·u and KL − ½t²uᵀFu is of order t²."""
    torch.manual_seed(1)
    net = nn.Sequential(nn.Linear(4, 6), nn.LeakyReLU(0.1), nn.Linear(6, 3)).double()
    x = torch.tensor([0.5, 0.5, 1.0, 2.0], dtype=F64)
    with torch.no_grad():
        net[0].weight[0] = torch.tensor([1.0, -1.0, 0.0, 0.0])  # 0.5 − 0.5 = 0 exactly
        net[0].bias[0] = 0.0
    u = torch.randn(sum(p.numel() for p in net.parameters()), generator=torch.Generator().manual_seed(seed), dtype=F64)
    rate = float(u[:4] @ x + u[24])  # d/dt of the unit's pre-activation (weights row 0, then bias 0 at index 24)
    return net, x, (u if rate > 0 else -u)


def test_kl_expansion_fails_on_a_kink_it_cannot_see_with_the_order_two_remainder_named():
    net, x, u = _leaky_on_its_kink()
    with collecting() as c, pytest.raises(AssertionError) as info:
        assert_kl_fisher_expansion(net, x, u)
    text = str(info.value)
    check = c.checks[0]
    assert "KL is not ½t²uᵀF(x, w)u + O(t³) along the direction" in text and f"q(0) = {check.measured:.3g}" in text
    # an order-t² remainder: q(0) is its share of the quadratic term, far above rounding
    assert check.measured > 1e-3 and check.measured > 1e5 * check.tolerance
    assert all(abs(s - 2) < 0.05 for s in check.details["slopes of log|remainder|"])  # and the slope reads 2
    # on the other side of the kink autograd's slope 0.1 is the true one: the expansion holds
    assert assert_kl_fisher_expansion(net, x, -u).passed


def test_kl_expansion_refuses_a_point_on_a_relu_boundary_and_rejects_it_under_hypothesis():
    model = relu_mlp(4, (5,), 3, seed=0)
    x = torch.tensor([0.5, 0.5, 1.0, -2.0], dtype=F64)
    with torch.no_grad():
        model[0].weight[0] = torch.tensor([1.0, -1.0, 0.0, 0.0])  # unit 0: 0.5 − 0.5 + 0 = 0 exactly
        model[0].bias[0] = 0.0
    assert float(model[0](x[None]).detach()[0, 0]) == 0.0
    with pytest.raises(ValueError, match="x lies on an activation boundary"):
        assert_kl_fisher_expansion(model, x)

    @settings(max_examples=3, deadline=None, database=None)
    @given(st.just(x))
    def property_test(point):
        assert_kl_fisher_expansion(model, point)

    with pytest.raises(Unsatisfiable):  # every example was rejected, none failed
        property_test()


def test_kl_expansion_moves_to_the_lower_window_when_the_path_leaves_the_region():
    # put unit 0 at distance t_c = 3e-3 along u from switching on: inside [1e-6, 1e-3], not [1e-5, 1e-2]
    model = relu_mlp(4, (5,), 3, seed=0)
    x = _point(4, 2)
    u = torch.randn(sum(p.numel() for p in model.parameters()), generator=torch.Generator().manual_seed(0), dtype=F64)
    u = u / u.norm()
    rate = float(u[:4] @ x + u[20])  # weight row 0 (4 entries), then bias 0 at index 4·5 = 20
    u = u if rate > 0 else -u
    with torch.no_grad():
        model[0].bias[0] -= float(model[0](x[None]).detach()[0, 0]) + abs(rate) * 3e-3
    check = assert_kl_fisher_expansion(model, x, u)
    assert check.passed and check.details["steps"][:2] == [KL_LOWER_STEPS[0], KL_LOWER_STEPS[-1]]
    with pytest.raises(ValueError, match="leaves the activation region"):
        assert_kl_fisher_expansion(model, x, u, steps=[1e-5, 1e-4, 1e-3, 1e-2])


@pytest.mark.parametrize("kwargs, error, words", [
    ({"model": "net"}, TypeError, "model must be a torch.nn.Module"),
    ({"wrt": "outputs"}, ValueError, "wrt must be 'weights' or 'inputs'"),
    ({"direction": torch.ones(3, dtype=F64)}, ValueError, r"direction has 3 entries; expected 43 \(trainable"),
    ({"direction": torch.zeros(43, dtype=F64)}, ValueError, "direction is zero"),
    ({"steps": [1e-3, 1e-2]}, ValueError, "at least 4 distinct"),
    ({"steps": "small"}, TypeError, "steps must be a sequence"),
    ({"seed": -1}, ValueError, "seed must be a non-negative int"),
])
def test_kl_expansion_refuses_bad_arguments(kwargs, error, words):
    args = {"model": relu_mlp(4, (5,), 3, seed=0), "x": _point(4, 1), **kwargs}
    with pytest.raises(error, match=words):
        assert_kl_fisher_expansion(**args)
