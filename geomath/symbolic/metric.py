"""A (pseudo-)Riemannian metric in coordinates, as a small class in the style of geomstats.

Source for the formulas: the paper “A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics” (Fioresi, Chaudhari, Soatto), Eq. (4) (geodesic with force), Eq. (5)
(Christoffel symbols) and Appendix A (gradient ∇_g f = g^{ij} ∂_i f ∂_j, geodesics).
"""
from __future__ import annotations

from functools import cached_property
from typing import Any, Sequence

import sympy as sp

from geomath.symbolic._validate import (
    as_coords,
    as_expr,
    as_matrix,
    check_symmetric,
    vanishes_identically,
)
from geomath.symbolic.christoffel import (
    block_inverse_and_det,
    christoffel_first_kind,
    raise_first_index,
)
from geomath.symbolic.printing import ConnectionArray, connection_array
from geomath.symbolic.simplification import simplify_component


class Metric:
    """Metric g_{ij}(x) on a coordinate patch with coordinates ``coords``.

    Parameters
    ----------
    components : square symmetric Matrix, 2-D Array or nested list of SymPy expressions.
    coords : distinct Symbols, one per row of ``components``.

    Raises ``TypeError`` for text or non-SymPy entries, ``ValueError`` for a non-square,
    non-symmetric or identically singular matrix or a coordinate mismatch.

    >>> import sympy as sp
    >>> r, th = sp.symbols('r theta', positive=True)
    >>> m = Metric([[1, 0], [0, r**2]], [r, th])
    >>> m.christoffel()[0, 1, 1], m.christoffel()[1, 0, 1]
    (-r, 1/r)
    """

    def __init__(self, components: Any, coords: Sequence[sp.Symbol]):
        g = as_matrix(components, "metric components")
        self._coords = as_coords(coords, g.shape[0])
        check_symmetric(g)
        self._g = g
        # det is computed block by block; a non-zero value at one random point proves the
        # metric is not identically singular.
        self._inverse, self._det = block_inverse_and_det(g)
        if vanishes_identically(self._det):
            raise ValueError(f"metric is singular: its determinant vanishes identically ({self._det})")

    # -- basic data -------------------------------------------------------------------------
    @property
    def matrix(self) -> sp.ImmutableMatrix:
        return self._g

    @property
    def coords(self) -> tuple[sp.Symbol, ...]:
        return self._coords

    @property
    def dim(self) -> int:
        return len(self._coords)

    def determinant(self) -> sp.Expr:
        return self._det

    def inverse(self, simplify: bool = False) -> sp.ImmutableMatrix:
        """g^{ij}, from the adjugate of each diagonal block over its determinant."""
        if simplify:
            return self._simplified_inverse
        return self._inverse

    @cached_property
    def _simplified_inverse(self) -> sp.ImmutableMatrix:
        return block_inverse_and_det(self._g, simplify_component)[0]

    # -- connection -------------------------------------------------------------------------
    @cached_property
    def _first(self) -> ConnectionArray:
        return christoffel_first_kind(self._g, self._coords)

    def christoffel_first(self, simplify: bool = False) -> ConnectionArray:
        """Γ_{kij} = ½(∂_i g_{kj} + ∂_j g_{ki} − ∂_k g_{ij}), Array ``[k, i, j]``."""
        if simplify:
            return connection_array(self._first.applyfunc(simplify_component), self._coords, form="_kij")
        return self._first

    def christoffel(self, simplify: bool = False) -> ConnectionArray:
        """Γ^k_{ij} = g^{kl} Γ_{lij} (Eq. (5) of 003), Array ``[k, i, j]``.

        ``simplify=True`` applies :func:`simplify_component` to each distinct component
        (Γ^k_{ij} = Γ^k_{ji} is computed once). The Array is a
        :class:`~geomath.symbolic.printing.ConnectionArray`: in a notebook it shows the non-zero
        Γ^k_{ij} named by the coordinates; everything else is ``sp.ImmutableDenseNDimArray``.
        """
        if simplify:
            return self._simplified_christoffel
        return self._christoffel_raw

    @cached_property
    def _christoffel_raw(self) -> ConnectionArray:
        return raise_first_index(self._inverse, self._first)

    @cached_property
    def _simplified_christoffel(self) -> ConnectionArray:
        # the raw inverse suffices: each component is brought to one fraction and simplified
        return raise_first_index(self._inverse, self._first, simplify_component)

    # -- geodesics and gradients ------------------------------------------------------------
    def curve(self, t: sp.Symbol) -> list[sp.Expr]:
        """The coordinate functions x^k(t) used by :meth:`geodesic_equations`."""
        if not isinstance(t, sp.Symbol):
            raise TypeError(f"t must be a sympy Symbol, got {type(t).__name__}")
        if t in self._coords:
            raise ValueError(f"the curve parameter {t} is one of the coordinates {self._coords}")
        names = [str(x) for x in self._coords]
        if len(set(names)) != len(names):
            raise ValueError(
                f"coordinates {self._coords} share a name; the curve functions x^k(t) are named "
                "after the coordinates, so the names must be distinct"
            )
        return [sp.Function(str(x))(t) for x in self._coords]

    def geodesic_equations(self, t: sp.Symbol, force: Sequence[Any] | None = None) -> list[sp.Eq]:
        """ẍ^k + Γ^k_{ij}(x) ẋ^i ẋ^j = F^k, k = 1..n (Eq. (4) of 003; F = 0: Appendix A).

        ``force`` is a sequence (or a column/row Matrix, such as ``-self.gradient(f)``) of n
        expressions in the coordinates, ``t`` and/or the curve functions ``self.curve(t)``;
        coordinates in it are evaluated along the curve.
        """
        xs = self.curve(t)
        n = self.dim
        if force is None:
            force = [0] * n
        if isinstance(force, sp.MatrixBase):  # e.g. −self.gradient(f), a column
            if min(force.shape) != 1:
                raise ValueError(f"force is a {force.shape[0]}x{force.shape[1]} matrix; expected a vector")
            force = list(force)
        if isinstance(force, (str, sp.Basic)) or not isinstance(force, Sequence):
            raise TypeError("force must be a sequence of n expressions (one per coordinate)")
        if len(force) != n:
            raise ValueError(f"force has {len(force)} components; expected {n} (one per coordinate)")
        on_curve = dict(zip(self._coords, xs))
        gamma = self.christoffel()
        vel = [sp.diff(x, t) for x in xs]
        eqs = []
        for k in range(n):
            quad = sp.Add(
                *[
                    gamma[k, i, j].xreplace(on_curve) * vel[i] * vel[j]
                    for i in range(n)
                    for j in range(n)
                    if gamma[k, i, j] != 0
                ]
            )
            rhs = as_expr(force[k], f"force[{k}]").xreplace(on_curve)
            eqs.append(sp.Eq(sp.diff(xs[k], t, 2) + quad, rhs))
        return eqs

    def gradient(self, f: Any) -> sp.ImmutableMatrix:
        """∇_g f with components g^{ij} ∂_j f (Appendix A of 003), a column Matrix."""
        f = as_expr(f, "f")
        df = sp.Matrix([sp.diff(f, x) for x in self._coords])
        return sp.ImmutableMatrix(self._inverse * df)

    # -- notebooks ----------------------------------------------------------------------------
    def __repr__(self) -> str:
        return f"Metric({self._g.tolist()}, coords={list(self._coords)})"

    def _repr_latex_(self) -> str:
        return rf"$g = {sp.latex(self._g)} \quad \text{{in coordinates }} {sp.latex(tuple(self._coords))}$"
