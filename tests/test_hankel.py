"""Convolution as structured matrices (geomath.numeric.hankel) against torch's and numpy's/scipy's
convolutions, on random seeded inputs drawn by hypothesis; rank of exponential sums; the framelet
identity; bad input."""
import math

import numpy as np
import pytest
import sympy as sp
import torch
import torch.nn.functional as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.signal import convolve2d

from geomath.numeric.hankel import block_hankel_matrix, hankel_matrix, hankel_to_signal, toeplitz_matrix

EPS = float(torch.finfo(torch.float64).eps)
PROPERTY = settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _randn(*shape, seed):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


def _close(Mh, reference, M, h):
    """Entrywise within 2k·eps of |M||h| (both routes are k-term dot products)."""
    scale = (M.abs() @ h.abs()).clamp(min=1e-300)
    assert float(((Mh - reference).abs() / scale).max()) <= 2 * h.numel() * EPS


@st.composite
def signal_and_kernel(draw):
    n = draw(st.integers(1, 40))
    k = draw(st.integers(1, n))
    return n, k, draw(st.integers(0, 10**6))


@PROPERTY
@given(signal_and_kernel())
def test_hankel_is_correlation_and_toeplitz_is_convolution(case):
    n, k, seed = case
    x, h = _randn(n, seed=seed), _randn(k, seed=seed + 1)
    H, T = hankel_matrix(x, k), toeplitz_matrix(x, k)
    assert H.shape == T.shape == (n - k + 1, k)
    corr = F.conv1d(x[None, None], h[None, None])[0, 0]  # torch computes cross-correlation
    conv = torch.from_numpy(np.convolve(x.numpy(), h.numpy(), mode="valid"))  # numpy: true convolution
    _close(H @ h, corr, H, h)
    _close(T @ h, conv, T, h)
    _close(H @ h.flip(0), conv, H, h)  # flipping h swaps the two
    _close(T @ h.flip(0), corr, T, h)
    assert torch.equal(T, H.flip(1))
    assert float((hankel_to_signal(H) - x).abs().max()) <= 2 * EPS * float(x.abs().max())  # a mean of equal values


@st.composite
def image_and_kernel(draw):
    C = draw(st.integers(1, 3))
    H, W = draw(st.integers(1, 10)), draw(st.integers(1, 10))
    kh, kw = draw(st.integers(1, H)), draw(st.integers(1, W))
    return C, H, W, kh, kw, draw(st.booleans()), draw(st.integers(0, 10**6))


@PROPERTY
@given(image_and_kernel())
def test_block_hankel_is_conv2d(case):
    C, H, W, kh, kw, squeeze, seed = case
    X, K = _randn(C, H, W, seed=seed), _randn(C, kh, kw, seed=seed + 1)
    if squeeze and C == 1:
        X, K = X[0], K[0]  # a single-channel image may be 2-D
    B = block_hankel_matrix(X, kh, kw)
    oh, ow = H - kh + 1, W - kw + 1
    assert B.shape == (oh * ow, C * kh * kw)
    X3, K3 = X.reshape(C, H, W), K.reshape(C, kh, kw)
    corr = F.conv2d(X3[None], K3[None])[0, 0].reshape(-1)
    conv = torch.from_numpy(sum(convolve2d(X3[c].numpy(), K3[c].numpy()[::-1, ::-1], mode="valid")
                                for c in range(C)).reshape(-1))
    _close(B @ K.reshape(-1), corr, B, K.reshape(-1))
    _close(B @ K.reshape(-1), conv, B, K.reshape(-1))


def test_one_dimensional_block_hankel_is_the_hankel_matrix():
    x = _randn(9, seed=1)
    assert torch.equal(block_hankel_matrix(x[None], 1, 4), hankel_matrix(x, 4))


def test_hankel_rank_of_exponential_sums_exact():
    """x_t = Σ_{i≤r} c_i z_i^t with distinct rational z_i: rank ℍ_k(x) = min(r, L, k) exactly."""
    n = 7
    idx = hankel_matrix(torch.arange(n, dtype=torch.float64), 3)
    assert idx.tolist() == [[i + j for j in range(3)] for i in range(5)]
    zs, cs = [2, sp.Rational(1, 3), -3], [1, 5, sp.Rational(-2, 7)]
    for r in (1, 2, 3):
        x = [sum(c * z**t for c, z in zip(cs[:r], zs[:r])) for t in range(n)]
        for k in range(1, n + 1):
            ind = hankel_matrix(torch.arange(n, dtype=torch.float64), k)
            M = sp.Matrix(ind.shape[0], k, lambda i, j: x[int(ind[i, j])])
            assert M.rank() == min(r, n - k + 1, k)


@pytest.mark.parametrize("r", [1, 3, 5])
def test_hankel_rank_of_complex_exponentials(r):
    t = np.arange(30)
    omega = 2 * np.pi * (np.arange(r) + 0.3) / r
    x = (np.exp(1j * omega[None, :] * t[:, None]) * (1 + np.arange(r))).sum(axis=1)
    H = hankel_matrix(torch.from_numpy(x), 10)
    assert H.dtype == torch.complex128
    assert np.linalg.matrix_rank(H.numpy()) == r


def test_framelet_identity_and_reconstruction():
    x = _randn(20, seed=3)
    H = hankel_matrix(x, 4)
    Phi = torch.linalg.qr(_randn(17, 17, seed=4))[0]
    Psi = torch.cat([torch.linalg.qr(_randn(4, 4, seed=s))[0] for s in (5, 6)], 1) / math.sqrt(2)  # tight, redundant
    assert float((Psi @ Psi.T - torch.eye(4, dtype=torch.float64)).abs().max()) < 1e-14
    assert float((Phi @ Phi.T @ H @ Psi @ Psi.T - H).abs().max()) < 1e-13
    C = Phi.T @ H @ Psi
    assert float((hankel_to_signal(Phi @ C @ Psi.T) - x).abs().max()) < 1e-13
    bad = _randn(17, 17, seed=7)  # not a tight frame: the identity fails
    assert float((bad @ bad.T @ H - H).abs().max()) > 1e-2


def test_hankel_to_signal_projects_onto_hankel_matrices():
    M = _randn(5, 3, seed=8)
    y = hankel_to_signal(M)
    # least squares: the residual M − ℍ(y) is orthogonal to every Hankel matrix ℍ(e_t)
    R = M - hankel_matrix(y, 3)
    for t in range(7):
        e = torch.zeros(7, dtype=torch.float64)
        e[t] = 1
        assert abs(float((R * hankel_matrix(e, 3)).sum())) < 1e-14


@pytest.mark.parametrize("call, error, match", [
    (lambda: hankel_matrix([1.0, 2.0], 1), TypeError, "torch.Tensor"),
    (lambda: hankel_matrix(torch.ones(2, 2, dtype=torch.float64), 1), ValueError, "1-D"),
    (lambda: hankel_matrix(torch.ones(3, dtype=torch.float64), 4), ValueError, "larger than the signal length"),
    (lambda: hankel_matrix(torch.ones(3, dtype=torch.float64), 0), ValueError, ">= 1"),
    (lambda: hankel_matrix(torch.ones(3, dtype=torch.float64), 2.0), TypeError, "int"),
    (lambda: hankel_matrix(torch.ones(3, dtype=torch.int64), 2), TypeError, "floating-point or complex"),
    (lambda: hankel_matrix(torch.tensor([1.0, float("nan")]), 1), ValueError, "NaN"),
    (lambda: hankel_matrix(torch.ones(0, dtype=torch.float64), 1), ValueError, "empty"),
    (lambda: toeplitz_matrix(torch.ones(3, dtype=torch.float64), 5), ValueError, "larger than the signal length"),
    (lambda: toeplitz_matrix("abc", 1), TypeError, "torch.Tensor"),
    (lambda: block_hankel_matrix(torch.ones(4, dtype=torch.float64), 1, 1), ValueError, "2-D or 3-D"),
    (lambda: block_hankel_matrix(torch.ones(3, 4, dtype=torch.float64), 4, 1), ValueError, "kh .* image height"),
    (lambda: block_hankel_matrix(torch.ones(3, 4, dtype=torch.float64), 1, 5), ValueError, "kw .* image width"),
    (lambda: block_hankel_matrix(np.ones((3, 3)), 1, 1), TypeError, "torch.Tensor"),
    (lambda: hankel_to_signal(torch.ones(3, dtype=torch.float64)), ValueError, "2-D"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
