"""geomath.numeric: KL expansions, the Gram route to ranks, score vectors, activation patterns.

Each result is compared with an independent computation: mpmath at 50 digits for the KL, the
dense eigenvalues of F and G for the Gram route, the factor JᵀAJ for the scores, and explicit
constructions (a unit put on its boundary, a tied pooling window) for the patterns.
"""
import mpmath
import pytest
import torch
from torch import nn

from geomath.numeric import (
    activation_pattern,
    categorical_kl,
    data_matrix,
    fisher,
    gram_spectrum,
    kl_expansion,
    lenet,
    power_law_fit,
    relu_mlp,
    score_vectors,
    shifted_parameters,
    spectrum,
)

D = torch.float64


def _mp_kl(a, b):
    mpmath.mp.dps = 50
    A, B = [mpmath.mpf(float(v)) for v in a], [mpmath.mpf(float(v)) for v in b]
    za, zb = sum(mpmath.exp(v) for v in A), sum(mpmath.exp(v) for v in B)
    return float(sum(mpmath.exp(x) / za * ((x - mpmath.log(za)) - (y - mpmath.log(zb))) for x, y in zip(A, B)))


@pytest.mark.parametrize("scale", [1e-9, 1e-5, 1e-2, 3.0])
def test_categorical_kl_matches_mpmath(scale):
    g = torch.Generator().manual_seed(1)
    for _ in range(10):
        a = 8 * torch.randn(6, generator=g, dtype=D)
        b = a + scale * torch.randn(6, generator=g, dtype=D)
        ref = _mp_kl(a, b)
        # nearby: every term is second order and computed to relative precision (a few eps);
        # far apart (log-softmax route): absolute eps·|log p|, i.e. relative 1e-9 at these sizes
        rel = 1e-13 if scale < 1 else 1e-9
        assert abs(float(categorical_kl(a, b)) - ref) <= rel * ref


def test_categorical_kl_batched_and_zero():
    a = torch.randn(3, 4, dtype=D)
    kl = categorical_kl(a, a + 5.0)  # a constant shift is the same distribution
    assert kl.shape == (3,) and kl.abs().max() < 1e-15


def test_kl_expansion_quadratic_term_is_the_fisher_form():
    model = relu_mlp(5, (7,), 3, activation="tanh", seed=2)
    x = torch.randn(5, generator=torch.Generator().manual_seed(3), dtype=D)
    for wrt, M in (("weights", fisher(model, x)), ("inputs", data_matrix(model, x))):
        u = torch.randn(M.shape[0], generator=torch.Generator().manual_seed(4), dtype=D)
        e = kl_expansion(model, x, u, [1e-4, 1e-3], wrt)
        assert torch.allclose(e.quadratic, 0.5 * torch.tensor([1e-8, 1e-6], dtype=D) * (u @ M @ u), rtol=1e-12, atol=0)
        slope, _ = power_law_fit(e.steps, e.remainder)
        assert abs(slope - 3) < 0.05


def test_power_law_fit_recovers_an_exact_law():
    xs = [1e-3, 1e-2, 1e-1]
    slope, intercept = power_law_fit(xs, [5 * x**3 for x in xs])
    assert abs(slope - 3) < 1e-12 and abs(intercept - torch.log10(torch.tensor(5.0, dtype=D)).item()) < 1e-12


@pytest.mark.parametrize("wrt,build", [("inputs", data_matrix), ("weights", fisher)])
def test_gram_spectrum_equals_the_dense_spectrum(wrt, build):
    model = lenet(1, 8, 5, channels=(2, 3), hidden=8, seed=0)
    x = torch.randn(1, 8, 8, generator=torch.Generator().manual_seed(5), dtype=D)
    dense = torch.linalg.eigvalsh(build(model, x)).flip(0)
    g = gram_spectrum(model, x, wrt, chunk=2)
    assert torch.allclose(g.eigenvalues.clamp(min=0), dense[:5].clamp(min=0), atol=1e-12 * float(dense[0]), rtol=0)
    assert g.rank == spectrum(build(model, x)).rank >= 1


def test_score_vectors_give_the_factor_fisher_and_sum_to_zero():
    model = lenet(1, 8, 4, channels=(2, 3), hidden=8, seed=1)
    x = torch.randn(1, 8, 8, generator=torch.Generator().manual_seed(6), dtype=D)
    for wrt, build in (("weights", fisher), ("inputs", data_matrix)):
        s = score_vectors(model, x, wrt)
        M = build(model, x)
        scale = float(s.g.abs().max()) ** 2
        assert (s.fisher() - M).abs().max() <= 1e3 * 2.2e-16 * scale
        assert s.mean().abs().max() <= 1e3 * 2.2e-16 * float(s.g.abs().max())


def test_activation_pattern_boundary_ties_and_regions():
    model = relu_mlp(4, (6,), 3, seed=0)
    x = torch.randn(4, generator=torch.Generator().manual_seed(7), dtype=D)
    p = activation_pattern(model, x)
    assert p.strict and len(p.active_units) == 1 and 0 <= p.active_units[0] <= 6
    assert p.same_region(activation_pattern(model, x + 1e-9))
    with torch.no_grad():  # put unit 0 exactly on its boundary: pre-activation 0
        model[0].bias[0] = 0.0
        model[0].weight[0] = 0.0
    assert not activation_pattern(model, x).strict
    # a max-pool window of four equal positive values is a tie; of four zeros (inactive) it is not
    pool = nn.Sequential(nn.MaxPool2d(2), nn.Flatten(), nn.Linear(4, 2)).to(D)
    img = torch.zeros(1, 4, 4, dtype=D)
    assert activation_pattern(pool, img + 1.0).pool_ties[0].all()
    assert not activation_pattern(pool, img + torch.arange(16, dtype=D).reshape(1, 4, 4)).pool_ties[0].any()


@pytest.mark.parametrize("call,exc,match", [
    (lambda: categorical_kl(torch.zeros(3, dtype=D), torch.zeros(4, dtype=D)), ValueError, "same shape"),
    (lambda: categorical_kl(torch.zeros(1, dtype=D), torch.zeros(1, dtype=D)), ValueError, "C >= 2"),
    (lambda: categorical_kl(torch.tensor([0.0, float("nan")]), torch.zeros(2)), ValueError, "NaN"),
    (lambda: kl_expansion(relu_mlp(2, (), 2), torch.zeros(2, dtype=D), torch.ones(5, dtype=D), [1e-3]), ValueError,
     "expected 6"),
    (lambda: kl_expansion(relu_mlp(2, (), 2), torch.zeros(2, dtype=D), torch.ones(6, dtype=D), [0.0]), ValueError,
     "positive"),
    (lambda: kl_expansion(relu_mlp(2, (), 2), torch.zeros(2, dtype=D), torch.ones(2, dtype=D), [1e-3], wrt="x"),
     ValueError, "wrt"),
    (lambda: shifted_parameters(relu_mlp(2, (), 2), torch.ones(5, dtype=D), 0.1), ValueError, "expected 6"),
    (lambda: power_law_fit([1.0, 1.0], [1.0, 2.0]), ValueError, "distinct"),
    (lambda: power_law_fit([1.0, 2.0], [0.0, 2.0]), ValueError, "non-zero"),
    (lambda: gram_spectrum(relu_mlp(2, (), 2), torch.zeros(2, dtype=D), chunk=0), ValueError, "chunk"),
    (lambda: score_vectors(relu_mlp(2, (), 2), torch.zeros(2, dtype=D), wrt="both"), ValueError, "wrt"),
    (lambda: activation_pattern(relu_mlp(2, (), 2), torch.zeros(2, dtype=D), params={"nope": torch.zeros(1)}),
     ValueError, "nope"),
])
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
