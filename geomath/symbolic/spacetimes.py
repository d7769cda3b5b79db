"""Metrics with textbook Christoffel symbols, for examples, tests and benchmarks.

Signature (−+++), G = c = 1, coordinates (t, r, θ, φ) given by the caller. Pass the result
to :class:`~geomath.symbolic.Metric` together with the same coordinates.
"""
from __future__ import annotations

from typing import Any, Sequence

import sympy as sp

from geomath.symbolic._validate import as_coords, as_expr


def schwarzschild_components(mass: Any, coords: Sequence[sp.Symbol]) -> sp.ImmutableMatrix:
    """diag(−(1 − 2M/r), (1 − 2M/r)⁻¹, r², r² sin²θ)."""
    _, r, theta, _ = as_coords(coords, 4)
    M = as_expr(mass, "mass")
    f = 1 - 2 * M / r
    return sp.ImmutableMatrix(sp.diag(-f, 1 / f, r**2, r**2 * sp.sin(theta) ** 2))


def kerr_components(mass: Any, spin: Any, coords: Sequence[sp.Symbol]) -> sp.ImmutableMatrix:
    """Kerr in Boyer–Lindquist coordinates: Σ = r² + a²cos²θ, Δ = r² − 2Mr + a²,
    g_tt = −(1 − 2Mr/Σ), g_tφ = −2Mar sin²θ/Σ, g_rr = Σ/Δ, g_θθ = Σ,
    g_φφ = (r² + a² + 2Ma²r sin²θ/Σ) sin²θ. Spin 0 gives Schwarzschild.
    """
    _, r, theta, _ = as_coords(coords, 4)
    M, a = as_expr(mass, "mass"), as_expr(spin, "spin")
    sigma = r**2 + a**2 * sp.cos(theta) ** 2
    delta = r**2 - 2 * M * r + a**2
    s2 = sp.sin(theta) ** 2
    g = sp.zeros(4, 4)
    g[0, 0] = -(1 - 2 * M * r / sigma)
    g[0, 3] = g[3, 0] = -2 * M * a * r * s2 / sigma
    g[1, 1] = sigma / delta
    g[2, 2] = sigma
    g[3, 3] = (r**2 + a**2 + 2 * M * a**2 * r * s2 / sigma) * s2
    return sp.ImmutableMatrix(g)
