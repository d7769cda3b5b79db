"""Notebook display of symbolic results: connection symbols by component, series with their order.

SymPy shows any object in Jupyter through ``Printable._repr_latex_`` ("$\\displaystyle " + latex +
"$"). A Christoffel Array shown that way is an n×n×n nest of brackets, mostly zeros, with no index
names, and a truncated series is shown without its O-term. The types here are the objects the
functions returned before (``ImmutableDenseNDimArray``, ``ImmutableDenseMatrix``, ``tuple``), with a
``_repr_latex_`` added and the display data (coordinates, ε and the order) kept beside them:

* they are equal to the plain object, hash and ``sort_key`` like it, and are accepted wherever it
  is (only ``Basic.compare``, which orders by class name, tells them apart);
* every SymPy operation on the Array and Matrix types (simplify, subs, arithmetic, slicing,
  pickling) returns the plain type, because the display data describe this result only:
  ``sp.simplify(G)`` shows as SymPy shows an Array; the tuple keeps its display when pickled;
* ``str``/``repr`` are SymPy's (or the tuple's), unchanged.

The LaTeX is one ``$\\displaystyle …$`` block, as SymPy writes it; rows are a ``{rl}`` array
(MathJax and latex2mathml both read it; latex2mathml does not align ``aligned``).
"""
from __future__ import annotations

from itertools import product
from typing import Any, Sequence

import sympy as sp

from geomath.symbolic._validate import as_coords, as_expr, as_int, as_order

__all__ = ["ConnectionArray", "SeriesMatrix", "SeriesCoefficients", "connection_array", "series_matrix",
           "series_latex"]

_FORMS = ("^k_ij", "_kij", "_ij,k")


def series_latex(expr: Any, eps: sp.Symbol, order: int | None) -> str:
    """LaTeX of a polynomial in ε by ascending powers, then ``+ O(ε^{order+1})`` (``order`` None:
    exact, no O-term). Terms are grouped by their power of ε without expanding the coefficients."""
    expr = as_expr(expr, "expr")
    if not isinstance(eps, sp.Symbol):
        raise TypeError(f"eps must be a sympy Symbol, got {type(eps).__name__}")
    if order is not None:
        order = as_order(order, minimum=0)
    by_power: dict[int, sp.Expr] = {}
    for term in sp.Add.make_args(expr):
        c, p = term.as_coeff_exponent(eps)
        if c.has(eps) or not (p.is_Integer and p >= 0):  # not a monomial in ε: print it whole
            return _with_big_o(sp.latex(expr), eps, order)
        by_power[int(p)] = by_power.get(int(p), sp.S.Zero) + c
    return _powers_latex(by_power, eps, order)


def _powers_latex(by_power: dict[int, Any], eps: sp.Symbol, order: int | None) -> str:
    terms = [_monomial(c, eps, p) for p, c in sorted(by_power.items()) if c != 0]
    tex = terms[0] if terms else "0"
    for t in terms[1:]:
        tex += f" {t}" if t.startswith("-") else f" + {t}"
    return _with_big_o(tex, eps, order)


def _with_big_o(tex: str, eps: sp.Symbol, order: int | None) -> str:
    if order is None:
        return tex
    big_o = sp.latex(sp.O(eps ** (order + 1)))
    return big_o if tex == "0" else f"{tex} + {big_o}"


def _monomial(c: sp.Expr, eps: sp.Symbol, p: int) -> str:
    if p == 0:
        return sp.latex(c)
    power = sp.latex(eps ** p)
    if c == 1:
        return power
    if c == -1:
        return f"- {power}"
    if isinstance(c, sp.Add):
        return rf"\left({sp.latex(c)}\right) {power}"
    return f"{sp.latex(c)} {power}"


def _index_names(coords: Sequence[sp.Symbol] | None, n: int) -> list[str]:
    if coords is None:
        return [str(i) for i in range(n)]
    return [sp.latex(x) for x in coords]


class _ShownAsPlain:
    """Mixin of the display types: hash and sort like the SymPy type ``_plain`` they subclass (they
    are that object, shown differently), and carry the series' ε and truncation order, if any."""

    _plain: type
    _display_eps: sp.Symbol | None = None
    _display_order: int | None = None

    def __hash__(self) -> int:
        return hash((self._plain.__name__,) + self._hashable_content())

    @classmethod
    def class_key(cls):
        return cls._plain.class_key()

    @property
    def order(self) -> int | None:
        """The truncation order in ``eps`` (entries exact through ε^order), or None."""
        return self._display_order

    @property
    def eps(self) -> sp.Symbol | None:
        return self._display_eps


class ConnectionArray(_ShownAsPlain, sp.ImmutableDenseNDimArray):
    """An n×n×n ``sympy.Array`` of connection symbols that shows its non-zero components.

    Indexing, shape, equality, hashing and every SymPy operation are those of
    ``ImmutableDenseNDimArray`` (results of operations are plain arrays). Built by
    :func:`connection_array`; ``form`` says how ``G[k, i, j]`` is written: ``"^k_ij"`` (second
    kind Γ^k_{ij}), ``"_kij"`` (first kind Γ_{kij}) or ``"_ij,k"`` (first kind Γ_{ij,k}).
    """

    _plain = sp.ImmutableDenseNDimArray
    _display_coords: tuple[sp.Symbol, ...] | None = None
    _display_form: str = "^k_ij"
    _display_symbol: str = r"\Gamma"

    @classmethod
    def _new(cls, iterable, shape, **kwargs):
        # SymPy builds every array result through type(self)(…) → cls._new: those are plain arrays.
        return sp.ImmutableDenseNDimArray._new(iterable, shape, **kwargs)

    @property
    def coords(self) -> tuple[sp.Symbol, ...] | None:
        return self._display_coords

    @property
    def form(self) -> str:
        return self._display_form

    def nonzero_components(self) -> list[tuple[tuple[int, ...], sp.Expr]]:
        """``[((k, i, j), value), …]`` for the structurally non-zero components, k, i, j ascending."""
        n = self.shape[0]
        return [(idx, self[idx]) for idx in product(range(n), repeat=3) if self[idx] != 0]

    def _label(self, names: list[str], k: int, i: int, j: int) -> str:
        sym = "{" + self._display_symbol + "}"
        if self._display_form == "^k_ij":
            return f"{sym}^{{{names[k]}}}_{{{names[i]} {names[j]}}}"
        if self._display_form == "_kij":
            return f"{sym}_{{{names[k]} {names[i]} {names[j]}}}"
        return f"{sym}_{{{names[i]} {names[j]}, {names[k]}}}"

    def _value_latex(self, v: sp.Expr) -> str:
        if self._display_eps is None:
            return sp.latex(v)
        return series_latex(v, self._display_eps, self._display_order)

    def _repr_latex_(self) -> str:
        shape = tuple(self.shape)
        if len(shape) != 3 or len(set(shape)) != 1:
            return super()._repr_latex_()
        n = shape[0]
        names = _index_names(self._display_coords, n)
        nonzero = self.nonzero_components()
        rows = []
        for (k, i, j), v in nonzero:
            twin = self[k, j, i]
            if i > j and twin == v:
                continue  # shown on the row of (k, j, i)
            lhs = self._label(names, k, i, j)
            if i < j and twin == v:
                lhs += " = " + self._label(names, k, j, i)
            rows.append(rf"{lhs} & = \displaystyle {self._value_latex(v)}")
        generic = self._label(["k", "i", "j"], 0, 1, 2)
        where = ""
        if self._display_coords is not None:
            where = rf"\quad \text{{in coordinates }} {sp.latex(tuple(self._display_coords))}"
        if not rows:
            return rf"$\displaystyle {generic} = 0 \text{{ for all }} k, i, j{where}$"
        note = rf"\text{{; other }} {generic} = 0" if len(nonzero) < n ** 3 else ""
        body = r" \\ ".join(rows)
        return rf"$\displaystyle \begin{{array}}{{rl}} {body} \end{{array}}{where}{note}$"


def connection_array(components: Any, coords: Sequence[sp.Symbol] | None = None, *, form: str = "^k_ij",
                     symbol: str = r"\Gamma", eps: sp.Symbol | None = None, order: int | None = None
                     ) -> ConnectionArray:
    """``components`` (an n×n×n Array, or nested lists of SymPy expressions and numbers) as a
    :class:`ConnectionArray` that shows its non-zero components named by ``coords`` (indices
    0..n−1 when None) in the index ``form``, with the LaTeX ``symbol``; with ``eps`` and ``order``
    each component is shown as a series in ε with its O(ε^{order+1}) term. Text is refused."""
    if not isinstance(components, sp.NDimArray):
        _check_entries(components)
        components = sp.ImmutableDenseNDimArray(components)
    shape = tuple(components.shape)
    if len(shape) != 3 or len(set(shape)) != 1:
        raise ValueError(f"connection symbols need shape (n, n, n), got {shape}")
    if form not in _FORMS:
        raise ValueError(f"form must be one of {_FORMS}, got {form!r}")
    if not isinstance(symbol, str):
        raise TypeError(f"symbol must be LaTeX text such as r'\\Gamma', got {type(symbol).__name__}")
    if (eps is None) != (order is None):
        raise ValueError("give eps and order together (a series) or neither")
    if eps is not None and not isinstance(eps, sp.Symbol):
        raise TypeError(f"eps must be a sympy Symbol, got {type(eps).__name__}")
    n = shape[0]
    display_coords = None if coords is None else as_coords(coords, n)
    display_order = None if order is None else as_order(order, minimum=0)
    entries = [components[idx] for idx in product(range(n), repeat=3)]
    out = sp.ImmutableDenseNDimArray._new.__func__(ConnectionArray, entries, shape)  # the parent's constructor
    out._display_coords, out._display_form, out._display_symbol = display_coords, form, symbol
    out._display_eps, out._display_order = eps, display_order
    return out


def _check_entries(nested: Any, where: str = "components") -> None:
    """Nested lists/tuples of SymPy objects or numbers; text would be parsed by sympify, so it is refused."""
    if isinstance(nested, (list, tuple)):
        for i, e in enumerate(nested):
            _check_entries(e, f"{where}[{i}]")
    elif isinstance(nested, str):
        raise TypeError(f"{where} is text; give SymPy expressions (text is never parsed)")
    elif isinstance(nested, bool) or not isinstance(nested, (sp.Basic, int, float)):
        raise TypeError(f"{where} has type {type(nested).__name__}; expected a SymPy expression or a number")


class SeriesMatrix(_ShownAsPlain, sp.ImmutableDenseMatrix):
    """An ``ImmutableMatrix`` polynomial in ε, exact through ε^order, shown as Σ_m ε^m M_m + O(ε^{order+1}).

    Everything else is ``ImmutableDenseMatrix`` (SymPy's operations, and ``SeriesMatrix(...)``
    itself, return plain matrices). Built by :func:`series_matrix`.
    """

    _plain = sp.ImmutableDenseMatrix
    _display_name: str = ""

    @classmethod
    def _fromrep(cls, rep):
        # SymPy builds every matrix result through cls._fromrep: those results are plain matrices.
        return sp.ImmutableDenseMatrix._fromrep(rep)

    def coefficients(self) -> dict[int, sp.ImmutableMatrix]:
        """{m: M_m} with self = Σ_m ε^m M_m, the M_m read off term by term (no expansion)."""
        eps = self._display_eps
        out: dict[int, sp.Matrix] = {}
        for (r, c), v in ((rc, self[rc]) for rc in product(range(self.rows), range(self.cols))):
            for term in sp.Add.make_args(v):
                coeff, p = term.as_coeff_exponent(eps)
                if coeff.has(eps) or not (p.is_Integer and p >= 0):
                    raise ValueError(f"entry {(r, c)} is not a polynomial in {eps} term by term: {v}")
                M = out.setdefault(int(p), sp.zeros(self.rows, self.cols))
                M[r, c] += coeff
        return {p: sp.ImmutableMatrix(M) for p, M in sorted(out.items()) if not M.is_zero_matrix}

    def _repr_latex_(self) -> str:
        eps = self._display_eps
        if eps is None:
            return super()._repr_latex_()
        try:
            coeffs = self.coefficients()
        except ValueError:
            body = sp.latex(sp.ImmutableMatrix(self))
        else:
            terms = []
            for p, M in coeffs.items():
                mat = "I" if M == sp.eye(self.rows) else sp.latex(M)
                terms.append(mat if p == 0 else f"{sp.latex(eps ** p)} {mat}")
            body = " + ".join(terms) or "0"
        lhs = f"{self._display_name} = " if self._display_name else ""
        return rf"$\displaystyle {lhs}{body} + {sp.latex(sp.O(eps ** (self._display_order + 1)))}$"


def series_matrix(M: Any, eps: sp.Symbol, order: int, name: str = "") -> SeriesMatrix:
    """``M`` (a Matrix polynomial in ``eps``, exact through ε^order) as a :class:`SeriesMatrix`;
    ``name`` is the LaTeX of what it expands (shown as ``name = …``)."""
    if not isinstance(M, sp.MatrixBase):
        raise TypeError(f"M must be a sympy Matrix, got {type(M).__name__}")
    if not isinstance(eps, sp.Symbol):
        raise TypeError(f"eps must be a sympy Symbol, got {type(eps).__name__}")
    if not isinstance(name, str):
        raise TypeError(f"name must be LaTeX text, got {type(name).__name__}")
    M = sp.ImmutableMatrix(M)
    out = sp.ImmutableDenseMatrix._fromrep.__func__(SeriesMatrix, M._rep)  # a new object, never M itself
    out._display_eps = eps
    out._display_order = as_order(order, minimum=0)
    out._display_name = name
    return out


class SeriesCoefficients(tuple):
    """The Taylor coefficients (c_first, c_first+1, …, c_order) of a function of ``var``, a tuple
    shown as ``lhs = c_first var^first + … + O(var^{order+1})``, then ``where`` (LaTeX, optional).

    Everything else is ``tuple`` (equality, unpacking, slicing, repr).
    """

    var: sp.Symbol
    first: int
    lhs: str
    where: str

    def __new__(cls, coefficients: Sequence[Any], var: sp.Symbol, first: int, lhs: str = "", where: str = ""):
        if not isinstance(var, sp.Symbol):
            raise TypeError(f"var must be a sympy Symbol, got {type(var).__name__}")
        first = as_int(first, "first (the power of the first coefficient)", 0)
        if not isinstance(lhs, str) or not isinstance(where, str):
            raise TypeError("lhs and where must be LaTeX text")
        out = super().__new__(cls, (as_expr(c, f"coefficients[{m}]") for m, c in enumerate(coefficients)))
        out.var, out.first, out.lhs, out.where = var, first, lhs, where
        return out

    def __getnewargs__(self):
        return (tuple(self), self.var, self.first, self.lhs, self.where)

    @property
    def order(self) -> int:
        """The highest power whose coefficient is given."""
        return self.first + len(self) - 1

    def polynomial(self) -> sp.Expr:
        """Σ_k c_k var^k over the given coefficients."""
        return sp.Add(*[c * self.var ** (self.first + m) for m, c in enumerate(self)])

    def _repr_latex_(self) -> str:
        body = _powers_latex({self.first + m: c for m, c in enumerate(self)}, self.var, self.order)
        lhs = f"{self.lhs} = " if self.lhs else ""
        where = rf" \quad {self.where}" if self.where else ""
        return rf"$\displaystyle {lhs}{body}{where}$"
