"""vec, the Kronecker product and matrix derivatives in the denominator layout (SymPy only).

Source: J. C. Ye, “Geometry of Deep Learning: A Signal Processing Perspective”, Contents: 1.5.1 "Kronecker Product" (p. 13) and 1.5.2 "Matrix and
Vector Calculus" (p. 15); the preface names "the denominator layout convention in the matrix
calculus" as what "led to the beautiful geometry of the backpropagation". Only the headings are in
the seed: these are the standard definitions they name.

* ``vec(X)`` stacks the columns of X (m×n) into an mn-vector: vec(X)[i + m·j] = X[i, j].
* ``kron(A, B)`` is the block matrix [A_ij B]; vec(AXB) = (Bᵀ ⊗ A) vec(X).
* Denominator layout: the derivative of a scalar f by a column x (n×1) is the column ∂f/∂x with
  entries ∂f/∂x_i; by a matrix X it has the shape of X, entries ∂f/∂X_ij; the derivative of a
  column y (m×1) by x (n×1) is the n×m matrix [∂y_j/∂x_i] — the transpose of the Jacobian, so the
  chain rule reads ∂z/∂x = (∂y/∂x)(∂z/∂y).

These functions are not exported from :mod:`geomath.symbolic`; import them from this module.

>>> import sympy as sp
>>> A = matrix_symbols("a", 2, 2); X = matrix_symbols("x", 2, 2); B = matrix_symbols("b", 2, 2)
>>> sp.expand(vec(A * X * B) - kron(B.T, A) * vec(X)) == sp.zeros(4, 1)
True
"""
from __future__ import annotations

import sympy as sp

__all__ = ["matrix_symbols", "vec", "unvec", "kron", "denominator_derivative"]


def _matrix(M, what: str) -> sp.Matrix:
    if isinstance(M, str):
        raise TypeError(f"{what} must be a SymPy matrix, not text")
    if not isinstance(M, sp.MatrixBase):
        raise TypeError(f"{what} must be a SymPy matrix, got {type(M).__name__}")
    if M.rows == 0 or M.cols == 0:
        raise ValueError(f"{what} is empty (shape {M.shape})")
    return sp.Matrix(M)


def _size(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{what} must be >= 1, got {value}")
    return value


def matrix_symbols(name: str, rows: int, cols: int, **assumptions) -> sp.Matrix:
    """A rows×cols matrix of distinct generic symbols ``name_{ij}`` (1-based indices)."""
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be an identifier such as 'a', got {name!r}")
    rows, cols = _size(rows, "rows"), _size(cols, "cols")
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{{{i + 1}{j + 1}}}", **assumptions))


def vec(X) -> sp.Matrix:
    """The columns of X stacked into one column (mn×1)."""
    X = _matrix(X, "X")
    return sp.Matrix([X[i, j] for j in range(X.cols) for i in range(X.rows)])


def unvec(v, rows: int, cols: int) -> sp.Matrix:
    """The rows×cols matrix X with vec(X) = v."""
    v = _matrix(v, "v")
    rows, cols = _size(rows, "rows"), _size(cols, "cols")
    if v.cols != 1 or v.rows != rows * cols:
        raise ValueError(f"v must be a column of {rows * cols} entries for a {rows}×{cols} matrix, got shape {v.shape}")
    return sp.Matrix(rows, cols, lambda i, j: v[i + rows * j])


def kron(A, B) -> sp.Matrix:
    """The Kronecker product A ⊗ B = [A_ij B] ((pr)×(qs) for A p×q and B r×s)."""
    A, B = _matrix(A, "A"), _matrix(B, "B")
    return sp.Matrix(A.rows * B.rows, A.cols * B.cols,
                     lambda i, j: A[i // B.rows, j // B.cols] * B[i % B.rows, j % B.cols])


def denominator_derivative(f, x) -> sp.Matrix:
    """∂f/∂x in the denominator layout (see the module docstring): f a scalar expression or a
    column (m×1), x a column of symbols (n×1) or, for a scalar f, a matrix of symbols."""
    x = _matrix(x, "x")
    if any(not isinstance(e, sp.Symbol) for e in x):
        raise ValueError("x must hold symbols only (the variables to differentiate by)")
    if isinstance(f, str):
        raise TypeError("f must be a SymPy expression or column, not text")
    if isinstance(f, sp.MatrixBase):
        f = _matrix(f, "f")
        if f.shape == (1, 1):
            f = f[0, 0]
        elif f.cols != 1:
            raise ValueError(f"a vector f must be a column (m×1), got shape {f.shape}")
        elif x.cols != 1:
            raise ValueError(f"the derivative of a column by a matrix is not a matrix; x must be a column, got {x.shape}")
        else:
            return sp.Matrix(x.rows, f.rows, lambda i, j: sp.diff(f[j], x[i]))
    if not isinstance(f, sp.Expr):
        raise TypeError(f"f must be a SymPy expression or column, got {type(f).__name__}")
    return x.applyfunc(lambda e: sp.diff(f, e))
