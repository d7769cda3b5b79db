"""Claims of J. C. Ye, “Geometry of Deep Learning: A Signal Processing Perspective”, the front matter and table of contents of a book on the
geometry of deep learning from a signal-processing view.

The seed holds the front matter, the preface and the contents, not the book's text. Two claims
check what is printed there: the ISBN/ISSN check digits of the copyright page and the order of the
page numbers in the contents (read from the committed seed with a parser of its TOC lines). The
other five are the standard facts that headings of the contents name (CLAIMS.md, section Y.2):
each says so in its hypotheses and notes, since the book's own statements are not available.

Numeric evidence is float64 and runs on real networks: the ReLU/tanh MLPs and ReLU LeNets of
:mod:`verification.claims.lecture_fisher` (random and trained on scikit-learn's digits, reused from
its cache), and small ReLU networks on a 2-D input whose regions can be drawn. Book numbers go in
evidence details under "printed"/"recomputed" with their place in the book under "slide" (the
report's index of printed numbers reads only the lecture's claims).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp
import torch
import torch.nn.functional as F
from torch import nn
from torch.func import functional_call, jacrev

from geomath.numeric import digits, numerical_rank, relu_mlp, spectrum
from geomath.numeric.diffusion import diffusion_spectrum
from geomath.numeric.divergence import power_law_fit
from geomath.numeric.fisher import fisher
from geomath.numeric.gram import gram_spectrum
from geomath.numeric.hankel import block_hankel_matrix, hankel_matrix, hankel_to_signal, toeplitz_matrix
from geomath.numeric.ntk import TwoLayerReLU, empirical_ntk, ntk_jacobian, two_layer_relu_ntk
from geomath.numeric.regions import (
    activation_pattern,
    activation_signs,
    affine_piece,
    hyperplane_arrangement_regions,
    line_arrangement_regions,
    slice_regions_exact,
    slice_regions_grid,
)
from geomath.symbolic.kronecker import denominator_derivative, kron, matrix_symbols, unvec, vec
from verification.claims._common import book_source as _src
from verification.claims.lecture_fisher import _attach, _zoo
from verification.evidence import fact, numeric_close, printed_value, symbolic_identity
from verification.figures import ImageStrip, LinePlot, SpectrumPlot, Table
from verification.model import SEEDS, Claim, Evidence
from verification.sources import seed_text

BOOK = SEEDS["Y"]
EPS = float(torch.finfo(torch.float64).eps)
CONTENTS_ONLY = ("drawn from the contents only: the seed has the book's front matter, preface and table of contents, "
                 "not its text; the statement is the standard fact the heading names (CLAIMS.md, section Y.2), not "
                 "the book's own wording")
NOTE = ("Drawn from the contents only (J. C. Ye, “Geometry of Deep Learning: A Signal Processing Perspective” is the book's front matter, preface and table of "
        "contents): the book's own statement of this fact is not available, so the suite checks the standard fact "
        "its headings name.")


def _printed(printed: str, recomputed: float, compared: str, *, location: str, rounding: bool = False,
             details: dict | None = None) -> Evidence:
    """printed_value for a number printed in the book (exact by default: ISBN digits, pages)."""
    return printed_value(printed, recomputed, compared, slide=location, document=BOOK, rounding=rounding,
                         details=details)


def _table(title: str, columns, rows, note: str = "") -> Table:
    return Table(title, tuple(columns), tuple(tuple(r) for r in rows), note=note)


def _rel(a: torch.Tensor, b: torch.Tensor, scale: float) -> float:
    return float((a - b).abs().max()) / max(scale, np.finfo(float).tiny)


# == ye-isbn-issn-checksums ===========================================================================

COPYRIGHT = "copyright page"


def _copyright_numbers() -> tuple[list[str], list[str], tuple[str, str]]:
    """(ISSNs, ISBNs, (DOI prefix, suffix)) as printed on the copyright page of the seed."""
    text = seed_text("Y")
    issns = re.findall(r"\bISSN (\d{4}-\d{3}[\dX])\b", text)
    isbns = re.findall(r"\bISBN (97[89][\d-]{10,14}\d)\b", text)
    dois = re.findall(r"doi\.org/(10\.\d+)/([\d-]+\d)", text)
    if len(issns) != 2 or len(isbns) != 2 or len(dois) != 1:
        raise ValueError(f"copyright page: expected 2 ISSNs, 2 ISBNs and 1 DOI, parsed {issns}, {isbns}, {dois}")
    return issns, isbns, dois[0]


def isbn13_check_digit(first12: str) -> int:
    """ISBN-13 (EAN-13): weights 1, 3, 1, 3, … on the first 12 digits; check = −Σ mod 10."""
    if not re.fullmatch(r"\d{12}", first12):
        raise ValueError(f"an ISBN-13 check digit needs 12 digits, got {first12!r}")
    return (-sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(first12))) % 10


def issn_check_digit(first7: str) -> str:
    """ISSN: weights 8 down to 2 on the first 7 digits; check = −Σ mod 11, 10 written X."""
    if not re.fullmatch(r"\d{7}", first7):
        raise ValueError(f"an ISSN check digit needs 7 digits, got {first7!r}")
    c = (-sum(int(d) * w for d, w in zip(first7, range(8, 1, -1)))) % 11
    return "X" if c == 10 else str(c)


def _single_digit_errors_caught(digits_: str, check) -> tuple[int, int]:
    """(caught, total) single-digit substitutions of the body that change the check digit: what
    makes a check digit a test that can fail."""
    caught = total = 0
    for i, c in enumerate(digits_):
        for d in "0123456789":
            if d != c:
                total += 1
                caught += check(digits_[:i] + d + digits_[i + 1:]) != check(digits_)
    return caught, total


def _isbn_issn(ctx) -> list[Evidence]:
    issns, isbns, (prefix, suffix) = _copyright_numbers()
    out, rows = [], []
    for issn in issns:
        body = issn.replace("-", "")[:7]
        check = issn_check_digit(body)
        caught = _single_digit_errors_caught(body, issn_check_digit)
        rows.append(("ISSN", issn, issn[-1], check, f"{caught[0]}/{caught[1]}"))
        if check == "X" or issn[-1] == "X":
            out.append(fact(check == issn[-1], f"ISSN {issn}: check digit (weights 8..2, mod 11)", kind="arithmetic",
                            details={"printed": issn[-1], "recomputed": check, "slide": COPYRIGHT}))
        else:
            out.append(_printed(issn[-1], int(check), f"ISSN {issn}: printed check digit vs Σ w_i d_i (weights 8..2) "
                                f"→ −Σ mod 11", location=COPYRIGHT,
                                details={"single-digit errors caught": f"{caught[0]}/{caught[1]}"}))
    for isbn in isbns:
        body = isbn.replace("-", "")[:12]
        check = isbn13_check_digit(body)
        caught = _single_digit_errors_caught(body, isbn13_check_digit)
        rows.append(("ISBN-13", isbn, isbn[-1], str(check), f"{caught[0]}/{caught[1]}"))
        out.append(_printed(isbn[-1], check, f"ISBN {isbn}: printed check digit vs −Σ w_i d_i mod 10 (weights 1, 3, …)",
                            location=COPYRIGHT, details={"single-digit errors caught": f"{caught[0]}/{caught[1]}"}))
    ebook = isbns[1]
    out.append(fact(suffix == ebook, f"the DOI suffix equals the eBook ISBN ({prefix}/{suffix} vs ISBN {ebook})",
                    kind="arithmetic", details={"printed": [suffix, ebook], "slide": COPYRIGHT,
                                                "DOI": f"{prefix}/{suffix}"}))
    return _attach(out, (_table("check digits on the copyright page", ("kind", "as printed", "printed check",
                                                                       "recomputed", "single-digit errors caught"),
                                rows, note="A check digit catches every single-digit substitution (the last column), so "
                                           "a misprinted digit would have shown."),))


# == ye-toc-page-order ================================================================================

@dataclass(frozen=True)
class TocEntry:
    number: str | None  # "10.4.3", "7", or None (Index)
    title: str
    page: int
    line: int  # 1-based line in the seed

    @property
    def depth(self) -> int:
        return 0 if self.number is None else self.number.count(".") + 1


_TOC_ENTRY = re.compile(r"^(?P<num>\d+(?:\.\d+)*)?\s*(?P<title>.*?)\s*\.{2,}\s*(?P<page>\d+)$")
_TOC_PART = re.compile(r"^Part [IVX]+ ")


def _toc_clean(line: str) -> str:
    s = re.sub(r"</?b>", " ", line).replace("**", " ").replace("$", " ")
    s = re.sub(r"^\s*(?:[-*]\s+|#+\s+)", "", s)
    return " ".join(s.split())


@lru_cache(maxsize=1)
def toc_entries() -> tuple[TocEntry, ...]:
    """Every entry of the seed's contents with its page, in order of appearance. The contents mix
    three printed forms (tab-separated rows with <b> tags, Markdown list items, bold markers around
    the title or the page); every non-blank line after "# Contents" must be an entry or a Part
    heading, else ValueError names the lines the parser could not read."""
    lines = seed_text("Y").splitlines()
    try:
        start = next(i for i, l in enumerate(lines) if l.strip() == "# Contents")
    except StopIteration:
        raise ValueError("the seed has no '# Contents' heading") from None
    entries, unread = [], []
    for n, raw in enumerate(lines[start + 1:], start=start + 2):
        s = _toc_clean(raw)
        if not s or _TOC_PART.match(s):
            continue
        m = _TOC_ENTRY.match(s)
        if m is None:
            unread.append((n, raw))
            continue
        entries.append(TocEntry(m.group("num"), m.group("title"), int(m.group("page")), n))
    if unread:
        raise ValueError(f"contents lines the parser could not read: {unread}")
    return tuple(entries)


def _outline_gaps(entries) -> list[str]:
    """Numbering that does not follow its predecessor (1, 1.1, 1.2, 1.2.1, 1.3, 2, …): a parser
    that skipped or split a line shows up here."""
    gaps, prev = [], ()
    for e in entries:
        if e.number is None:
            continue
        cur = tuple(int(p) for p in e.number.split("."))
        k = len(cur)
        ok = (cur[:-1] == prev[:k - 1] and cur[-1] == (prev[k - 1] + 1 if len(prev) >= k else 1)) if k <= len(prev) + 1 \
            else False
        if not ok:
            gaps.append(f"{e.number} after {'.'.join(map(str, prev)) or 'start'} (line {e.line})")
        prev = cur
    return gaps


def _toc_raw_ends() -> tuple[tuple[int, str], tuple[int, str]]:
    """The first and the last line of the contents as printed, read without the parser: the first
    non-blank line after "# Contents" that is no heading, and the last non-blank line of the seed
    (the contents end the seed); (1-based line, raw text)."""
    lines = seed_text("Y").splitlines()
    start = next(i for i, l in enumerate(lines) if l.strip() == "# Contents")
    body = [(n, l) for n, l in enumerate(lines[start + 1:], start=start + 2) if l.strip() and not l.lstrip().startswith("#")]
    return body[0], body[-1]


_LAST_NUMBER = re.compile(r"(\d+)\W*$")


def _toc_end(entry: TocEntry, raw: tuple[int, str], which: str) -> Evidence:
    """The page the parser gives the first/last entry vs the number that ends the raw seed line (the
    document's own text, read by a second route: no cleaning, no entry pattern). The parser's line
    and title must be that raw line's, so a parser that dropped or reordered an end line fails too."""
    n, text = raw
    m = _LAST_NUMBER.search(text)
    printed = m.group(1) if m else "-1"  # no number ending the line: -1 matches no page
    same_line = entry.line == n and entry.title in " ".join(re.sub(r"</?b>|\*\*|\$", " ", text).split())
    return _printed(printed, entry.page if same_line else -1,
                    f"{which} entry: the parser's page of '{((entry.number or '') + ' ' + entry.title).strip()}' (line "
                    f"{entry.line}) vs the number ending the raw {which} line of the contents (line {n})",
                    location="Contents", details={"entry": ((entry.number or "") + " " + entry.title).strip(),
                                                  "raw line": text, "parser's line": entry.line})


def _toc(ctx) -> list[Evidence]:
    entries = toc_entries()
    pages = [e.page for e in entries]
    decreases = [f"{a.number or a.title} p. {a.page} → {b.number or b.title} p. {b.page} (line {b.line})"
                 for a, b in zip(entries, entries[1:]) if b.page < a.page]
    chapters = []
    for i, e in enumerate(entries):
        if e.depth == 1:
            first = next((s for s in entries[i + 1:] if s.number and s.number.startswith(e.number + ".")), None)
            chapters.append((e, first))
    late = [f"chapter {c.number} p. {c.page} > {s.number} p. {s.page}" for c, s in chapters if s and c.page > s.page]
    gaps = _outline_gaps(entries)
    first, last = entries[0], entries[-1]
    raw = _toc_raw_ends()
    kinds = {"chapters": sum(e.depth == 1 for e in entries), "sections": sum(e.depth == 2 for e in entries),
             "subsections": sum(e.depth == 3 for e in entries),
             "Exercises": sum(e.title == "Exercises" for e in entries), "unnumbered": sum(e.depth == 0 for e in entries)}
    out = [
        fact(not gaps, "the parsed entries form a gapless outline (1, 1.1, …, 1.3.1, …, 15, Index): no TOC line "
             "was skipped or split by the parser", kind="arithmetic", details={"entries": len(entries), **kinds,
                                                                              "gaps": gaps}),
        _toc_end(first, raw[0], "first"),
        _toc_end(last, raw[1], "last"),
        fact(not decreases, f"the {len(pages)} page numbers never decrease in order of appearance", kind="arithmetic",
             details={"decreases": decreases, "printed": [str(p) for p in pages], "slide": "Contents",
                      "pages": pages}),
        fact(not late and all(s is not None for c, s in chapters if c.title not in ("Summary and Outlook", "Bibliography")),
             "each chapter starts no later than its first section", kind="arithmetic",
             details={"violations": late, "chapters without sections": [f"{c.number} {c.title}" for c, s in chapters
                                                                       if s is None]}),
    ]
    rows = [(c.number, c.title, c.page, s.number if s else None, s.page if s else None,
             sum(1 for e in entries if e.number and e.number.startswith(c.number + ".") and e.depth == 2))
            for c, s in chapters]
    return _attach(out, (_table("chapters of the contents as parsed", ("chapter", "title", "page", "first section",
                                                                      "its page", "sections"), rows),))


# == ye-convolution-hankel ============================================================================

def _sym_from_indices(M: torch.Tensor, symbols) -> sp.Matrix:
    """The library's structured matrix of the signal 0, 1, …, n−1, read as indices into ``symbols``."""
    return sp.Matrix(M.shape[0], M.shape[1], lambda i, j: symbols[int(M[i, j])])


def _hankel_symbolic(ctx) -> list[Evidence]:
    n, k = 6, 3
    xs, hs, z = sp.symbols(f"x0:{n}"), sp.symbols(f"h0:{k}"), sp.Symbol("z")
    idx = torch.arange(n, dtype=torch.float64)
    H = _sym_from_indices(hankel_matrix(idx, k), xs)
    T = _sym_from_indices(toeplitz_matrix(idx, k), xs)
    h = sp.Matrix(hs)
    X = sum(xs[t] * z**t for t in range(n))
    Hz = sum(hs[j] * z**j for j in range(k))
    Hrev = sum(hs[j] * z**(k - 1 - j) for j in range(k))  # z^{k−1} h(1/z): the reversed kernel
    conv = sp.Poly(sp.expand(X * Hz), z)
    corr = sp.Poly(sp.expand(X * Hrev), z)
    L = n - k + 1
    flip = sp.Matrix(k, k, lambda i, j: 1 if i + j == k - 1 else 0)
    return [
        symbolic_identity(T * h, sp.Matrix([conv.coeff_monomial(z**(i + k - 1)) for i in range(L)]),
                          f"𝕋_k(x)h = valid convolution: the coefficients of z^{{k−1}}…z^{{n−1}} of x(z)h(z) "
                          f"(generic x ∈ ℝ^{n}, h ∈ ℝ^{k})"),
        symbolic_identity(H * h, sp.Matrix([corr.coeff_monomial(z**(i + k - 1)) for i in range(L)]),
                          "ℍ_k(x)h = valid correlation Σ_j x_{i+j}h_j: the same coefficients of x(z)·z^{k−1}h(1/z)"),
        symbolic_identity(T, H * flip, "flipping h swaps the two: 𝕋_k(x) = ℍ_k(x)J (J the k×k flip)"),
    ]


def _conv_residual(structured: torch.Tensor, kernel: torch.Tensor, reference: torch.Tensor) -> float:
    """max |Mh − reference| / (|M||h|) entrywise: each output is a k-term dot product, computed
    to γ_k·(|M||h|) by either route."""
    scale = (structured.abs() @ kernel.abs()).clamp(min=np.finfo(float).tiny)
    return float(((structured @ kernel - reference).abs() / scale).max())


def _hankel_numeric(ctx) -> list[Evidence]:
    from scipy.signal import convolve2d

    g = torch.Generator().manual_seed(ctx.seed)
    rows, worst, worst2 = [], 0.0, 0.0
    kmax = 0
    for n, k in ((16, 3), (33, 7), (64, 64), (100, 1), (50, 17)):
        x = torch.randn(n, generator=g, dtype=torch.float64)
        h = torch.randn(k, generator=g, dtype=torch.float64)
        H, T = hankel_matrix(x, k), toeplitz_matrix(x, k)
        corr = F.conv1d(x[None, None], h[None, None])[0, 0]
        conv = torch.from_numpy(np.convolve(x.numpy(), h.numpy(), mode="valid"))
        res = (_conv_residual(H, h, corr), _conv_residual(T, h, conv),
               _conv_residual(H, h.flip(0), conv), _conv_residual(T, h.flip(0), corr))
        worst, kmax = max(worst, *res), max(kmax, k)
        rows.append((f"1-D n={n}, k={k}", *res))
    for C, Hh, Ww, kh, kw in ((1, 8, 8, 3, 3), (3, 12, 10, 4, 2), (2, 5, 9, 5, 1)):
        X = torch.randn(C, Hh, Ww, generator=g, dtype=torch.float64)
        K = torch.randn(C, kh, kw, generator=g, dtype=torch.float64)
        B = block_hankel_matrix(X, kh, kw)
        corr = F.conv2d(X[None], K[None])[0, 0].reshape(-1)
        conv = torch.from_numpy(sum(convolve2d(X[c].numpy(), K[c].numpy()[::-1, ::-1], mode="valid")
                                    for c in range(C)).reshape(-1))
        res = (_conv_residual(B, K.reshape(-1), corr), _conv_residual(B, K.reshape(-1), conv))
        worst2, kmax = max(worst2, *res), max(kmax, C * kh * kw)
        rows.append((f"2-D {C}×{Hh}×{Ww}, kernel {kh}×{kw}", res[0], res[1], None, None))
    tol = 2 * kmax * EPS
    reason = (f"each output is a dot product of length k ≤ {kmax}, computed to γ_k·(|M||h|) ≈ k·eps relative by either "
              "route; 2k·eps covers both")
    return _attach([
        numeric_close(worst, 0.0, "1-D: ℍ_k(x)h = conv1d(x, h) (torch's cross-correlation) and 𝕋_k(x)h = numpy.convolve"
                      "(x, h, 'valid') (true convolution); ℍ_k(x)·flip(h) = convolution and 𝕋_k(x)·flip(h) = "
                      "correlation (max residual relative to |M||h|)", tol=tol, reason=reason),
        numeric_close(worst2, 0.0, "2-D: block Hankel ℍ(X)vec(K) = conv2d(X, K) (multi-channel valid cross-correlation) "
                      "= Σ_c scipy convolve2d(X_c, flipped K_c) (true convolution with the flipped kernel)",
                      tol=tol, reason=reason),
    ], (_table("structured matrix times kernel vs the library convolutions (residual / (|M||h|))",
               ("case", "ℍh vs conv1d / ℍ vs conv2d", "𝕋h vs np.convolve / ℍ vs convolve2d(flip)",
                "ℍ·flip(h) vs np.convolve", "𝕋·flip(h) vs conv1d"), rows),))


def _hankel_rank(ctx) -> list[Evidence]:
    rng = ctx.numpy_rng("hankel-rank")
    # exact: rational bases, exact arithmetic
    n = 8
    bases = [sp.Integer(2), sp.Rational(-1, 3), sp.Rational(3, 2), sp.Integer(5)]
    coeffs = [sp.Integer(1), sp.Rational(2, 7), sp.Integer(-3), sp.Rational(1, 2)]
    exact_bad, exact_rows = [], []
    for r in range(1, 5):
        x = [sum(c * b**t for c, b in zip(coeffs[:r], bases[:r])) for t in range(n)]
        ranks = []
        for k in range(1, n + 1):
            M = _sym_from_indices(hankel_matrix(torch.arange(n, dtype=torch.float64), k), x)
            rk, expect = M.rank(), min(r, n - k + 1, k)
            ranks.append(rk)
            if rk != expect:
                exact_bad.append((r, k, rk, expect))
        exact_rows.append((f"exact, r={r}", " ".join(map(str, ranks)), " ".join(str(min(r, n - k + 1, k)) for k in range(1, n + 1))))
    # numeric: complex exponentials near the unit circle, well-separated frequencies
    n = 32
    numeric_bad, gaps, rows = [], [], []
    for r in range(1, 7):
        omega = rng.uniform(0, 2 * np.pi) + 2 * np.pi * (np.arange(r) + rng.uniform(-0.2, 0.2, size=r)) / r
        rho = rng.uniform(0.9, 1.0, size=r)
        c = rng.normal(size=r) + 1j * rng.normal(size=r)
        t = np.arange(n)
        x = (c[None, :] * (rho[None, :] * np.exp(1j * omega[None, :])) ** t[:, None]).sum(axis=1)
        ranks = []
        for k in range(1, n + 1):
            Hm = hankel_matrix(torch.from_numpy(x), k).numpy()
            s = np.linalg.svd(Hm, compute_uv=False)
            rk = int(np.linalg.matrix_rank(Hm))
            expect = min(r, n - k + 1, k)
            ranks.append(rk)
            if rk != expect:
                numeric_bad.append((r, k, rk, expect))
            if expect < len(s):
                gaps.append(float(s[expect - 1] / s[expect]))
        rows.append((f"complex, r={r}", " ".join(map(str, ranks)), " ".join(str(min(r, n - k + 1, k)) for k in range(1, n + 1))))
    control = np.linalg.matrix_rank(hankel_matrix(torch.from_numpy(rng.normal(size=n)), 8).numpy())
    return _attach([
        fact(not exact_bad, "exact rank (rational arithmetic) of ℍ_k(x) for x_t = Σ_{i≤r} c_i z_i^t with distinct "
             "rational z_i, n = 8, every k: rank = min(r, L, k), i.e. r once both dimensions are ≥ r",
             kind="symbolic", details={"mismatches (r, k, rank, expected)": exact_bad}),
        fact(not numeric_bad, "numerical rank (numpy matrix_rank, tol max(shape)·eps·σ_max) of ℍ_k(x) for x a sum of r "
             "complex exponentials ρ_i e^{iω_i t} (complex128), n = 32, r = 1..6, every k: rank = min(r, L, k)",
             kind="numeric", reason="the DESIGN.md rank rule; the gap σ_rank/σ_{rank+1} at the cut is in the details",
             details={"mismatches (r, k, rank, expected)": numeric_bad,
                      "smallest gap σ_r/σ_{r+1} at the cut": float(min(gaps)),
                      "control: rank of ℍ_8 of Gaussian noise (full = 8)": int(control)}),
    ], (_table("rank of ℍ_k(x) for k = 1, 2, … (computed; expected min(r, L, k))", ("signal", "ranks", "expected"),
               exact_rows + rows),))


def _framelet(ctx) -> list[Evidence]:
    g = torch.Generator().manual_seed(ctx.seed + 1)
    n, k = 24, 5
    L = n - k + 1
    x = torch.randn(n, generator=g, dtype=torch.float64)
    H = hankel_matrix(x, k)

    def orthogonal(m):
        return torch.linalg.qr(torch.randn(m, m, generator=g, dtype=torch.float64))[0]

    bases = {
        "orthogonal Φ (L×L), Ψ (k×k)": (orthogonal(L), orthogonal(k)),
        "tight frames Φ = [Q₁ Q₂]/√2 (L×2L), Ψ (k×2k)": (torch.cat([orthogonal(L), orthogonal(L)], 1) / math.sqrt(2),
                                                         torch.cat([orthogonal(k), orthogonal(k)], 1) / math.sqrt(2)),
    }
    worst_id, worst_rec, worst_filter, rows = 0.0, 0.0, 0.0, []
    for label, (Phi, Psi) in bases.items():
        frame = max(_rel(Phi @ Phi.T, torch.eye(L, dtype=torch.float64), 1.0),
                    _rel(Psi @ Psi.T, torch.eye(k, dtype=torch.float64), 1.0))
        scale = float(H.abs().max())
        identity = _rel(Phi @ Phi.T @ H @ Psi @ Psi.T, H, scale)
        Cf = Phi.T @ H @ Psi  # framelet coefficients
        recon = _rel(hankel_to_signal(Phi @ Cf @ Psi.T), x, float(x.abs().max()))
        # ℍ(x)Ψ: column j is x correlated with the filter ψ_j (the CNN form of the expansion)
        filt = _rel(H @ Psi, F.conv1d(x[None, None], Psi.T[:, None, :])[0].T, float((H.abs() @ Psi.abs()).max()))
        worst_id, worst_rec, worst_filter = max(worst_id, identity), max(worst_rec, recon), max(worst_filter, filt)
        rows.append((label, frame, identity, recon, filt))
    Phi_bad = torch.randn(L, L, generator=g, dtype=torch.float64) / math.sqrt(L)
    control = _rel(Phi_bad @ Phi_bad.T @ H, H, float(H.abs().max()))
    rows.append(("control: Gaussian Φ (ΦΦᵀ ≠ I), Ψ = I", _rel(Phi_bad @ Phi_bad.T, torch.eye(L, dtype=torch.float64), 1.0),
                 control, None, None))
    dims = 2 * L + 2 * k
    tol = 10 * dims * EPS
    reason = (f"four products with inner dimensions ≤ 2L = {2 * L} and 2k; each entry ≤ (Σ inner dims)·eps relative to "
              "|ℍ| (orthonormal factors have norm ≤ 1); ×10 margin")
    return _attach([
        numeric_close(worst_id, 0.0, "ℍ(x) = ΦΦᵀℍ(x)ΨΨᵀ for ΦΦᵀ = I, ΨΨᵀ = I (orthogonal bases and redundant tight "
                      "frames)", tol=tol, reason=reason, details={"control (non-tight Φ), relative residual": control}),
        numeric_close(worst_rec, 0.0, "convolution framelet expansion: x = ℍ⁺(Φ C Ψᵀ) with C = Φᵀℍ(x)Ψ (ℍ⁺ averages the "
                      "anti-diagonals)", tol=tol, reason=reason),
        numeric_close(worst_filter, 0.0, "ℍ(x)Ψ = [x ⋆ ψ_1, …, x ⋆ ψ_q] (conv1d with the columns of Ψ as filters): the "
                      "expansion's local basis acts as convolution filters", tol=2 * k * EPS,
                      reason=f"dot products of length k = {k}: γ_k relative, 2k·eps covers both routes"),
    ], (_table("framelet identity (max residual relative to max|ℍ| or max|x|)",
               ("bases", "max|ΦΦᵀ − I|", "ℍ vs ΦΦᵀℍΨΨᵀ", "x vs ℍ⁺(ΦCΨᵀ)", "ℍΨ vs conv1d"), rows),))


# == ye-kronecker-vec =================================================================================

def _kron_symbolic(ctx) -> list[Evidence]:
    A, X, B = matrix_symbols("a", 2, 3), matrix_symbols("x", 3, 2), matrix_symbols("b", 2, 2)
    P, Q, R, S = matrix_symbols("p", 2, 3), matrix_symbols("q", 2, 2), matrix_symbols("r", 3, 2), matrix_symbols("s", 2, 1)
    A2, B2 = matrix_symbols("a", 2, 2), matrix_symbols("b", 2, 2)
    W, Xl = matrix_symbols("w", 2, 3), matrix_symbols("x", 3, 2)
    K = kron(A2, B2)
    Kinv = kron(A2.inv(), B2.inv())
    return [
        symbolic_identity(vec(A * X * B), kron(B.T, A) * vec(X), "vec(AXB) = (Bᵀ ⊗ A)vec(X), A 2×3, X 3×2, B 2×2 generic"),
        symbolic_identity(kron(P, Q) * kron(R, S), kron(P * R, Q * S),
                          "(A ⊗ B)(C ⊗ D) = AC ⊗ BD, A 2×3, B 2×2, C 3×2, D 2×1 generic"),
        symbolic_identity(kron(P, S).T, kron(P.T, S.T), "(A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ, A 2×3, B 2×1 generic"),
        symbolic_identity(K * Kinv, sp.eye(4), "(A ⊗ B)(A⁻¹ ⊗ B⁻¹) = I for generic invertible 2×2 A, B (so (A ⊗ B)⁻¹ = "
                          "A⁻¹ ⊗ B⁻¹)", simplifier=sp.cancel),
        symbolic_identity(sp.Matrix(vec(W * Xl)).jacobian(vec(W)), kron(Xl.T, sp.eye(2)),
                          "Jacobian ∂vec(WX)/∂vec(W)ᵀ = Xᵀ ⊗ I_m, W 2×3, X 3×2 generic (numerator layout: rows = "
                          "outputs)"),
        symbolic_identity(unvec(vec(X), 3, 2), X, "unvec(vec(X)) = X (column stacking)"),
    ]


def _vec_t(M: torch.Tensor) -> torch.Tensor:
    """Column-stacking vec of a torch matrix."""
    return M.T.reshape(-1)


def _kron_numeric(ctx) -> list[Evidence]:
    rng = ctx.numpy_rng("kron")
    A, X, B = rng.normal(size=(5, 4)), rng.normal(size=(4, 6)), rng.normal(size=(6, 3))
    vecn = lambda M: M.T.reshape(-1)  # noqa: E731
    K = np.kron(B.T, A)
    res_vec = float(np.abs(vecn(A @ X @ B) - K @ vecn(X)).max() / (np.abs(K) @ np.abs(vecn(X))).max())
    C, D = rng.normal(size=(4, 2)), rng.normal(size=(3, 5))
    B2 = rng.normal(size=(2, 3))
    res_mixed = float(np.abs(np.kron(A, B2) @ np.kron(C, D) - np.kron(A @ C, B2 @ D)).max()
                      / (np.abs(np.kron(A, B2)) @ np.abs(np.kron(C, D))).max())
    res_t = float(np.abs(np.kron(A, B2).T - np.kron(A.T, B2.T)).max())
    Ai, Bi = rng.normal(size=(4, 4)) + 4 * np.eye(4), rng.normal(size=(3, 3)) + 3 * np.eye(3)
    Kinv = np.linalg.inv(np.kron(Ai, Bi))
    res_inv = float(np.abs(Kinv - np.kron(np.linalg.inv(Ai), np.linalg.inv(Bi))).max() / np.abs(Kinv).max())
    cond = float(np.linalg.cond(np.kron(Ai, Bi)))
    # rank: A of rank 2 (5×6), B of rank 3 (4×4)
    rows = []
    rank_ok = True
    for ra, rb in ((2, 3), (1, 4), (3, 1)):
        Ar = rng.normal(size=(5, ra)) @ rng.normal(size=(ra, 6))
        Br = rng.normal(size=(4, rb)) @ rng.normal(size=(rb, 4))
        ka = numerical_rank(torch.from_numpy(Ar))
        kb = numerical_rank(torch.from_numpy(Br))
        kk = spectrum(torch.from_numpy(np.kron(Ar, Br)))
        rank_ok &= (kk.rank == ka * kb) and (ka, kb) == (ra, rb)
        rows.append((f"rank A = {ra}, rank B = {rb}", ka, kb, kk.rank, ka * kb, kk.gap))
    # eigenvalues: symmetric pair (Weyl) and a diagonalisable non-symmetric pair (Bauer–Fike)
    S1 = rng.normal(size=(4, 4)); S1 = S1 + S1.T
    S2 = rng.normal(size=(3, 3)); S2 = S2 + S2.T
    lam = np.sort(np.linalg.eigvalsh(np.kron(S1, S2)))
    prod = np.sort(np.outer(np.linalg.eigvalsh(S1), np.linalg.eigvalsh(S2)).reshape(-1))
    res_sym = float(np.abs(lam - prod).max() / np.abs(lam).max())
    VA, VB = rng.normal(size=(4, 4)), rng.normal(size=(3, 3))
    la, lb = rng.uniform(-2, 2, 4), rng.uniform(-2, 2, 3)
    NA, NB = VA @ np.diag(la) @ np.linalg.inv(VA), VB @ np.diag(lb) @ np.linalg.inv(VB)
    mu = np.linalg.eigvals(np.kron(NA, NB))
    from scipy.optimize import linear_sum_assignment

    target = np.outer(la, lb).reshape(-1)
    cost = np.abs(mu[:, None] - target[None, :])
    i, j = linear_sum_assignment(cost)
    res_ns = float(cost[i, j].max() / np.abs(target).max())
    kappa = float(np.linalg.cond(VA) * np.linalg.cond(VB))
    norm = float(np.linalg.norm(np.kron(NA, NB), 2)) / np.abs(target).max()
    return _attach([
        numeric_close(res_vec, 0.0, "vec(AXB) = (Bᵀ ⊗ A)vec(X), A 5×4, X 4×6, B 6×3 random (numpy.kron, relative to "
                      "|Bᵀ⊗A||vec X|)", tol=2 * 24 * EPS, reason="each entry is a sum of 24 products by either route: "
                      "γ_24 relative, ×2 for both"),
        numeric_close(res_mixed, 0.0, "(A ⊗ B)(C ⊗ D) = AC ⊗ BD, random 5×4, 2×3, 4×2, 3×5", tol=2 * 12 * EPS,
                      reason="inner dimension 12 on the left, 4 and 3 on the right: γ_12 relative, ×2"),
        numeric_close(res_t, 0.0, "(A ⊗ B)ᵀ = Aᵀ ⊗ Bᵀ (entries are the same single products)", tol=0.0,
                      reason="both sides hold the same rounded products a_ij·b_kl: exact"),
        numeric_close(res_inv, 0.0, "(A ⊗ B)⁻¹ = A⁻¹ ⊗ B⁻¹, random 4×4 and 3×3", tol=100 * 12 * EPS * cond,
                      reason=f"a computed inverse is accurate to about n·eps·κ relative (κ(A⊗B) = {cond:.3g}, n = 12); "
                             "×100 margin", details={"κ(A ⊗ B)": cond}),
        fact(rank_ok, "rank(A ⊗ B) = rank A · rank B (DESIGN.md numerical rank of each factor and of the product)",
             kind="numeric", reason="numerical ranks at max(shape)·eps·σ_max; gaps at the cut in the table"),
        numeric_close(res_sym, 0.0, "eigenvalues of A ⊗ B = {λ_iμ_j}: symmetric 4×4 ⊗ 3×3 (relative to max|λ|)",
                      tol=10 * 12 * EPS, reason="symmetric eigenvalues are perturbed by ≤ ‖E‖ (Weyl), ‖E‖ ≈ n·eps‖M‖ for "
                      "eigvalsh, n = 12; ×10 margin"),
        numeric_close(res_ns, 0.0, "eigenvalues of A ⊗ B = {λ_iμ_j}: non-symmetric diagonalisable 4×4 ⊗ 3×3, matched by "
                      "assignment", tol=100 * 12 * EPS * kappa * norm,
                      reason=f"Bauer–Fike: |δλ| ≤ κ(V)‖E‖ with κ(V_A⊗V_B) = {kappa:.3g}, ‖E‖ ≈ n·eps·‖A⊗B‖; ×100 margin"),
    ], (_table("rank of A ⊗ B", ("case", "rank A", "rank B", "rank A⊗B", "rank A · rank B", "gap at cut"), rows),))


def _layer_jacobian(W: torch.Tensor, X: torch.Tensor) -> torch.Tensor:
    """jacrev of vec(W) ↦ vec(WX) (numerator layout: rows = entries of vec(WX))."""
    m, n = W.shape
    return jacrev(lambda w: _vec_t(w.reshape(n, m).T @ X))(_vec_t(W))


def _kron_layer(ctx) -> list[Evidence]:
    g = torch.Generator().manual_seed(ctx.seed + 2)
    net = _zoo(ctx.seed)[1]
    W = net.model[0].weight.detach().to(torch.float64)  # 12×64
    X = torch.stack(net.inputs[:3], dim=1)  # 64×3, inputs as columns
    cases = [("random W 3×4, X 4×5", torch.randn(3, 4, generator=g, dtype=torch.float64),
              torch.randn(4, 5, generator=g, dtype=torch.float64)),
             (f"{net.label}: first layer W 12×64, X = three held-out digits (64×3)", W, X)]
    out, rows = [], []
    worst, worst_den = 0.0, 0.0
    den_matches = []
    for label, Wc, Xc in cases:
        m = Wc.shape[0]
        J = _layer_jacobian(Wc, Xc)
        formula = torch.kron(Xc.T.contiguous(), torch.eye(m, dtype=torch.float64))
        r = _rel(J, formula, float(Xc.abs().max()))
        den = J.T  # denominator layout: rows = entries of vec(W)
        rd = _rel(den, torch.kron(Xc, torch.eye(m, dtype=torch.float64)), float(Xc.abs().max()))
        same = den.shape == formula.shape and bool(torch.allclose(den, formula))
        worst, worst_den = max(worst, r), max(worst_den, rd)
        den_matches.append(same)
        rows.append((label, str(tuple(J.shape)), r, str(tuple(den.shape)), rd, same))
    reason = "each Jacobian entry is one entry of X (or 0), computed by one multiplication by 1: exact, 2·eps margin"
    out += [
        numeric_close(worst, 0.0, "∂vec(WX)/∂vec(W) = Xᵀ ⊗ I_m against torch.func.jacrev (Jacobian layout, column-major "
                      "vec), on a random layer and on the trained MLP's first layer", tol=2 * EPS, reason=reason),
        numeric_close(worst_den, 0.0, "in the denominator layout (rows indexed by vec(W)) the same derivative is its "
                      "transpose X ⊗ I_m", tol=2 * EPS, reason=reason),
        fact(all(den_matches), "read in the denominator layout (the book's convention, per its preface), "
             "∂vec(WX)/∂vec(W) = Xᵀ ⊗ I_m", kind="numeric", role="remark",
             details={"shapes (denominator-layout derivative vs Xᵀ⊗I)": [r[3] + " vs " + r[1] for r in rows]}),
    ]
    return _attach(out, (_table("∂vec(WX)/∂vec(W): jacrev vs the Kronecker formulas",
                                ("layer", "Jacobian shape", "vs Xᵀ⊗I", "denominator shape", "vs X⊗I",
                                 "denominator = Xᵀ⊗I?"), rows),))


# == ye-matrix-calculus-denominator-layout ============================================================

def _calculus_symbolic(ctx) -> list[Evidence]:
    n = 3
    x, a = matrix_symbols("x", n, 1), matrix_symbols("a", n, 1)
    A = matrix_symbols("A", n, n)
    P, X = matrix_symbols("p", 2, 3), matrix_symbols("X", 3, 2)
    # chain rule: y = f(x) ∈ ℝ², z = g(y) ∈ ℝ² (explicit nonlinear maps)
    y1, y2 = sp.symbols("y1 y2")
    f = sp.Matrix([x[0] * x[1] + sp.sin(x[2]), x[0] ** 2 - x[2] * x[1]])
    gy = sp.Matrix([sp.exp(y1) * y2, y1 ** 3 + sp.cos(y2)])
    on = {y1: f[0], y2: f[1]}
    lhs_chain = denominator_derivative(gy.xreplace(on), x)
    rhs_chain = denominator_derivative(f, x) * denominator_derivative(gy, sp.Matrix([y1, y2])).xreplace(on)
    # a layer y = tanh(Wx), L = Σ_j c_j y_j² + y_1 y_2
    W, xv, c = matrix_symbols("w", 2, 3), matrix_symbols("u", 3, 1), sp.symbols("c1 c2")
    zv = W * xv
    yv = zv.applyfunc(sp.tanh)
    Ly = c[0] * y1 ** 2 + c[1] * y2 ** 2 + y1 * y2
    dL_dy = denominator_derivative(Ly, sp.Matrix([y1, y2])).xreplace({y1: yv[0], y2: yv[1]})
    sigma_prime = zv.applyfunc(lambda e: 1 - sp.tanh(e) ** 2)
    layer = sigma_prime.multiply_elementwise(dL_dy) * xv.T
    return [
        symbolic_identity(denominator_derivative((a.T * x)[0], x), a, "∂(aᵀx)/∂x = a (denominator layout, x ∈ ℝ³ generic)"),
        symbolic_identity(denominator_derivative((x.T * A * x)[0], x), (A + A.T) * x, "∂(xᵀAx)/∂x = (A + Aᵀ)x, A 3×3 generic"),
        symbolic_identity(denominator_derivative((P * X).trace(), X), P.T,
                          "∂tr(AX)/∂X = Aᵀ (the derivative has the shape of X), A 2×3, X 3×2 generic"),
        symbolic_identity(lhs_chain, rhs_chain, "chain rule in the denominator layout: ∂z/∂x = (∂y/∂x)(∂z/∂y) for "
                          "y = f(x) (ℝ³→ℝ²), z = g(y) (ℝ²→ℝ²), explicit nonlinear f, g", simplifier=sp.simplify),
        symbolic_identity(denominator_derivative(Ly.xreplace({y1: yv[0], y2: yv[1]}), W), layer,
                          "layer y = σ(Wx): ∂L/∂W = (σ′(Wx) ⊙ ∂L/∂y)xᵀ, σ = tanh, W 2×3 generic, L a quadratic in y"),
    ]


def _calculus_autograd(ctx) -> list[Evidence]:
    from torch.func import grad

    g = torch.Generator().manual_seed(ctx.seed + 3)
    r = lambda *s: torch.randn(*s, generator=g, dtype=torch.float64)  # noqa: E731
    n = 7
    a, x, A = r(n), r(n), r(n, n)
    P, X = r(4, n), r(n, 4)
    res = {
        "∂(aᵀx)/∂x = a": _rel(grad(lambda v: a @ v)(x), a, float(a.abs().max())),
        "∂(xᵀAx)/∂x = (A + Aᵀ)x": _rel(grad(lambda v: v @ A @ v)(x), (A + A.T) @ x,
                                        float(((A.abs() + A.T.abs()) @ x.abs()).max())),
        "∂tr(AX)/∂X = Aᵀ (A 4×7, X 7×4)": _rel(grad(lambda M: torch.trace(P @ M))(X), P.T, float(P.abs().max())),
    }
    B, C = r(5, n), r(3, 5)
    f = lambda v: torch.tanh(B @ v)  # noqa: E731
    h = lambda y: torch.nn.functional.softplus(C @ y) * y[:3]  # noqa: E731
    Jf, Jh, Jhf = jacrev(f)(x), jacrev(h)(f(x)), jacrev(lambda v: h(f(v)))(x)
    den = Jhf.T  # denominator layout of ∂(h∘f)/∂x: n×3
    chain = Jf.T @ Jh.T  # (∂y/∂x)(∂z/∂y)
    res["chain rule ∂z/∂x = (∂y/∂x)(∂z/∂y), denominator layout"] = _rel(den, chain, float((Jf.T.abs() @ Jh.T.abs()).max()))
    tol = 4 * 8 * EPS
    return [numeric_close(v, 0.0, f"{k} against autograd (torch.func.grad / jacrev), random float64, n = {n}", tol=tol,
                          reason="the formula and the autograd pass do the same ≤ 8-term sums in another order: γ_8 "
                                 "relative to the absolute scale, ×4",
                          details={"numerator-order product (∂z/∂y)(∂y/∂x) shapes": f"{tuple(Jh.T.shape)} · "
                                   f"{tuple(Jf.T.shape)}: not conformable"} if "chain" in k else None)
            for k, v in res.items()]


def _manual_forward(model: nn.Sequential, x: torch.Tensor):
    """Forward pass keeping (input a, pre-activation z, output y, σ′(z)) of each Linear layer (σ the
    activation after it, identity for the last)."""
    layers, a, out = list(model), x, []
    for i, m in enumerate(layers):
        if not isinstance(m, nn.Linear):
            continue
        z = a @ m.weight.T + m.bias
        act = layers[i + 1] if i + 1 < len(layers) else None
        if isinstance(act, nn.ReLU):
            y, sp_ = torch.relu(z), (z > 0).to(z.dtype)
        elif isinstance(act, nn.Tanh):
            y, sp_ = torch.tanh(z), 1 - torch.tanh(z).detach() ** 2
        elif act is None:
            y, sp_ = z, torch.ones_like(z)
        else:
            raise ValueError(f"unsupported activation {type(act).__name__}")
        y.retain_grad()
        out.append((m, a, z, y, sp_))
        a = y
    return a, out


def _layer_rule_network(ctx) -> list[Evidence]:
    out, rows = [], []
    for net in _zoo(ctx.seed)[:3]:
        model = net.model
        worst = 0.0
        for x in net.inputs:
            for p in model.parameters():
                p.grad = None
            logits, tape = _manual_forward(model, x.to(torch.float64)[None])
            label = (int(logits.argmax()) + 1) % logits.shape[1]
            loss = F.cross_entropy(logits, torch.tensor([label]))
            loss.backward()
            for m, a, z, y, s in tape:
                formula = ((s * y.grad).T @ a).detach()  # (σ′ ⊙ ∂L/∂y) xᵀ
                scale = float(((s * y.grad).abs().T @ a.detach().abs()).max())
                worst = max(worst, _rel(m.weight.grad, formula, scale))
        for p in model.parameters():
            p.grad = None
        rows.append((net.label, worst))
        out.append(numeric_close(worst, 0.0, f"∂L/∂W = (σ′ ⊙ ∂L/∂y)xᵀ for every layer against autograd's W.grad "
                                 f"(cross-entropy at 4 inputs): {net.label}", tol=8 * EPS,
                                 reason="each entry of both sides is the single product (σ′∂L/∂y)_i x_j, with σ′⊙∂L/∂y "
                                        "from the same backward pass: agreement to a few ulps"))
    return out


# == ye-relu-partition ================================================================================

def _abs_forward(model: nn.Module, x: torch.Tensor) -> tuple[torch.Tensor, float]:
    """(|W|…|x| forward pass, γ factor): the running-error scale of the forward pass. With |W|,
    |b| and |x|, every intermediate value is ≥ 0, so ReLU is the identity and max-pooling picks the
    largest scale; the forward rounding error is ≤ (Σ fan-ins + layers)·eps times it (first order)."""
    params = {n: p.detach().to(torch.float64).abs() for n, p in model.named_parameters()}
    S = functional_call(model, params, (x.abs().to(torch.float64)[None],))[0]
    fan = sum(int(np.prod(p.shape[1:])) + 1 for n, p in model.named_parameters() if n.endswith("weight"))
    return S, fan * EPS


def _same_region_step(model: nn.Module, x: torch.Tensor, direction: torch.Tensor, size: float) -> tuple[torch.Tensor, bool]:
    """x + δ (δ = size·direction, halved until both points have one strict activation pattern)."""
    p0 = activation_pattern(model, x)
    for _ in range(60):
        x2 = x + size * direction
        if p0.same_region(activation_pattern(model, x2)):
            return x2, True
        size /= 2
    return x, False


def _small_nets(seed: int) -> list[tuple[str, nn.Sequential]]:
    return [("ReLU MLP 2-8-3 (one hidden layer)", relu_mlp(2, (8,), 3, seed=seed)),
            ("ReLU MLP 2-8-8-3 (two hidden layers)", relu_mlp(2, (8, 8), 3, seed=seed))]


def _piecewise_affine(ctx) -> list[Evidence]:
    g = torch.Generator().manual_seed(ctx.seed + 4)
    nets = [(label, net, [torch.randn(2, generator=g, dtype=torch.float64) * 2 for _ in range(6)])
            for label, net in _small_nets(ctx.seed)]
    nets += [(n.label, n.model, list(n.inputs)) for n in _zoo(ctx.seed) if "tanh" not in n.label]
    rows = []
    worst = {"aff": 0.0, "jac": 0.0, "A": 0.0, "Aaff": 0.0}
    missed = 0
    for label, model, inputs in nets:
        w = dict.fromkeys(worst, 0.0)
        mlp = isinstance(model, nn.Sequential) and all(isinstance(m, (nn.Linear, nn.ReLU)) for m in model)
        params = {k: p.detach().to(torch.float64) for k, p in model.named_parameters()}
        f = lambda v: functional_call(model, params, (v[None],))[0]  # noqa: E731
        moved = 0
        for x in inputs:
            if not activation_pattern(model, x).strict:  # on a boundary: a tied max-pool window of blank background
                moved += 1
                while not activation_pattern(model, x).strict:
                    x = x + 1e-6 * torch.randn(x.shape, generator=g, dtype=torch.float64)
            d = torch.randn(x.shape, generator=g, dtype=torch.float64)
            x2, ok = _same_region_step(model, x, d / d.norm(), 0.05 * float(x.norm()) + 1e-3)
            if not ok:
                missed += 1
                continue
            J1, J2 = jacrev(f)(x), jacrev(f)(x2)
            J1f = J1.reshape(J1.shape[0], -1)
            S1, gam = _abs_forward(model, x)
            S2, _ = _abs_forward(model, x2)
            step = (x2 - x).reshape(-1)
            with torch.no_grad():
                lhs, rhs = f(x2), f(x) + J1f @ step
            bound = 2 * (gam + x.numel() * EPS) * (S1 + S2 + J1f.abs() @ step.abs())
            w["aff"] = max(w["aff"], float(((lhs - rhs).abs() / bound).max()))
            w["jac"] = max(w["jac"], _rel(J1, J2, float(J1.abs().max())))
            if mlp:
                piece = affine_piece(model, x)
                w["A"] = max(w["A"], _rel(piece.A, J1f, float(J1.abs().max())))
                w["Aaff"] = max(w["Aaff"], float(((piece.A @ x2 + piece.b - lhs).abs() / (2 * gam * (S1 + S2))).max()))
        rows.append((label, len(inputs), moved, w["jac"], w["aff"], w["A"] if mlp else None, w["Aaff"] if mlp else None))
        worst = {k: max(worst[k], w[k]) for k in worst}
    ratio_reason = ("a ratio ≤ 1 is within the first-order rounding bound of the evaluations; a kink between the two "
                    "points would leave an O(‖δ‖) residual, far above it")
    return _attach([
        numeric_close(worst["jac"], 0.0, "the Jacobian ∂f/∂x (jacrev) is the same at two points with one strict activation "
                      "pattern (activation_pattern.same_region), for the 2-D MLPs, the digits MLPs and the LeNets "
                      "(max-pooling included)", tol=100 * EPS,
                      reason="the same masked products of the same weights by either input: equal up to summation order",
                      details={"points without a same-region neighbour": missed}),
        numeric_close(worst["aff"], 0.0, "f(x + δ) = f(x) + Jδ for x + δ in the region of x (residual over the forward-error "
                      "bound 2(Σ fan-ins + n)·eps·(|W|…|x| + |W|…|x+δ| + |J||δ|))", tol=1.0, reason=ratio_reason),
        numeric_close(worst["A"], 0.0, "A_r = W_L Δ_{L−1}W_{L−1}⋯Δ_1W_1, from the weights and the activation pattern (no "
                      "autograd), equals jacrev (MLPs)", tol=100 * EPS,
                      reason="the same products of the same float64 matrices in another order"),
        numeric_close(worst["Aaff"], 0.0, "f(x') = A_r x' + b_r at the second point of the region (MLPs; residual over the "
                      "forward-error bound)", tol=1.0, reason=ratio_reason),
    ], (_table("piecewise affinity (worst over the points)", ("network", "points", "moved off a boundary (by 1e-6)",
                                                            "J(x) vs J(x+δ), relative",
                                                            "f(x+δ) vs f(x)+Jδ / bound", "A_r vs J, relative",
                                                            "A_r x' + b_r vs f(x') / bound"), rows,
               note="The LeNets' held-out digits lie on region boundaries: a max-pool window over blank background "
                    "holds four equal values (the bias); those inputs are moved by 1e-6 noise into a region first."),))


def _continuity(ctx) -> list[Evidence]:
    rows, worst = [], 0.0
    for label, net in _small_nets(ctx.seed):
        a, b = torch.tensor([-4.0, -3.0], dtype=torch.float64), torch.tensor([4.0, 3.5], dtype=torch.float64)
        ts = torch.linspace(0, 1, 4001, dtype=torch.float64)[:, None]
        X = a + ts * (b - a)
        with torch.no_grad():
            Y = functional_call(net, {k: p.to(torch.float64) for k, p in net.named_parameters()}, (X,))
        lip = math.prod(float(torch.linalg.matrix_norm(m.weight.detach().double(), 2)) for m in net
                        if isinstance(m, nn.Linear))
        step = float((b - a).norm()) / 4000
        jumps = (Y[1:] - Y[:-1]).norm(dim=1)
        ratio = float(jumps.max()) / (lip * step)
        crossings = int((activation_signs(net, X)[1:] != activation_signs(net, X)[:-1]).any(dim=1).sum())
        worst = max(worst, ratio)
        rows.append((label, crossings, float(jumps.max()), lip * step, ratio))
    return [numeric_close(worst, 0.0, "continuity across region boundaries: along a segment crossing many regions "
                          "(4000 steps), ‖f(x_{i+1}) − f(x_i)‖ ≤ Lip·h with Lip = Π‖W_l‖₂ (ratio ≤ 1)", tol=1.0 + 1e-9,
                          reason="a continuous piecewise-affine map is Lipschitz with constant ≤ Π‖W_l‖₂; a jump at a "
                                 "boundary would exceed Lip·h as h → 0",
                          figures=(_table("continuity along a segment", ("network", "boundaries crossed", "max jump",
                                                                         "Lip·h", "ratio"), rows),))]


def _slice_of(seed: int):
    """The 2-D nets with their slice (the input plane itself) and the trained MLP's slice through
    three held-out digits (origin the first, u, v towards the other two)."""
    o2 = torch.zeros(2, dtype=torch.float64)
    e1, e2 = torch.tensor([1.0, 0.0], dtype=torch.float64), torch.tensor([0.0, 1.0], dtype=torch.float64)
    out = [(label, net, o2, e1, e2, 3.0) for label, net in _small_nets(seed)]
    zoo = _zoo(seed)
    for net in (zoo[0], zoo[1]):
        x0, x1, x2 = net.inputs[:3]
        u = x1 - x0
        v = x2 - x0
        v = v - (v @ u) / (u @ u) * u
        out.append((f"{net.label}, slice through three digits", net.model, x0 + 0.5 * (x1 - x0), u / 2,
                    v / v.norm() * u.norm() / 2, 1.5))
    return out


def _inside(poly: np.ndarray, pts: np.ndarray, tol: float) -> np.ndarray:
    """Points in a counter-clockwise convex polygon (cross products ≥ −tol)."""
    ok = np.ones(len(pts), dtype=bool)
    for p, q in zip(poly, np.roll(poly, -1, axis=0)):
        ok &= (q[0] - p[0]) * (pts[:, 1] - p[1]) - (q[1] - p[1]) * (pts[:, 0] - p[0]) >= -tol
    return ok


@lru_cache(maxsize=2)
def _regions_survey(seed: int, resolution: int = 240):
    out = []
    for label, net, o, u, v, hw in _slice_of(seed):
        grid = slice_regions_grid(net, o, u, v, hw, resolution)
        exact = slice_regions_exact(net, o, u, v, hw)
        out.append((label, net, (o, u, v, hw), grid, exact))
    return tuple(out)


def _label_image(labels: np.ndarray, seed: int) -> np.ndarray:
    """Region labels as shuffled gray levels, so that neighbouring regions differ; t upwards."""
    perm = np.random.default_rng(seed).permutation(int(labels.max()) + 1)
    return perm[labels][::-1].astype(float)


def _region_count(ctx) -> list[Evidence]:
    rows, out = [], []
    match_ok, tile_ok, distinct_ok, images, labels = True, True, True, [], []
    missed_info = {}
    for label, net, (o, u, v, hw), grid, exact in _regions_survey(ctx.seed):
        h = grid.coords[1] - grid.coords[0]
        S, T = np.meshgrid(grid.coords, grid.coords)
        pts = np.stack([S.reshape(-1), T.reshape(-1)], 1)
        flat = grid.labels.reshape(-1)
        by_signs = {p.signs: p for p in exact}
        # each grid centre lies in the exact polygon carrying its own activation pattern
        for k in range(grid.count):
            signs = tuple(int(s) for s in grid.patterns[k])
            poly = by_signs.get(signs)
            sel = pts[flat == k]
            if poly is None or not _inside(poly.vertices, sel, 1e-9 * hw * hw).all():
                match_ok = False
        hit = {p.signs for p in exact if _inside(p.vertices, pts, -1e-12).any()}
        missed = [p for p in exact if p.signs not in {tuple(int(s) for s in q) for q in grid.patterns}]
        area = sum(p.area for p in exact)
        tile_ok &= abs(area - (2 * hw) ** 2) <= 1e-9 * (2 * hw) ** 2
        distinct_ok &= len(by_signs) == len(exact)
        missed_info[label] = [round(float(p.area / h ** 2), 3) for p in missed]
        rows.append((label, len(exact), grid.count, len(hit), grid.components, len(missed),
                     float(max((p.area / h ** 2 for p in missed), default=0.0))))
        images.append(_label_image(grid.labels, ctx.seed))
        short = label.split(" ")[2] if "2-8" in label else ("digits MLP, trained" if "trained" in label else "digits MLP, random")
        labels.append(f"{short}: {len(exact)}")
    out.append(fact(match_ok and all(r[2] == r[3] for r in rows),
                    "two counts on each slice agree: every grid centre (240×240) lies in the exact polygon (window split by "
                    "every unit's zero line, layer by layer) that has the centre's activation pattern, and the grid's "
                    "distinct patterns are exactly the polygons that contain a grid centre", kind="numeric",
                    reason="point-in-convex-polygon with a 1e-9 relative margin; the polygons missed by the grid (no "
                           "centre inside) are listed with their areas in grid cells",
                    details={"missed polygons' areas (grid cells)": missed_info}))
    out.append(fact(tile_ok and distinct_ok, "the exact polygons tile the window (areas sum to its area to 1e-9) and "
                    "carry distinct activation patterns", kind="numeric",
                    reason="float64 polygon clipping: areas to ~1e-12 relative"))
    figures = (ImageStrip("activation regions on 2-D slices (each region one gray level)", tuple(images), tuple(labels),
                          shared_scale=False, note="Region counts under the images. Left to right: the 2-D input plane of a 2-8-3 and a 2-8-8-3 ReLU "
                          "MLP (|s|, |t| < 3), and slices through three held-out digits of the random and the trained "
                          "64-12-12-10 MLP."),
               _table("regions on 2-D slices: exact polygons vs grid", ("network / slice", "exact polygons",
                      "grid patterns", "polygons containing a grid centre", "grid 8-connected components",
                      "polygons missed by the grid", "largest missed area (cells)"), rows,
                      note="Components can exceed the count: a thin region is sampled in pieces."))
    return _attach(out, figures)


def _region_bound(ctx) -> list[Evidence]:
    from math import comb

    rng = ctx.numpy_rng("arrangement")
    rows, ok, tight = [], True, True
    # one hidden layer on ℝ²: the whole plane, three ways
    net = _small_nets(ctx.seed)[0][1]
    W, b = net[0].weight.detach().double(), net[0].bias.detach().double()
    m = W.shape[0]
    pts = [np.linalg.solve(W[[i, j]].numpy(), -b[[i, j]].numpy()) for i in range(m) for j in range(i + 1, m)]
    hw = 1.5 * float(np.abs(np.array(pts)).max()) + 1.0
    o, e1, e2 = torch.zeros(2, dtype=torch.float64), torch.eye(2, dtype=torch.float64)[0], torch.eye(2, dtype=torch.float64)[1]
    exact = len(slice_regions_exact(net, o, e1, e2, hw))
    lines = line_arrangement_regions(torch.cat([W, b[:, None]], 1), hw)
    lp = len(hyperplane_arrangement_regions(W, b))
    bound = sum(comb(m, k) for k in range(3))
    ok &= max(exact, lines.regions, lp) <= bound
    rows.append(("2-8-3 net, all of ℝ² (window containing every crossing)", 2, m, exact, lines.regions, lp, bound))
    same = exact == lines.regions == lp
    # random layers on ℝⁿ: LP enumeration; bias-free layers: a central arrangement
    for n, m in ((2, 6), (3, 6), (3, 8), (4, 7)):
        Wr, br = rng.normal(size=(m, n)), rng.normal(size=m)
        cnt = len(hyperplane_arrangement_regions(Wr, br))
        bound = sum(comb(m, k) for k in range(n + 1))
        ok &= cnt <= bound
        tight &= cnt == bound
        rows.append((f"random W ({m}×{n}), b", n, m, None, None, cnt, bound))
        central = len(hyperplane_arrangement_regions(Wr, np.zeros(m)))
        central_formula = 2 * sum(comb(m - 1, k) for k in range(n))
        ok &= central <= bound
        same &= central == central_formula
        rows.append((f"bias-free W ({m}×{n}): central, formula 2Σ_{{k<n}}C(m−1,k) = {central_formula}", n, m, None, None,
                     central, bound))
    return [
        fact(ok, "a one-hidden-layer ReLU network with m units on ℝⁿ has at most Σ_{k≤n} C(m, k) activation regions "
             "(counted exactly: polygons, the line-arrangement formula, LP feasibility of each sign vector)",
             kind="numeric", reason="exact counts (LP feasibility with margin 1e-9 in normalised units)",
             details={"bound attained by every random (general-position) layer": tight},
             figures=(_table("regions of one ReLU layer vs Σ_{k≤n} C(m, k)",
                             ("layer", "n", "m", "polygons", "1 + chords + crossings", "LP sign vectors", "bound"), rows),)),
        fact(same, "the counting methods agree with each other and with the central-arrangement formula for bias-free "
             "layers (which stay strictly below the bound)", kind="numeric", reason="exact integer counts"),
    ]


def _rank_bound(ctx) -> list[Evidence]:
    rows, ok, low = [], True, {}
    for label, net, (o, u, v, hw), grid, exact in _regions_survey(ctx.seed):
        viol, lowrank, equal = 0, 0, 0
        n_in = o.numel()
        for p in exact:
            c = p.centroid
            x = o + float(c[0]) * u + float(c[1]) * v
            piece = affine_piece(net, x)
            rk = numerical_rank(piece.A) if piece.A.abs().max() > 0 else 0
            active = min(piece.pattern.active_units)
            full = min(n_in, piece.A.shape[0])
            viol += rk > active
            lowrank += rk < full
            equal += rk == min(active, full)
        ok &= viol == 0
        low[label] = lowrank
        rows.append((label, len(exact), viol, lowrank, equal))
    return [fact(ok, "rank A_r ≤ min over layers of the active units, on every region of every slice (A_r from the "
                 "weights and the pattern at the polygon's centroid; DESIGN.md numerical rank)", kind="numeric",
                 reason="numerical rank at max(shape)·eps·σ_max",
                 details={"regions with a low-rank map (rank < min(n, C))": low},
                 figures=(_table("rank of the affine map on each region", ("network / slice", "regions",
                                 "rank > min active (violations)", "rank < min(n, C) (low-rank regions)",
                                 "rank = min(active, n, C)"), rows),))]


def _convexity(ctx) -> list[Evidence]:
    rng = ctx.numpy_rng("convexity")
    bad, total = 0, 0
    for label, net, (o, u, v, hw), grid, exact in _regions_survey(ctx.seed):
        flat = grid.labels.reshape(-1)
        S, T = np.meshgrid(grid.coords, grid.coords)
        pts = np.stack([S.reshape(-1), T.reshape(-1)], 1)
        i = rng.integers(0, len(flat), size=1000)
        j = np.array([rng.choice(np.flatnonzero(flat == flat[k])) for k in i])
        mid = 0.5 * (pts[i] + pts[j])
        X = o + torch.from_numpy(mid[:, :1]) * u + torch.from_numpy(mid[:, 1:]) * v
        signs = activation_signs(net, X).numpy()
        expected = grid.patterns[flat[i]]
        bad += int((signs != expected).any(axis=1).sum())
        total += 1000
    return [fact(bad == 0, f"each activation region is convex: the midpoint of two grid points with one pattern has that "
                 f"pattern ({total} random pairs over the four slices)", kind="numeric",
                 reason="exact sign comparison", details={"violations": bad})]


# == ye-ntk ===========================================================================================

def _spectra_match(big: torch.Tensor, small: torch.Tensor) -> tuple[float, float]:
    """(max |λ_i(big) − λ_i(small)| over the top len(small), max |λ| of the rest), relative to λ_max."""
    lb = torch.linalg.eigvalsh(big).flip(0)
    ls = torch.linalg.eigvalsh(small).flip(0)
    k = ls.numel()
    scale = float(lb[0])
    return float((lb[:k] - ls).abs().max()) / scale, (float(lb[k:].abs().max()) / scale if lb.numel() > k else 0.0)


def _ntk_spectra(ctx) -> list[Evidence]:
    rows, worst_top, worst_rest, worst_neg, worst_sym = [], 0.0, 0.0, 0.0, 0.0
    dims = 0
    spectra = []
    for net in _zoo(ctx.seed):
        X = torch.stack(net.inputs)
        J = ntk_jacobian(net.model, X)  # (B·C) × d
        Theta = J @ J.T
        top, rest = _spectra_match(J.T @ J, Theta)
        lam = torch.linalg.eigvalsh(0.5 * (Theta + Theta.T))
        neg = max(0.0, -float(lam[0])) / float(lam[-1])
        sym = _rel(Theta, Theta.T, float(lam[-1]))
        dims = max(dims, J.shape[0] + J.shape[1])
        worst_top, worst_rest, worst_neg, worst_sym = max(worst_top, top), max(worst_rest, rest), max(worst_neg, neg), max(worst_sym, sym)
        rows.append((net.label, J.shape[0], J.shape[1], float(lam[-1]), float(lam[0]), top, rest))
        spectra.append((net.label, spectrum(Theta)))
    tol = 10 * dims * EPS
    reason = (f"eigvalsh is backward stable (Weyl: |δλ| ≤ ‖E‖ ≈ n·eps·λ_max) and forming JJᵀ or JᵀJ adds ≤ k·eps·‖J‖² per "
              f"entry (k the inner dimension); n + k ≤ {dims}, ×10 margin, relative to λ_max")
    return _attach([
        numeric_close(worst_top, 0.0, "the nonzero spectra of Θ = JJᵀ (B·C × B·C, B = 4 inputs) and JᵀJ (d×d) coincide "
                      "(top B·C eigenvalues, relative to λ_max), on the five networks", tol=tol, reason=reason),
        numeric_close(worst_rest, 0.0, "the other d − B·C eigenvalues of JᵀJ vanish (|λ|/λ_max)", tol=tol, reason=reason),
        numeric_close(worst_sym, 0.0, "Θ is symmetric (max|Θ − Θᵀ|/λ_max)", tol=tol, reason=reason),
        numeric_close(worst_neg, 0.0, "Θ ⪰ 0: −λ_min/λ_max (0 when λ_min ≥ 0)", tol=tol, reason=reason),
    ], (_table("empirical NTK Θ = JJᵀ on four inputs", ("network", "B·C", "d", "λ_max(Θ)", "λ_min(Θ)",
                                                     "top spectra JJᵀ vs JᵀJ", "rest of JᵀJ"), rows),
        SpectrumPlot("singular values of the empirical NTK Θ (40×40)", tuple((l, s.singular_values) for l, s in spectra),
                     tolerances=tuple(s.tol for _, s in spectra), ranks=tuple(s.rank for _, s in spectra),
                     note="tolerance: max(shape)·eps·σ_max (DESIGN.md)")))


def _fisher_gram(ctx) -> list[Evidence]:
    rows, worst_top, worst_rest, dims = [], 0.0, 0.0, 0
    for net in _zoo(ctx.seed):
        for x in net.inputs[:1]:
            Fm = fisher(net.model, x)
            gs = gram_spectrum(net.model, x, wrt="weights")
            lf = torch.linalg.eigvalsh(0.5 * (Fm + Fm.T)).flip(0)
            C = gs.eigenvalues.numel()
            top = float((lf[:C] - gs.eigenvalues).abs().max()) / float(lf[0])
            rest = float(lf[C:].abs().max()) / float(lf[0])
            worst_top, worst_rest = max(worst_top, top), max(worst_rest, rest)
            dims = max(dims, Fm.shape[0] + C)
        rows.append((net.label, Fm.shape[0], C, gs.rank, top, rest))
    tol = 10 * dims * EPS
    reason = (f"as for Θ: backward-stable eigvalsh of F (d×d) and of the C×C Gram matrix, each ≈ (n + k)·eps·λ_max, "
              f"n + k ≤ {dims}; ×10 margin")
    return _attach([
        numeric_close(worst_top, 0.0, "the Fisher F = JᵀΣ(p)J (d×d, dense) and Σ^{1/2}JJᵀΣ^{1/2} (C×C, by vjp/jvp without "
                      "J: gram_spectrum) have the same nonzero spectrum (relative to λ_max), at a held-out digit for each of the "
                      "five networks",
                      tol=tol, reason=reason),
        numeric_close(worst_rest, 0.0, "the other d − C eigenvalues of F vanish", tol=tol, reason=reason),
    ], (_table("Fisher spectrum from d×d and from C×C", ("network", "d", "C", "rank (C×C route)", "top spectra",
                                                       "rest of F"), rows),))


def _diffusion_link(ctx) -> list[Evidence]:
    X, y = digits("test", seed=ctx.seed)
    Xs, ys = X[:24], y[:24]
    zoo = _zoo(ctx.seed)
    rows, worst, dims = [], 0.0, 0
    for net, inputs in ((zoo[1], Xs.reshape(len(Xs), -1)), (zoo[4], Xs)):
        cov = diffusion_spectrum(net.model, inputs, ys, method="covariance")
        gram = diffusion_spectrum(net.model, inputs, ys, method="streamed-gram")
        N = inputs.shape[0]
        k = N - 1  # the centring matrix has rank N − 1
        top = float((cov.eigenvalues[:k] - gram.eigenvalues[:k]).abs().max()) / float(cov.eigenvalues[0])
        rest = float(cov.eigenvalues[k:].abs().max()) / float(cov.eigenvalues[0]) if cov.eigenvalues.numel() > k else 0.0
        worst = max(worst, top, rest)
        dims = max(dims, cov.d + N)
        rows.append((net.label, N, cov.d, cov.rank, gram.rank, top, rest))
    return [numeric_close(worst, 0.0, "D = (1/N)GᵀCG (d×d) and (1/N)CGGᵀC (N×N, C = I − 𝟙𝟙ᵀ/N) have the same nonzero "
                          "eigenvalues (relative to λ_max; the rest of D's spectrum, beyond rank N − 1, vanishes): "
                          "per-sample cross-entropy gradients of the trained MLP and LeNet on 24 held-out digits",
                          tol=10 * dims * EPS, reason=f"backward-stable eigensolvers on both sides, (n + k)·eps·λ_max with "
                          f"n + k ≤ {dims}; ×10 margin",
                          figures=(_table("diffusion matrix spectrum: d×d vs N×N route", ("network", "N", "d", "rank (d×d)",
                                          "rank (N×N)", "top N − 1", "rest"), rows),))]


def _pattern_step(model, names, shapes, sizes, flat0, direction, X, h: float) -> float:
    """The largest h (halving from ``h``) with the activation pattern of every input the same at
    w ± h·direction as at w (for smooth nets: ``h`` itself, there is no pattern)."""
    if not any(isinstance(m, nn.ReLU) for m in model.modules()):
        return h

    def params(flat):
        return dict(zip(names, (t.reshape(s) for t, s in zip(torch.split(flat, sizes), shapes))))

    base = [activation_pattern(model, x) for x in X]
    for _ in range(60):
        if all(b.same_region(activation_pattern(model, x, params(flat0 + sgn * h * direction)))
               for b, x in zip(base, X) for sgn in (1, -1)):
            return h
        h /= 2
    raise ValueError("no step keeps the activation pattern: an input lies on a region boundary")


def _gradient_flow(ctx) -> list[Evidence]:
    """u̇ = −Θ∇_uℓ at t = 0: central differences of u along w(h) = w − h·Jᵀ∇_uℓ."""
    zoo = _zoo(ctx.seed)
    out, series, rows = [], [], []
    for net in (zoo[2], zoo[1]):  # tanh (smooth), trained ReLU (piecewise polynomial in w)
        X = torch.stack(net.inputs)
        names = [n for n, _ in net.model.named_parameters()]
        base = {n: p.detach().to(torch.float64) for n, p in net.model.named_parameters()}
        shapes = [p.shape for p in base.values()]
        sizes = [p.numel() for p in base.values()]
        flat0 = torch.cat([p.reshape(-1) for p in base.values()])

        def u_of(flat):
            parts = dict(zip(names, (t.reshape(s) for t, s in zip(torch.split(flat, sizes), shapes))))
            return functional_call(net.model, parts, (X,)).reshape(-1)

        with torch.no_grad():
            u0 = u_of(flat0)
        J = ntk_jacobian(net.model, X)
        Theta = J @ J.T
        target = torch.zeros_like(u0)
        target[torch.arange(4) * 10 + torch.arange(4)] = 1.0
        for loss, grad_u in (("squared ℓ = ½‖u − y‖²", u0 - target),
                             ("cross-entropy", (torch.softmax(u0.reshape(4, 10), -1) - target.reshape(4, 10)).reshape(-1))):
            direction = J.T @ grad_u  # ẇ = −Jᵀ∇_uℓ
            predicted = -(Theta @ grad_u)
            h_max = _pattern_step(net.model, names, shapes, sizes, flat0, direction, X, 1e-2)
            steps = [float(h) for h in h_max * np.logspace(-2, 0, 6)]
            res = []
            with torch.no_grad():
                for h in steps:
                    fd = (u_of(flat0 - h * direction) - u_of(flat0 + h * direction)) / (2 * h)
                    res.append(float((fd - predicted).norm() / predicted.norm()))
            slope, _ = power_law_fit(steps, res)
            series.append((f"{net.label}, {loss}", steps, res))
            rows.append((net.label, loss, steps[0], res[0], steps[-1], res[-1], slope))
    slopes = [r[-1] for r in rows]
    out.append(numeric_close(min(slopes), 2.0, "u̇ = −Θ∇_uℓ (−Θ(u − y) for the squared loss): the central difference of u "
                             "along ẇ = −Jᵀ∇_uℓ approaches −Θ∇_uℓ at order h² (smallest fitted slope over h = h_max·10^{−2…0}; for the "
                             "ReLU net h_max keeps every activation pattern at w ± h·ẇ, where u is polynomial in w)",
                             tol=0.3, reason="a central difference is exact to O(h²) when the derivative is right; a wrong "
                             "u̇ leaves an O(1) residual (slope 0); 0.3 allows for the fit over six steps",
                             details={"slopes": slopes}))
    out.append(numeric_close(max(r[3] for r in rows), 0.0, "relative residual at the smallest step h ≤ 1e-4", tol=1e-5,
                             reason="O(h²) ≤ 1e-8 times the third-derivative scale, rounding ≈ eps/h; 1e-5 allows a "
                                    "third-derivative scale up to 1e3"))
    return _attach(out, (LinePlot("gradient flow: central difference of u vs −Θ∇_uℓ", "step h",
                                  "‖Δu/2h + Θ∇_uℓ‖ / ‖Θ∇_uℓ‖", tuple(series), logx=True, logy=True, markers=True),
                         _table("u̇ = −Θ∇_uℓ by central differences", ("network", "loss", "smallest h", "residual",
                                                                      "largest h", "residual", "slope"), rows)))


NTK_INPUTS = ((1.0, 0.0, 0.5), (0.3, 1.0, -0.2), (-0.5, 0.4, 1.0), (1.0, 1.0, 1.0))


def _ntk_width(ctx) -> list[Evidence]:
    X = torch.tensor(NTK_INPUTS, dtype=torch.float64)
    y = torch.tensor([1.0, -1.0, 0.5, 0.2], dtype=torch.float64)
    limit = two_layer_relu_ntk(X)
    lr = 1.0 / float(torch.linalg.eigvalsh(limit)[-1])
    widths = [2 ** k for k in range(6, 15, 2)]
    base = 1000 * ctx.seed
    errors, changes = [], []
    for m in widths:
        e, c = [], []
        for s in range(8):
            net = TwoLayerReLU(3, m, seed=base + s)
            T0 = empirical_ntk(net, X)
            e.append(float((T0 - limit).norm() / limit.norm()))
            if s < 4:
                opt = torch.optim.SGD(net.parameters(), lr=lr)
                for _ in range(100):
                    opt.zero_grad()
                    (0.5 * ((net(X)[:, 0] - y) ** 2).sum()).backward()
                    opt.step()
                c.append(float((empirical_ntk(net, X) - T0).norm() / T0.norm()))
        errors.append(float(np.mean(e)))
        changes.append(float(np.mean(c)))
    s_err, _ = power_law_fit(widths, errors)
    s_chg, _ = power_law_fit(widths, changes)
    return [
        numeric_close(s_err, -0.5, "2-layer ReLU f = (1/√m)aᵀrelu(Wx): the empirical NTK (jacrev) tends to the arc-cosine "
                      "kernel Θ∞ (closed form) as the width grows, ‖Θ_m − Θ∞‖/‖Θ∞‖ ∝ m^{−1/2} (fitted slope, m = 64…16384, "
                      "8 draws each)", tol=0.1,
                      reason="Θ_m is an average of m i.i.d. terms with mean Θ∞: Monte-Carlo error ∝ m^{−1/2}; a wrong "
                             "limit leaves a floor (slope → 0); 0.1 covers the fit's spread over seeds (±0.02 seen)",
                      details={"widths": widths, "relative error": errors},
                      figures=(LinePlot("NTK of a 2-layer ReLU net vs width", "width m", "relative distance",
                                        (("‖Θ_m − Θ∞‖/‖Θ∞‖ at initialisation", widths, errors),
                                         ("‖Θ_T − Θ_0‖/‖Θ_0‖ after 100 GD steps", widths, changes)),
                                        logx=True, logy=True, markers=True),)),
        fact(s_chg <= -0.4, "Θ stays nearly constant during training: the relative change of Θ after 100 gradient-descent "
             "steps (squared loss, step 1/λ_max(Θ∞), the loss → 0) falls at least like m^{−1/2} (fitted slope ≤ −0.4)",
             kind="numeric", reason="lazy training: each weight moves O(m^{−1/2}), so Θ changes O(m^{−1/2}) or faster; "
                                    "0.1 allowed for the fit over five widths",
             details={"fitted slope": s_chg, "widths": widths, "relative change": changes}),
    ]


# == the claims =======================================================================================

CLAIMS = [
    Claim(
        id="ye-isbn-issn-checksums",
        reading="ISBN 978-981-16-6045-0 ISBN 978-981-16-6046-7 (eBook)",
        rationale=(
            "All check digits (two ISSNs, two ISBN-13s) recompute correctly and the DOI suffix equals"
            " the eBook ISBN (checks 1-5)."
        ),
        source=_src("copyright page: ISSN 1612-3956, ISSN 2198-3283 (electronic), ISBN 978-981-16-6045-0, "
                    "ISBN 978-981-16-6046-7 (eBook), https://doi.org/10.1007/978-981-16-6046-7"),
        statement=r"\text{ISSN 1612-3956, ISSN 2198-3283 (electronic); ISBN 978-981-16-6045-0, ISBN 978-981-16-6046-7 "
                  r"(eBook); DOI 10.1007/978-981-16-6046-7}",
        hypotheses=("drawn from the front matter only (the copyright page of the seed), read by a parser from the "
                    "committed seed",
                    "ISBN-13: weights 1, 3, 1, 3, … on the first 12 digits, check = −Σ mod 10; ISSN: weights 8…2 on the "
                    "first 7 digits, check = −Σ mod 11 (10 written X)"),
        expected_verdict="verified",
        checks=(_isbn_issn,),
        kinds=("ARITH",),
        notes="Drawn from the front matter only (the copyright page of J. C. Ye, “Geometry of Deep Learning: A Signal Processing Perspective”). Each check digit "
              "catches every single-digit substitution of its number (listed), so the comparison can fail.",
    ),
    Claim(
        id="ye-toc-page-order",
        reading="<b>1</b>\t<b>Mathematical Preliminaries</b> .....\t3",
        rationale=(
            "The parsed contents form a gapless outline from '1 Mathematical Preliminaries … 3' to "
            "'Index … 327', page numbers never decrease and every chapter starts no later than its "
            "first section (checks 1-5)."
        ),
        source=_src('Contents: "1 Mathematical Preliminaries … 3" to "Index … 327"'),
        statement=r"\text{Contents: chapters, sections, subsections, Exercises, Bibliography and Index with page numbers, "
                  r"from 1 Mathematical Preliminaries \dots 3 to Index \dots 327}",
        hypotheses=("drawn from the contents only: every TOC line of the committed seed, parsed (three printed forms: "
                    "tab-separated rows with <b> tags, Markdown list items, bold markers)",
                    "page numbers should never decrease, and a chapter should start no later than its first section"),
        expected_verdict="verified",
        checks=(_toc,),
        kinds=("ARITH",),
        notes="Drawn from the contents only. The parser refuses any non-blank line it cannot read, and the numbering "
              "is checked to be a gapless outline, so a skipped line would show. '15 Bibliography' is numbered like a "
              "chapter in the seed; chapters 14 and 15 have no sections.",
    ),
    Claim(
        id="ye-convolution-hankel",
        reading="10.3.1\tConvolution and Hankel Matrix .....\t203",
        rationale=(
            "The standard facts the headings name (convolution/correlation as Hankel/Toeplitz matrix "
            "products, rank r of the Hankel matrix of r exponentials, the tight-frame identity and "
            "framelet expansion, local basis as filters) all hold (checks 1-10)."
        ),
        source=_src('Contents: 7.3.1 "Convolution" (p. 119); 10.3.1 "Convolution and Hankel Matrix" (p. 203); 10.3.2 '
                    '"Convolution Framelet Expansion" (p. 205); 10.3.4 "Deep Convolutional Framelets" (p. 208)'),
        statement=r"x \star h = \mathbb{H}_k(x)h,\quad x * h = \mathbb{T}_k(x)h = \mathbb{H}_k(x)Jh;\quad "
                  r"\operatorname{rank}\mathbb{H}_k\Big(\sum_{i=1}^r c_i z_i^t\Big) = r \text{ if } \min(L, k) \ge r;\quad "
                  r"\Phi\Phi^T = I,\ \Psi\Psi^T = I \Rightarrow \mathbb{H}(x) = \Phi\Phi^T\mathbb{H}(x)\Psi\Psi^T",
        hypotheses=(CONTENTS_ONLY,
                    "valid (unpadded) 1-D and 2-D correlation/convolution; L = n − k + 1 rows; Hankel entries x_{i+j}",
                    "distinct nonzero z_i and nonzero c_i for the rank statement"),
        expected_verdict="verified",
        checks=(_hankel_symbolic, _hankel_numeric, _hankel_rank, _framelet),
        kinds=("SYM-FIX", "NUM"),
        notes=NOTE + " torch's conv1d/conv2d compute cross-correlation (Hankel); numpy.convolve and scipy's convolve2d "
                     "compute true convolution (Toeplitz, or Hankel with the kernel flipped).",
    ),
    Claim(
        id="ye-kronecker-vec",
        reading="1.5.1\tKronecker Product .....\t13",
        rationale=(
            "The heading names standard Kronecker/vec identities, and all of them hold symbolically "
            "and numerically (checks 1-15). Check 16 reads the suite's Jacobian-layout formula "
            "∂vec(WX)/∂vec(W) = Xᵀ⊗I in the book's denominator layout, where it is X⊗I (check 15); "
            "the book's own wording is not in the seed, so this tests a reading the document never "
            "prints: a remark."
        ),
        source=_src('Contents: 1.5.1 "Kronecker Product" (p. 13)'),
        statement=r"\operatorname{vec}(AXB) = (B^T\otimes A)\operatorname{vec}(X),\ (A\otimes B)(C\otimes D) = AC\otimes BD,\ "
                  r"(A\otimes B)^T = A^T\otimes B^T,\ (A\otimes B)^{-1} = A^{-1}\otimes B^{-1},\ "
                  r"\operatorname{rank}(A\otimes B) = \operatorname{rank}A\operatorname{rank}B,\ "
                  r"\sigma(A\otimes B) = \{\lambda_i\mu_j\};\quad \frac{\partial\operatorname{vec}(WX)}{\partial\operatorname{vec}(W)} = X^T\otimes I",
        hypotheses=(CONTENTS_ONLY, "vec stacks columns; conformable sizes; A, B invertible for the inverse; square A, B "
                    "for the eigenvalues"),
        expected_verdict="verified",
        remark="∂vec(WX)/∂vec(W) = Xᵀ ⊗ I is the Jacobian (numerator) layout, rows indexed by vec(WX). In the denominator "
               "layout that the book's preface adopts for backpropagation (see ye-matrix-calculus-denominator-layout), "
               "the same derivative is its transpose X ⊗ I (shape mn × mp instead of mp × mn).",
        checks=(_kron_symbolic, _kron_numeric, _kron_layer),
        kinds=("SYM-FIX", "NUM"),
        notes=NOTE + " The layout check is a remark: it concerns the catalogue's linear-layer formula; the book's own "
                     "form of it is not in the seed.",
    ),
    Claim(
        id="ye-matrix-calculus-denominator-layout",
        reading=(
            "I recognized the importance of the denominator layout convention in the matrix calculus,"
            " which led to the beautiful geometry of the backpropagation."
        ),
        rationale=(
            "The standard denominator-layout identities the section and preface refer to (gradients "
            "of linear/quadratic forms and trace, the right-to-left chain rule, the layer gradient "
            "(σ′⊙∂L/∂y)xᵀ) all hold symbolically and against autograd (checks 1-12)."
        ),
        source=_src('Contents: 1.5.2 "Matrix and Vector Calculus" (p. 15); Preface: "the importance of the denominator '
                    'layout convention in the matrix calculus, which led to the beautiful geometry of the '
                    'backpropagation"'),
        statement=r"\frac{\partial a^Tx}{\partial x} = a,\ \frac{\partial x^TAx}{\partial x} = (A + A^T)x,\ "
                  r"\frac{\partial\operatorname{tr}(AX)}{\partial X} = A^T,\ \frac{\partial z}{\partial x} = "
                  r"\frac{\partial y}{\partial x}\frac{\partial z}{\partial y},\ y = \sigma(Wx):\ \frac{\partial L}{\partial W} = "
                  r"\Big(\sigma'\odot\frac{\partial L}{\partial y}\Big)x^T",
        hypotheses=(CONTENTS_ONLY, "denominator layout: ∂(scalar)/∂x is a column, ∂(scalar)/∂X has the shape of X, "
                    "∂y/∂x = [∂y_j/∂x_i] (the transposed Jacobian)"),
        expected_verdict="verified",
        checks=(_calculus_symbolic, _calculus_autograd, _layer_rule_network),
        kinds=("NUM-NET",),
        notes=NOTE + " The layer rule is checked at every layer of the digits MLPs (random, trained, tanh).",
    ),
    Claim(
        id="ye-relu-partition",
        reading=(
            "During my lecture, one of my students pointed out that some partitions can lead to a "
            "low-rank mapping."
        ),
        rationale=(
            "The piecewise-affine structure of ReLU networks (same Jacobian per activation region, "
            "A_r from weights and pattern, continuity, convex regions), the rank bound with low-rank "
            "regions observed, and the region-count bound all hold (checks 1-11)."
        ),
        source=_src('Contents: 10.4 "Geometry of CNN" (p. 211), 10.4.1–10.4.6; Preface: "the ReLU determines the input '
                    'space partitioning, which is automatically adapted to the input space manifold"; "some partitions '
                    'can lead to a low-rank mapping"'),
        statement=r"f \text{ continuous, piecewise affine: } f(x) = A_rx + b_r \text{ on each activation region } r,\ "
                  r"A_r = W_L\Delta_{L-1}W_{L-1}\cdots\Delta_1W_1;\ \operatorname{rank}A_r \le \min_l \#\text{active}_l;\ "
                  r"\text{one hidden layer of } m \text{ units on } \mathbb{R}^n: \le \sum_{k=0}^n\binom{m}{k} \text{ regions}",
        hypotheses=(CONTENTS_ONLY, "networks of affine layers and ReLU (max-pooling for the CNN Jacobian check)",
                    "regions are the sets of one activation pattern; counted on 2-D affine slices of input space"),
        expected_verdict="verified",
        checks=(_piecewise_affine, _continuity, _convexity, _rank_bound, _region_count, _region_bound),
        kinds=("NUM-NET",),
        notes=NOTE + " Every region with one activation pattern is convex, for any depth (the pattern makes each "
                     "condition linear in x); the midpoint test runs on one- and two-hidden-layer nets and on the "
                     "digits MLPs. Low-rank regions (rank A_r < min(n, C)) are common: the table counts them.",
    ),
    Claim(
        id="ye-ntk",
        reading="- 11.4.1 The Neural Tangent Kernel (NTK) ..... 237",
        rationale=(
            "All NTK facts named by the section headings hold: Θ = JJᵀ symmetric PSD with the JᵀJ "
            "duality, the gradient-flow dynamics u̇ = −Θ∇_uℓ, convergence to the arc-cosine kernel at"
            " rate m^(-1/2) and near-constancy in training (checks 1-11)."
        ),
        source=_src('Contents: 11.4 "Lyapunov-Type Convergence Analysis" (p. 235); 11.4.1 "The Neural Tangent Kernel '
                    '(NTK)" (p. 237); 11.4.2 "NTK at Infinite Width Limit" (p. 238); 11.4.3 "NTK for General Loss '
                    'Function" (p. 240)'),
        statement=r"\Theta = J_\theta J_\theta^T \succeq 0;\ \dot u = -\Theta(u - y),\ \dot u = -\Theta\nabla_u\ell;\ "
                  r"\Theta_m \to \Theta_\infty \text{ (arc-cosine kernel, 2-layer ReLU), nearly constant in training};\ "
                  r"\operatorname{spec}_{\ne 0}\tfrac1N G^TCG = \operatorname{spec}_{\ne 0}\tfrac1N CGG^TC",
        hypotheses=(CONTENTS_ONLY, "gradient flow at t = 0 on the digits MLPs; NTK parameterisation (standard normal "
                    "weights, 1/√m in the forward pass) for the width limit",
                    "also checked: F = JᵀΣ(p)J and Σ^{1/2}JJᵀΣ^{1/2} share their nonzero spectrum (the same JᵀJ/JJᵀ duality)"),
        expected_verdict="verified",
        checks=(_ntk_spectra, _fisher_gram, _diffusion_link, _gradient_flow, _ntk_width),
        kinds=("NUM-NET",),
        notes=NOTE + " Networks: the five digits networks of lecture_fisher (reused from its cache) and 2-layer ReLU "
                     "nets of widths 64…16384.",
    ),
]
