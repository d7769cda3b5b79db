"""geomath.symbolic.kronecker (vec, ⊗, denominator-layout derivatives) against SymPy's own
Kronecker product and hand-written cases, and geomath.numeric.ntk against hand-built Jacobians and
the closed form of the limit kernel; bad input."""
import math

import numpy as np
import pytest
import sympy as sp
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy.matrices.expressions.kronecker import kronecker_product

from geomath.numeric import relu_mlp
from geomath.numeric.ntk import TwoLayerReLU, empirical_ntk, ntk_jacobian, two_layer_relu_ntk
from geomath.symbolic.kronecker import denominator_derivative, kron, matrix_symbols, unvec, vec

x, y, z = sp.symbols("x y z")


@settings(max_examples=20, deadline=None, derandomize=True)
@given(p=st.integers(1, 3), q=st.integers(1, 3), r=st.integers(1, 3), s=st.integers(1, 3))
def test_kron_equals_sympy_kronecker_product_and_vec_identity(p, q, r, s):
    A, B = matrix_symbols("a", p, q), matrix_symbols("b", r, s)
    assert kron(A, B) == kronecker_product(A, B)
    X = matrix_symbols("x", q, r)
    C = matrix_symbols("c", r, s)
    assert sp.expand(vec(A * X * C) - kron(C.T, A) * vec(X)) == sp.zeros(p * s, 1)
    assert unvec(vec(X), q, r) == X


def test_vec_stacks_columns():
    M = sp.Matrix([[1, 2, 3], [4, 5, 6]])
    assert vec(M) == sp.Matrix([1, 4, 2, 5, 3, 6])
    assert unvec(sp.Matrix([1, 4, 2, 5, 3, 6]), 2, 3) == M


def test_denominator_layout_shapes_and_values():
    X = sp.Matrix([x, y, z])
    assert denominator_derivative(x * y + z**2, X) == sp.Matrix([y, x, 2 * z])  # a column
    f = sp.Matrix([x * y, y + z])  # ℝ³ → ℝ²: the derivative is 3×2, the transposed Jacobian
    assert denominator_derivative(f, X) == f.jacobian(X).T
    W = matrix_symbols("w", 2, 2)
    assert denominator_derivative((W * sp.Matrix([x, y]))[0], W) == sp.Matrix([[x, y], [0, 0]])
    assert denominator_derivative(sp.Matrix([[x * y]]), sp.Matrix([x, y])) == sp.Matrix([y, x])  # 1×1 is a scalar


@pytest.mark.parametrize("call, error, match", [
    (lambda: vec([[1, 2]]), TypeError, "SymPy matrix"),
    (lambda: vec("Matrix([[1]])"), TypeError, "not text"),
    (lambda: vec(sp.zeros(0, 2)), ValueError, "empty"),
    (lambda: unvec(sp.Matrix([1, 2, 3]), 2, 2), ValueError, "4 entries"),
    (lambda: unvec(sp.Matrix([1, 2, 3, 4]), 2, 2.0), TypeError, "int"),
    (lambda: kron(sp.eye(2), np.eye(2)), TypeError, "SymPy matrix"),
    (lambda: matrix_symbols("a b", 2, 2), ValueError, "identifier"),
    (lambda: matrix_symbols("a", 0, 2), ValueError, ">= 1"),
    (lambda: denominator_derivative(x, sp.Matrix([x + 1])), ValueError, "symbols only"),
    (lambda: denominator_derivative("x", sp.Matrix([x])), TypeError, "not text"),
    (lambda: denominator_derivative(sp.Matrix([[x, y]]), sp.Matrix([x, y])), ValueError, "column"),
    (lambda: denominator_derivative(sp.Matrix([x, y]), sp.Matrix([[x, y]])), ValueError, "must be a column"),
    (lambda: denominator_derivative(3, sp.Matrix([x])), TypeError, "SymPy expression"),
])
def test_kronecker_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_ntk_jacobian_matches_a_hand_built_jacobian():
    """A linear model s = Wx + b: ∂s_c/∂W_{c'j} = δ_{cc'}x_j, ∂s_c/∂b_{c'} = δ_{cc'}; Θ = (xᵀx' + 1)I."""
    model = relu_mlp(3, (), 2, seed=1)
    X = torch.randn(4, 3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    J = ntk_jacobian(model, X)
    assert J.shape == (8, 8)
    for b in range(4):
        for c in range(2):
            row = torch.zeros(8, dtype=torch.float64)
            row[3 * c:3 * c + 3] = X[b]
            row[6 + c] = 1
            assert torch.equal(J[2 * b + c], row)
    Theta = empirical_ntk(model, X)
    expected = torch.kron(X @ X.T + 1, torch.eye(2, dtype=torch.float64))
    assert float((Theta - expected).abs().max()) < 1e-14


def test_two_layer_limit_kernel_closed_form():
    X = torch.tensor([[1.0, 0.0], [0.0, 2.0], [-1.0, 0.0]], dtype=torch.float64)
    T = two_layer_relu_ntk(X)
    assert torch.allclose(T.diagonal(), (X**2).sum(1))  # φ = 0: ‖x‖²/2 + ‖x‖²/2
    assert math.isclose(float(T[0, 1]), 2 / (2 * math.pi), rel_tol=1e-14)  # φ = π/2: ‖x‖‖x'‖/(2π), xᵀx' = 0
    assert abs(float(T[0, 2])) < 1e-15  # φ = π: both terms vanish (sin π rounds to 1e-16)
    assert float(torch.linalg.eigvalsh(T)[0]) > 0


def test_two_layer_empirical_ntk_approaches_the_limit():
    X = torch.tensor([[1.0, 0.2, -0.3], [0.1, -1.0, 0.5]], dtype=torch.float64)
    err = float((empirical_ntk(TwoLayerReLU(3, 20000, seed=0), X) - two_layer_relu_ntk(X)).norm())
    assert err < 0.05 * float(two_layer_relu_ntk(X).norm())


@pytest.mark.parametrize("call, error, match", [
    (lambda: ntk_jacobian(relu_mlp(3, (), 2), torch.ones(3, dtype=torch.float64)), ValueError, "batch"),
    (lambda: ntk_jacobian(relu_mlp(3, (), 2), [[1.0, 2.0, 3.0]]), TypeError, "torch.Tensor"),
    (lambda: ntk_jacobian(relu_mlp(3, (), 2).requires_grad_(False), torch.ones(1, 3, dtype=torch.float64)), ValueError,
     "no trainable parameters"),
    (lambda: two_layer_relu_ntk(torch.zeros(2, 3, dtype=torch.float64)), ValueError, "nonzero"),
    (lambda: two_layer_relu_ntk(torch.ones(3, dtype=torch.float64)), ValueError, "B×n"),
    (lambda: TwoLayerReLU(3, 0), ValueError, "m >= 1"),
    (lambda: TwoLayerReLU(3, 2.5), TypeError, "int"),
])
def test_ntk_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
