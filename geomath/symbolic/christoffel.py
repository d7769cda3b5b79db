"""Christoffel symbols of the Levi-Civita connection, as plain functions over SymPy objects.

Conventions (DESIGN.md): ``sympy.Array`` indexed ``G[k, i, j]``; first kind
Γ_{kij} = ½(∂_i g_{kj} + ∂_j g_{ki} − ∂_k g_{ij}); second kind Γ^k_{ij} = g^{kl} Γ_{lij}
(source: the paper “A Geometric Interpretation of Stochastic Gradient Descent Using Diffusion Metrics” (Fioresi, Chaudhari, Soatto), Eq. (5) and Appendix A).

The work is organised so that nothing is computed twice: each metric derivative ∂_k g_{ij}
once (i ≤ j, and only when x^k occurs in g_{ij}), each symbol once for i ≤ j (Γ_{kij} = Γ_{kji}),
and the contraction with g^{kl} skips structural zeros.
"""
from __future__ import annotations

from typing import Callable, Sequence

import sympy as sp

from geomath.symbolic._validate import as_coords, as_matrix, check_symmetric, vanishes_identically
from geomath.symbolic.printing import ConnectionArray, connection_array


def metric_derivatives(g: sp.MatrixBase, coords: Sequence[sp.Symbol]) -> dict:
    """``{(k, i, j): ∂_k g_ij}`` for i ≤ j, non-zero entries only."""
    n = len(coords)
    out = {}
    for i in range(n):
        for j in range(i, n):
            gij = g[i, j]
            if gij == 0 or gij.is_number:
                continue
            free = gij.free_symbols
            for k, x in enumerate(coords):
                if x in free:
                    d = sp.diff(gij, x)
                    if d != 0:
                        out[(k, i, j)] = d
    return out


def _dg(derivs: dict, k: int, i: int, j: int) -> sp.Expr:
    return derivs.get((k, i, j) if i <= j else (k, j, i), sp.S.Zero)


def christoffel_first_kind(g: sp.MatrixBase, coords: Sequence[sp.Symbol]) -> ConnectionArray:
    """Γ_{kij} = ½(∂_i g_{kj} + ∂_j g_{ki} − ∂_k g_{ij}) as an Array ``[k, i, j]`` (a
    :class:`~geomath.symbolic.printing.ConnectionArray`: in a notebook it shows its non-zero Γ_{kij}).

    Linear in g, so for g = I + εD it equals ε times the first-kind symbols of D, exactly.
    Raises ``TypeError``/``ValueError`` for text, a non-square or non-symmetric ``g`` or a
    coordinate mismatch.
    """
    g = as_matrix(g, "g")
    coords = as_coords(coords, g.shape[0])
    check_symmetric(g, "g")
    n = len(coords)
    derivs = metric_derivatives(g, coords)
    half = sp.Rational(1, 2)
    table = [[[sp.S.Zero] * n for _ in range(n)] for _ in range(n)]
    for k in range(n):
        for i in range(n):
            for j in range(i, n):
                terms = (_dg(derivs, i, k, j), _dg(derivs, j, k, i), -_dg(derivs, k, i, j))
                if any(t != 0 for t in terms):
                    v = half * sp.Add(*terms)
                    table[k][i][j] = v
                    table[k][j][i] = v
    return connection_array(table, coords, form="_kij")


def raise_first_index(
    ginv: sp.MatrixBase,
    first: sp.NDimArray,
    postprocess: Callable[[sp.Expr], sp.Expr] | None = None,
) -> ConnectionArray:
    """Γ^k_{ij} = Σ_l g^{kl} Γ_{lij}, symmetric in (i, j), structural zeros skipped.

    ``first`` must be an n×n×n Array symmetric in its last two indices (only i ≤ j is read). The
    result shows its non-zero Γ^k_{ij} in a notebook, named by the coordinates of ``first`` when it
    carries them (:func:`christoffel_first_kind` does).
    """
    ginv = as_matrix(ginv, "ginv")
    n = ginv.shape[0]
    if not isinstance(first, sp.NDimArray):
        raise TypeError(
            f"first has type {type(first).__name__}; expected a sympy Array [l, i, j] of first-kind symbols"
        )
    if first.shape != (n, n, n):
        raise ValueError(f"first has shape {first.shape}; expected {(n, n, n)} to match the {n}x{n} ginv")
    for l in range(n):
        for i in range(n):
            for j in range(i + 1, n):
                if first[l, i, j] != first[l, j, i] and not vanishes_identically(first[l, i, j] - first[l, j, i]):
                    raise ValueError(f"first is not symmetric in its last two indices at [{l},{i},{j}]")
    if postprocess is not None and not callable(postprocess):
        raise TypeError(f"postprocess must be callable, got {type(postprocess).__name__}")
    nz_first = {
        (i, j): [(l, first[l, i, j]) for l in range(n) if first[l, i, j] != 0]
        for i in range(n)
        for j in range(i, n)
    }
    table = [[[sp.S.Zero] * n for _ in range(n)] for _ in range(n)]
    for k in range(n):
        row = [ginv[k, l] for l in range(n)]
        for (i, j), terms in nz_first.items():
            s = sp.Add(*[row[l] * t for l, t in terms if row[l] != 0])
            if s != 0 and postprocess is not None:
                s = postprocess(s)
            table[k][i][j] = s
            table[k][j][i] = s
    return connection_array(table, getattr(first, "coords", None))


def block_structure(g: sp.MatrixBase) -> list[list[int]]:
    """Index sets of the diagonal blocks of g (connected components of its non-zero pattern)."""
    n = g.shape[0]
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i in range(n):
        for j in range(i + 1, n):
            if g[i, j] != 0:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values())


def block_inverse_and_det(
    g: sp.MatrixBase, simplifier: Callable[[sp.Expr], sp.Expr] | None = None
) -> tuple[sp.ImmutableMatrix, sp.Expr]:
    """Inverse and determinant of g, block by block (adjugate over determinant per block).

    With a ``simplifier`` each block determinant is simplified before it divides the adjugate,
    which is where short inverse components come from.
    """
    n = g.shape[0]
    inv = sp.zeros(n, n)
    det = sp.S.One
    for block in block_structure(g):
        sub = g.extract(block, block)
        if len(block) == 1:
            d = sub[0, 0]
            if simplifier is not None:
                d = simplifier(d)
            inv[block[0], block[0]] = 1 / d
        else:
            d = sub.det(method="berkowitz") if len(block) > 4 else sub.det(method="laplace")
            if simplifier is not None:
                d = simplifier(d)
            adj = sub.adjugate()
            for a, ia in enumerate(block):
                for b, ib in enumerate(block):
                    e = adj[a, b] / d
                    inv[ia, ib] = simplifier(e) if simplifier is not None else e
        det = det * d
    return sp.ImmutableMatrix(inv), det
