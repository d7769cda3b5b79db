"""Pieces shared by the claim modules: sources of the three seeds, and the diffusion-metric paper's helpers."""
from __future__ import annotations

import numpy as np
import sympy as sp

from verification.model import SEEDS, Source

PAPER = SEEDS["P"]  # the paper “A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics” (Fioresi, Chaudhari, Soatto)
t = sp.Symbol("t", real=True)  # the curve parameter of every trajectory in the claims


def paper_source(location: str) -> Source:
    return Source(document=PAPER, location=location)


def lecture_source(location: str) -> Source:
    return Source(document=SEEDS["L"], location=location)


def book_source(location: str) -> Source:
    return Source(document=SEEDS["Y"], location=location)


def grad(f: sp.Expr, coords) -> sp.Matrix:
    """Euclidean gradient (∂f/∂x^k) as a column."""
    return sp.Matrix([sp.diff(f, c) for c in coords])


def along(expr: sp.Expr, on: dict, times: int = 1) -> sp.Expr:
    """d^times/dt^times of expr(x(t)): SymPy differentiates the composition itself, so the
    claims compare the paper's chain-rule steps with an independent derivative."""
    return sp.diff(expr.xreplace(on), t, times)


def positive_definite_mismatches(D: np.ndarray, M: float, points: int) -> list[float]:
    """The values ℰM_x on an offset grid of ``points`` values in [−3, 3] where Cholesky of
    I + ℰD (positive definiteness, decided independently of any eigenvalue formula) disagrees
    with ℰ > −1/M_x; the offset keeps grid points off the boundary."""
    eye = np.eye(D.shape[0])
    mismatch = []
    for e in np.linspace(-3.0, 3.0, points) / M + 0.37e-3 / M:
        try:
            np.linalg.cholesky(eye + e * D)
            pd = True
        except np.linalg.LinAlgError:
            pd = False
        if pd != bool(e > -1.0 / M):
            mismatch.append(float(e * M))
    return mismatch
