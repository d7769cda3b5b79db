"""Helper logic of verification.claims.paper_sgd: exact mini-batch laws, their moments and the
closed forms |ℬ|·Cov(∇_ℬ f) = D (with replacement), (N − |ℬ|)/(N − 1)·D (without), on random
gradients; the seeded sampler; the exact SGD moment recursion against Monte Carlo; Table 1 parsing."""
import itertools
import math
from fractions import Fraction

import numpy as np
import pytest

from verification.claims.paper_sgd import (
    batch_scale_factor,
    gradient_flow_linear,
    minibatch_distribution,
    minibatch_gradient_moments,
    parse_printed_size,
    sample_minibatches,
    sgd_linear_regression,
    sgd_moments_linear,
    split_sums,
)


@pytest.mark.parametrize("N", [1, 2, 4, 6])
@pytest.mark.parametrize("replace", [True, False])
def test_probabilities_sum_to_one_and_counts_match(N, replace):
    for b in range(1, N + (3 if replace else 1)):
        law = minibatch_distribution(N, b, replace)
        assert sum(p for _, p in law) == 1
        assert all(isinstance(p, Fraction) and p > 0 for _, p in law)
        assert all(sum(c) == b for c, _ in law)
        assert len(law) == (math.comb(N + b - 1, b) if replace else math.comb(N, b))
        assert len({c for c, _ in law}) == len(law)


def test_multiset_probabilities_match_ordered_draws():
    N, b = 4, 3
    law = dict(minibatch_distribution(N, b, replace=True))
    counted = {}
    for draw in itertools.product(range(N), repeat=b):
        c = tuple(draw.count(i) for i in range(N))
        counted[c] = counted.get(c, 0) + Fraction(1, N**b)
    assert counted == law


def test_bad_input():
    with pytest.raises(ValueError):
        minibatch_distribution(3, 4, replace=False)
    with pytest.raises(ValueError):
        minibatch_distribution(0, 1, replace=True)
    with pytest.raises(TypeError):
        minibatch_distribution(3, 1, replace=1)


@pytest.mark.parametrize("N,d", [(5, 3), (6, 8)])
def test_closed_forms_on_random_gradients(N, d):
    G = np.random.default_rng(N * d).normal(size=(N, d)) + 2.0
    gbar = G.mean(axis=0)
    D = (G - gbar).T @ (G - gbar) / N
    for replace in (True, False):
        for b in range(1, N + 1):
            mean, cov = minibatch_gradient_moments(G, minibatch_distribution(N, b, replace))
            np.testing.assert_allclose(mean, gbar, atol=1e-13)
            np.testing.assert_allclose(b * cov, batch_scale_factor(N, b, replace) * D, atol=1e-12)
    assert batch_scale_factor(N, N, replace=False) == 0.0
    assert batch_scale_factor(N, 1, replace=False) == 1.0


@pytest.mark.parametrize("replace", [True, False])
def test_sampler_rows_are_minibatches(replace):
    W = sample_minibatches(np.random.default_rng(0), 7, 3, 500, replace)
    np.testing.assert_allclose(W.sum(axis=1), 1.0)
    counts = np.rint(W * 3)
    if not replace:
        assert counts.max() == 1
    else:
        assert counts.max() > 1  # repeats occur among 500 draws of 3 from 7
    # every sample equally likely: column means 1/N within a few standard errors
    assert np.abs(W.mean(axis=0) - 1 / 7).max() < 0.02


def test_sgd_moment_recursion_matches_monte_carlo():
    rng = np.random.default_rng(1)
    A = np.hstack([rng.normal(size=(20, 3)), np.ones((20, 1))])
    yv = rng.normal(size=20)
    theta0 = rng.normal(size=4)
    eta, steps, b, R = 0.05, 20, 2, 4000
    m, C = sgd_moments_linear(A, yv, theta0, eta, steps, b)
    X = sgd_linear_regression(A, yv, theta0, eta, steps, b, R, np.random.default_rng(2))
    se = np.sqrt(np.diag(C) / R)
    assert np.all(np.abs(X.mean(axis=0) - m) <= 5 * se)
    np.testing.assert_allclose(np.cov(X.T), C, rtol=0.15, atol=0.15 * np.abs(C).max())
    # the mean of SGD is GD exactly on a quadratic loss
    x = theta0.copy()
    H, c = A.T @ A / 20, A.T @ yv / 20
    for _ in range(steps):
        x = x - eta * (H @ x - c)
    np.testing.assert_allclose(m, x, atol=1e-12)
    # GD with a tiny step follows the exact flow
    T, n = 0.3, 3000
    x = theta0.copy()
    for _ in range(n):
        x = x - (T / n) * (H @ x - c)
    np.testing.assert_allclose(gradient_flow_linear(A, yv, theta0, T), x, atol=1e-3)


def test_table1_parsing_and_split_sums():
    assert parse_printed_size("1.7 M") == (1.7e6, 0.05e6)
    assert parse_printed_size("60 K") == (60e3, 5e3)
    assert parse_printed_size("600 K") == (600e3, 50e3)
    assert parse_printed_size("27.2 M") == pytest.approx((27.2e6, 0.05e6))
    assert split_sums("CIFAR")["train + test"] == 60_000
    assert split_sums("SVHN")["train + extra"] == 604_388
    assert split_sums("SVHN")["train + test + extra"] == 630_420
