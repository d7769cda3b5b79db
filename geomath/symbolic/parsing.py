"""Reading a metric typed by a person (the ``geomath christoffel`` command) without running it.

``sympify``/``eval`` execute Python code, so text from a command line or a file is never given to
them (DESIGN.md). :func:`parse_matrix_literal` reads a nested-list literal such as
``'[[1, 0], [0, r**2]]'`` with :func:`ast.parse` and builds the SymPy expressions itself from a
small grammar:

* numbers (int, float; floats become exact Rationals of their decimal text);
* names: the coordinates, other parameters (``M``, ``a``: new real Symbols), the constants ``pi``,
  ``E``, ``I`` — a name starting with ``_`` is refused;
* ``+ - * / **`` and unary ``+ -``; a numeric power is limited to |exponent| ≤ 1000 so that text
  cannot ask for a number with millions of digits;
* calls of the functions in :data:`FUNCTIONS` by name, positional arguments only.

Anything else (attributes, subscripts, keywords, lambdas, comprehensions, strings, ...) raises a
``ValueError`` that names the construct and where it is.
"""
from __future__ import annotations

import ast
from typing import Sequence

import sympy as sp

__all__ = ["FUNCTIONS", "parse_matrix_literal", "parse_coords"]

FUNCTIONS = {
    "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec, "csc": sp.csc,
    "asin": sp.asin, "acos": sp.acos, "atan": sp.atan,
    "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh,
    "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt, "Abs": sp.Abs,
}
CONSTANTS = {"pi": sp.pi, "E": sp.E, "I": sp.I}
MAX_TEXT = 20_000
MAX_POWER = 1000
_BINARY = {ast.Add: sp.Add, ast.Mult: sp.Mul}


def _refuse(node: ast.AST, what: str) -> ValueError:
    where = f" at column {node.col_offset + 1}" if hasattr(node, "col_offset") else ""
    return ValueError(f"metric text: {what}{where} is not allowed; write numbers, names, + - * / ** and "
                      f"calls of {', '.join(sorted(FUNCTIONS))}")


def _name(node: ast.Name, symbols: dict[str, sp.Symbol]) -> sp.Expr:
    if node.id.startswith("_"):
        raise _refuse(node, f"the name {node.id!r} (names starting with '_')")
    if node.id in CONSTANTS:
        return CONSTANTS[node.id]
    if node.id in FUNCTIONS:
        raise _refuse(node, f"the function name {node.id!r} without a call")
    if node.id not in symbols:
        symbols[node.id] = sp.Symbol(node.id, real=True)
    return symbols[node.id]


def _expr(node: ast.AST, symbols: dict[str, sp.Symbol]) -> sp.Expr:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise _refuse(node, f"the constant {node.value!r} ({type(node.value).__name__})")
        return sp.Integer(node.value) if isinstance(node.value, int) else sp.Rational(repr(node.value))
    if isinstance(node, ast.Name):
        return _name(node, symbols)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        v = _expr(node.operand, symbols)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp):
        a, b = _expr(node.left, symbols), _expr(node.right, symbols)
        op = type(node.op)
        if op in _BINARY:
            return _BINARY[op](a, b)
        if op is ast.Sub:
            return a - b
        if op is ast.Div:
            if b == 0:
                raise ValueError(f"metric text: division by zero at column {node.col_offset + 1}")
            return a / b
        if op is ast.Pow:
            if b.is_Number and abs(b) > MAX_POWER:
                raise ValueError(f"metric text: the exponent {b} at column {node.col_offset + 1} exceeds {MAX_POWER}")
            return a ** b
        raise _refuse(node, f"the operator {op.__name__}")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            called = node.func.id if isinstance(node.func, ast.Name) else type(node.func).__name__
            raise _refuse(node, f"a call of {called!r}")
        if node.keywords:
            raise _refuse(node, "a keyword argument")
        return FUNCTIONS[node.func.id](*[_expr(a, symbols) for a in node.args])
    raise _refuse(node, f"a {type(node).__name__} expression")


def parse_coords(text: str) -> tuple[sp.Symbol, ...]:
    """``'r,theta'`` → (r, theta), real Symbols; names must be identifiers not starting with '_'."""
    if not isinstance(text, str):
        raise TypeError(f"coords must be text such as 'r,theta', got {type(text).__name__}")
    names = [n.strip() for n in text.split(",")]
    for n in names:
        if not n.isidentifier() or n.startswith("_") or n in FUNCTIONS or n in CONSTANTS:
            raise ValueError(f"coords: {n!r} is not a usable coordinate name (an identifier, not starting with '_', "
                             "not a function or constant name)")
    if len(set(names)) != len(names):
        raise ValueError(f"coords must be distinct, got {names}")
    return tuple(sp.Symbol(n, real=True) for n in names)


def parse_matrix_literal(text: str, coords: Sequence[sp.Symbol] = ()) -> sp.ImmutableMatrix:
    """A square matrix of SymPy expressions from a nested-list literal, never evaluating the text.

    Names equal to a coordinate's name become that coordinate; other names become new real
    Symbols (parameters). Raises ``TypeError`` for non-text and ``ValueError`` naming the first
    construct outside the grammar of the module docstring.
    """
    if not isinstance(text, str):
        raise TypeError(f"metric text must be a str, got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise ValueError(f"metric text is {len(text)} characters; at most {MAX_TEXT} are read")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise ValueError(f"metric text is not a nested list literal: {exc.msg} (column {exc.offset})") from None
    except (RecursionError, MemoryError):
        raise ValueError("metric text is nested too deeply to read") from None
    rows = tree.body
    if not isinstance(rows, (ast.List, ast.Tuple)) or not rows.elts:
        got = "an empty list" if isinstance(rows, (ast.List, ast.Tuple)) else f"a {type(rows).__name__} expression"
        raise ValueError(f"metric text must be a non-empty nested list such as '[[1, 0], [0, r**2]]'; got {got} "
                         "(text is read, never run)")
    symbols = {c.name: c for c in coords}
    out = []
    for i, row in enumerate(rows.elts):
        if not isinstance(row, (ast.List, ast.Tuple)):
            raise ValueError(f"metric text: row {i} is not a list; write a list of rows such as '[[1, 0], [0, r**2]]'")
        out.append([_expr(e, symbols) for e in row.elts])
    n = len(out)
    for i, row in enumerate(out):
        if len(row) != n:
            raise ValueError(f"metric text must be square: row {i} has {len(row)} entries, expected {n}")
    return sp.ImmutableMatrix(out)
