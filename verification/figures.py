"""Figures and tables of the verification report, described as data.

A check attaches these objects to its :class:`~verification.model.Evidence` (field
``figures``); only the report writer (:mod:`verification.report`) turns them into files. Each
object is a small frozen dataclass holding plain tuples of floats, so evidence stays data: it
compares, hashes and prints, and nothing is drawn until the report is written.

* :class:`SpectrumPlot` — singular values (descending, log scale) with the tolerance and the
  rank cut of each series.
* :class:`LogLogFit` — points on log-log axes with a fitted power law (see :func:`geomath.numeric.power_law_fit`)
  and an optional reference slope.
* :class:`LinePlot` — curves y(x) (trajectories, quantities against a parameter), linear or log axes.
* :class:`Histogram` — one or more samples over shared bins.
* :class:`ImageStrip` — a row of grayscale images.
* :class:`Table` — a Markdown table (no PNG).

Every plot has ``png_bytes()``, ``render(path)`` and a ``caption`` (generated from the data, plus
the optional ``note``). matplotlib is imported inside the rendering only, through the Agg canvas
and matplotlib's default style (a user's ``matplotlibrc`` changes nothing), and the PNG carries
no "Software" text chunk: the same data give the same bytes.

Inputs may be lists, tuples, NumPy arrays or CPU/GPU tensors; they are stored as tuples of
floats. Bad input raises ``TypeError`` (wrong type) or ``ValueError`` (empty, NaN/inf, lengths
that disagree, values a log axis cannot show).
"""
from __future__ import annotations

import io
import math
import numbers
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

__all__ = [
    "Plot",
    "SpectrumPlot",
    "LogLogFit",
    "LinePlot",
    "Histogram",
    "ImageStrip",
    "Table",
    "FIGURE_TYPES",
    "cell_text",
    "format_cell",
    "markdown_table",
]

DPI = 100


# -- input normalisation ----------------------------------------------------------------------

def _text(value: Any, what: str, *, allow_empty: bool = False) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, got {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise ValueError(f"{what} must not be empty")
    return value


def _array(values: Any, what: str) -> np.ndarray:
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{what} must be numbers (a sequence or an array), got {type(values).__name__}")
    if hasattr(values, "detach"):  # a torch tensor, on any device
        values = values.detach().cpu().numpy()
    try:
        raw = np.asarray(values)
        if np.iscomplexobj(raw):
            raise TypeError("complex values")
        arr = np.asarray(raw, dtype=float)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{what} must be real numbers, got {type(values).__name__} ({exc})") from exc
    if arr.size == 0:
        raise ValueError(f"{what} is empty")
    bad = ~np.isfinite(arr)
    if bad.any():
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        where = first[0] if len(first) == 1 else first
        raise ValueError(f"{what} contains {arr[first]} at index {where}: every value must be finite")
    return arr


def _vector(values: Any, what: str) -> tuple[float, ...]:
    arr = _array(values, what)
    if arr.ndim != 1:
        raise ValueError(f"{what} must be one-dimensional, got shape {arr.shape}")
    return tuple(float(x) for x in arr)


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{what} must be a real number, got {type(value).__name__}")
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{what} must be finite, got {x}")
    return x


def _pairs(series: Any, width: int, what: str, fields: str) -> tuple[tuple, ...]:
    if isinstance(series, (str, bytes)) or not isinstance(series, (tuple, list)):
        raise TypeError(f"{what} must be a tuple of ({fields}) entries, got {type(series).__name__}")
    if not series:
        raise ValueError(f"{what} is empty: give at least one ({fields}) entry")
    out = []
    for i, item in enumerate(series):
        if not isinstance(item, (tuple, list)) or len(item) != width:
            raise TypeError(f"{what}[{i}] must be a ({fields}) tuple of {width} items, got {item!r:.80}")
        out.append(tuple(item))
    labels = [_text(item[0], f"{what}[{i}] label") for i, item in enumerate(out)]
    if len(set(labels)) != len(labels):
        raise ValueError(f"{what} labels must be distinct, got {labels}")
    return tuple(out)


def _sci(x: float) -> str:
    return f"{x:.1e}" if x != 0 else "0"


def _title(text: str) -> str:
    """A title wrapped to the figure's width, so that a long one is never cut at the edge."""
    import textwrap

    return textwrap.fill(text, width=78)


def _legend_below(ax: Any) -> None:
    """The axes' legend under the plot, outside the data (two columns); the figure grows to hold it."""
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    fig = ax.figure
    width, height = fig.get_size_inches()
    fig.set_size_inches(width, height + 0.19 * math.ceil(len(handles) / 2) + 0.2)
    fig.legend(handles, labels, loc="outside lower center", ncols=2, fontsize=8, frameon=False)


# -- plots ------------------------------------------------------------------------------------

class Plot:
    """Base of the figures that render to PNG: subclasses draw on a matplotlib Figure."""

    kind: ClassVar[str] = "plot"
    figsize: ClassVar[tuple[float, float]] = (6.4, 4.2)

    title: str
    note: str

    @property
    def caption(self) -> str:
        raise NotImplementedError

    def _size(self) -> tuple[float, float]:
        return self.figsize

    def _draw(self, fig: Any) -> None:
        raise NotImplementedError

    def png_bytes(self) -> bytes:
        """The PNG, deterministic for the same data (fixed size, dpi and style, no metadata)."""
        import matplotlib.style
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        with matplotlib.style.context("default"):
            fig = Figure(figsize=self._size(), dpi=DPI, layout="constrained")
            FigureCanvasAgg(fig)
            self._draw(fig)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
        return buf.getvalue()

    def render(self, path: str | Path) -> Path:
        """Write the PNG to ``path`` (parent folders are created); returns the path."""
        p = Path(path)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(self.png_bytes())
        return p

    def _with_note(self, text: str) -> str:
        note = self.note.strip()
        return f"{text} {note}" if note else text


@dataclass(frozen=True)
class SpectrumPlot(Plot):
    """Singular values of one or more matrices, descending, on a log axis, with rank cuts.

    ``series``: ``((label, singular_values), ...)``; values >= 0, any order (drawn sorted
    descending against the index k = 1, 2, ...). ``tolerances``: one per series, > 0, drawn as a
    horizontal line. ``ranks``: one per series, drawn as a vertical dashed line between σ_r and
    σ_{r+1}; left out, each rank is the number of singular values above its tolerance (the rule of
    numpy.linalg.matrix_rank). Singular values that a log axis cannot show (exact zeros) are drawn
    at a floor, marked ▼, and the caption says how many. The floor keeps the axis on the range
    that decides a rank: 10⁻⁵ of the smallest tolerance (or lower, 100x below every positive value,
    when none is that small); values below it are drawn at it, ▼, and counted in the caption.
    """

    kind: ClassVar[str] = "spectrum"

    title: str
    series: tuple
    tolerances: tuple
    ranks: tuple | None = None
    note: str = ""

    def __post_init__(self) -> None:
        _text(self.title, "SpectrumPlot.title")
        _text(self.note, "SpectrumPlot.note", allow_empty=True)
        pairs = _pairs(self.series, 2, "SpectrumPlot.series", "label, singular values")
        series = []
        for label, values in pairs:
            s = _vector(values, f"SpectrumPlot.series {label!r} singular values")
            if min(s) < 0:
                raise ValueError(f"SpectrumPlot.series {label!r}: singular values must be >= 0, got {min(s)}")
            series.append((label, tuple(sorted(s, reverse=True))))
        n = len(series)
        if isinstance(self.tolerances, numbers.Real):
            raise TypeError("SpectrumPlot.tolerances must be a tuple with one tolerance per series, e.g. (tol,)")
        tols = _vector(self.tolerances, "SpectrumPlot.tolerances")
        if len(tols) != n:
            raise ValueError(f"SpectrumPlot.tolerances has {len(tols)} entries for {n} series: give one per series")
        if min(tols) <= 0:
            raise ValueError(f"SpectrumPlot.tolerances must be > 0 (they are drawn on a log axis), got {tols}")
        if self.ranks is None:
            ranks = tuple(sum(v > t for v in s) for (_, s), t in zip(series, tols))
        else:
            if not isinstance(self.ranks, (tuple, list)):
                raise TypeError(f"SpectrumPlot.ranks must be a tuple of ints, one per series, got {type(self.ranks).__name__}")
            if len(self.ranks) != n:
                raise ValueError(f"SpectrumPlot.ranks has {len(self.ranks)} entries for {n} series: give one per series")
            ranks = []
            for (label, s), r in zip(series, self.ranks):
                if isinstance(r, bool) or not isinstance(r, numbers.Integral):
                    raise TypeError(f"SpectrumPlot.ranks: rank of {label!r} must be an int, got {type(r).__name__}")
                if not 0 <= int(r) <= len(s):
                    raise ValueError(f"SpectrumPlot.ranks: rank {r} of {label!r} outside 0..{len(s)}")
                ranks.append(int(r))
            ranks = tuple(ranks)
        object.__setattr__(self, "series", tuple(series))
        object.__setattr__(self, "tolerances", tols)
        object.__setattr__(self, "ranks", ranks)

    @property
    def floor(self) -> float:
        """Where values below the range that matters are drawn: a power of ten, 10⁻⁵ of the smallest
        tolerance, or 100x below every value when all of them are above that."""
        positives = [v for _, s in self.series for v in s if v > 0]
        low = min([*self.tolerances, *positives])
        return max(10.0 ** (math.floor(math.log10(low)) - 2),
                   10.0 ** (math.floor(math.log10(min(self.tolerances))) - 5))

    def _clipped(self) -> int:
        floor = self.floor
        return sum(v < floor for _, s in self.series for v in s)

    def _zeros(self) -> int:
        return sum(v == 0 for _, s in self.series for v in s)

    @property
    def caption(self) -> str:
        names = ", ".join(label for label, _ in self.series)
        parts = [f"Singular values of {names} (descending, log scale); horizontal lines: rank tolerances, "
                 "vertical dashed lines: rank cuts."]
        for (label, s), tol, r in zip(self.series, self.tolerances, self.ranks):
            text = f"{label}: rank {r} of {len(s)} at tolerance {_sci(tol)}"
            if 0 < r < len(s):
                below = s[r]
                gap = f"{s[r - 1] / below:.2g}" if below > 0 else "∞"
                text += f", gap σ_{r}/σ_{r + 1} = {gap}"
            parts.append(text + ".")
        zeros, below = self._zeros(), self._clipped() - self._zeros()
        if zeros or below:
            what = " and ".join(t for t in (
                f"{zeros} singular value{'s are' if zeros != 1 else ' is'} exactly 0" if zeros else "",
                f"{below} {'are' if below != 1 else 'is'} positive but below the floor" if below else "") if t)
            parts.append(f"{what}: drawn (▼) at the floor {_sci(self.floor)}, 10⁻⁵ of the smallest tolerance or "
                         "lower.")
        return self._with_note(" ".join(parts))

    def _draw(self, fig: Any) -> None:
        from matplotlib.ticker import MaxNLocator

        ax = fig.add_subplot()
        floor = self.floor
        for i, ((label, s), tol, r) in enumerate(zip(self.series, self.tolerances, self.ranks)):
            color = f"C{i % 10}"
            k = np.arange(1, len(s) + 1)
            v = np.asarray(s)
            shown = np.maximum(v, floor)
            ax.plot(k, shown, "-", color=color, marker="o" if len(s) <= 100 else None, markersize=3,
                    label=f"{label}: rank {r} of {len(s)}")
            zero = v < floor
            if zero.any():
                ax.plot(k[zero], shown[zero], "v", color=color, markersize=6, linestyle="none")
            ax.axhline(tol, color=color, linestyle=":", linewidth=1.2, label=f"{label} tolerance {_sci(tol)}")
            ax.axvline(r + 0.5, color=color, linestyle="--", linewidth=1.2)
        if self._clipped():
            ax.axhline(floor, color="0.5", linestyle="-", linewidth=0.6, label=f"floor {_sci(floor)} (below it: ▼)")
        ax.set_yscale("log")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("index k")
        ax.set_ylabel(r"singular value $\sigma_k$")
        ax.set_title(_title(self.title), fontsize=10)
        ax.grid(True, which="major", alpha=0.3)
        _legend_below(ax)


def _finish_axes(ax: Any, title: str, xlabel: str, ylabel: str, *, logx: bool, logy: bool) -> None:
    """Scales, labels, title, grid and legend of a one-axes plot with labelled curves."""
    if logx:
        ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(_title(title), fontsize=10)
    ax.grid(True, which="major", alpha=0.3)
    _legend_below(ax)


@dataclass(frozen=True)
class LogLogFit(Plot):
    """Points on log-log axes with their fitted power law ``log10 y = slope·log10 x + intercept``.

    ``series``: ``((label, xs, ys, slope, intercept), ...)``; xs and ys > 0 and of equal length
    (at least two points); :func:`geomath.numeric.power_law_fit` gives slope and intercept. ``reference_slope``
    (e.g. 3) adds a dashed line of that slope, parallel to the data: through 1/4 of the first
    point of the first series (below it, so that a matching fit does not hide it).
    """

    kind: ClassVar[str] = "loglog-fit"

    title: str
    xlabel: str
    ylabel: str
    series: tuple
    reference_slope: float | None = None
    note: str = ""

    def __post_init__(self) -> None:
        _text(self.title, "LogLogFit.title")
        _text(self.xlabel, "LogLogFit.xlabel")
        _text(self.ylabel, "LogLogFit.ylabel")
        _text(self.note, "LogLogFit.note", allow_empty=True)
        series = []
        for label, xs, ys, slope, intercept in _pairs(self.series, 5, "LogLogFit.series", "label, xs, ys, slope, intercept"):
            x = _vector(xs, f"LogLogFit.series {label!r} xs")
            y = _vector(ys, f"LogLogFit.series {label!r} ys")
            if len(x) != len(y):
                raise ValueError(f"LogLogFit.series {label!r}: {len(x)} xs but {len(y)} ys")
            if len(x) < 2:
                raise ValueError(f"LogLogFit.series {label!r}: a fit needs at least two points")
            if min(x) <= 0 or min(y) <= 0:
                raise ValueError(f"LogLogFit.series {label!r}: xs and ys must be > 0 on log-log axes "
                                 f"(smallest x {min(x)}, smallest y {min(y)})")
            series.append((label, x, y, _number(slope, f"LogLogFit.series {label!r} slope"),
                           _number(intercept, f"LogLogFit.series {label!r} intercept")))
        ref = self.reference_slope
        if ref is not None:
            ref = _number(ref, "LogLogFit.reference_slope")
        object.__setattr__(self, "series", tuple(series))
        object.__setattr__(self, "reference_slope", ref)

    @property
    def caption(self) -> str:
        fits = "; ".join(f"{label}: slope {slope:.3f} over {len(x)} points" for label, x, _, slope, _ in self.series)
        text = f"{self.ylabel} against {self.xlabel}, log-log, with least-squares power-law fits ({fits})."
        if self.reference_slope is not None:
            text += f" Dashed: reference slope {self.reference_slope:g}, through 1/4 of the first point of {self.series[0][0]}."
        return self._with_note(text)

    def _draw(self, fig: Any) -> None:
        ax = fig.add_subplot()
        for i, (label, x, y, slope, intercept) in enumerate(self.series):
            color = f"C{i % 10}"
            ax.plot(x, y, "o", color=color, markersize=4)
            grid = np.geomspace(min(x), max(x), 50)
            ax.plot(grid, 10.0 ** (slope * np.log10(grid) + intercept), "-", color=color,
                    label=f"{label}: slope {slope:.3f}")
        if self.reference_slope is not None:
            _, x, y, _, _ = self.series[0]
            x0, y0 = x[0], y[0]
            lo = min(min(s[1]) for s in self.series)
            hi = max(max(s[1]) for s in self.series)
            grid = np.geomspace(lo, hi, 50)
            ax.plot(grid, 0.25 * y0 * (grid / x0) ** self.reference_slope, "--", color="0.4",
                    label=f"reference slope {self.reference_slope:g}")
        _finish_axes(ax, self.title, self.xlabel, self.ylabel, logx=True, logy=True)


@dataclass(frozen=True)
class LinePlot(Plot):
    """Curves through points (x_i, y_i), one per series, on linear or log axes: trajectories in a
    plane, or a quantity against a parameter. ``series``: ``((label, xs, ys), ...)`` of equal
    lengths (at least two points); ``markers`` draws the points as well; ``logx``/``logy`` need
    positive values. ``hlines``: ``((label, y), ...)`` dashed horizontal reference lines."""

    kind: ClassVar[str] = "line"

    title: str
    xlabel: str
    ylabel: str
    series: tuple
    logx: bool = False
    logy: bool = False
    markers: bool = False
    hlines: tuple = ()
    note: str = ""

    def __post_init__(self) -> None:
        _text(self.title, "LinePlot.title")
        _text(self.xlabel, "LinePlot.xlabel")
        _text(self.ylabel, "LinePlot.ylabel")
        _text(self.note, "LinePlot.note", allow_empty=True)
        for flag in ("logx", "logy", "markers"):
            if not isinstance(getattr(self, flag), bool):
                raise TypeError(f"LinePlot.{flag} must be a bool")
        series = []
        for label, xs, ys in _pairs(self.series, 3, "LinePlot.series", "label, xs, ys"):
            x = _vector(xs, f"LinePlot.series {label!r} xs")
            y = _vector(ys, f"LinePlot.series {label!r} ys")
            if len(x) != len(y):
                raise ValueError(f"LinePlot.series {label!r}: {len(x)} xs but {len(y)} ys")
            if len(x) < 2:
                raise ValueError(f"LinePlot.series {label!r}: a curve needs at least two points")
            if (self.logx and min(x) <= 0) or (self.logy and min(y) <= 0):
                raise ValueError(f"LinePlot.series {label!r}: values on a log axis must be > 0")
            series.append((label, x, y))
        hlines = tuple((label, _number(v, f"LinePlot.hlines {label!r}"))
                       for label, v in _pairs(self.hlines, 2, "LinePlot.hlines", "label, y")) if self.hlines else ()
        if self.logy and any(v <= 0 for _, v in hlines):
            raise ValueError("LinePlot.hlines: values on a log axis must be > 0")
        object.__setattr__(self, "series", tuple(series))
        object.__setattr__(self, "hlines", hlines)

    @property
    def caption(self) -> str:
        axes = ", ".join(a for a, on in (("log x", self.logx), ("log y", self.logy)) if on) or "linear axes"
        text = f"{self.ylabel} against {self.xlabel} ({axes}): " + ", ".join(
            f"{label} ({len(x)} points)" for label, x, _ in self.series) + "."
        if self.hlines:
            text += " Dashed: " + ", ".join(f"{label} = {v:.4g}" for label, v in self.hlines) + "."
        return self._with_note(text)

    def _draw(self, fig: Any) -> None:
        ax = fig.add_subplot()
        for i, (label, x, y) in enumerate(self.series):
            ax.plot(x, y, "-o" if self.markers else "-", color=f"C{i % 10}", markersize=3, label=label)
        for j, (label, v) in enumerate(self.hlines):
            ax.axhline(v, linestyle="--", color=f"{0.3 + 0.2 * (j % 3):.1f}", label=label)
        _finish_axes(ax, self.title, self.xlabel, self.ylabel, logx=self.logx, logy=self.logy)


@dataclass(frozen=True)
class Histogram(Plot):
    """Histograms of one or more samples over shared bins (``bins`` equal-width bins spanning
    every sample). ``series``: ``((label, values), ...)``, finite values."""

    kind: ClassVar[str] = "histogram"

    title: str
    xlabel: str
    series: tuple
    bins: int = 30
    note: str = ""

    def __post_init__(self) -> None:
        _text(self.title, "Histogram.title")
        _text(self.xlabel, "Histogram.xlabel")
        _text(self.note, "Histogram.note", allow_empty=True)
        if isinstance(self.bins, bool) or not isinstance(self.bins, numbers.Integral):
            raise TypeError(f"Histogram.bins must be an int, got {type(self.bins).__name__}")
        if self.bins < 1:
            raise ValueError(f"Histogram.bins must be >= 1, got {self.bins}")
        series = tuple((label, _vector(v, f"Histogram.series {label!r} values"))
                       for label, v in _pairs(self.series, 2, "Histogram.series", "label, values"))
        object.__setattr__(self, "series", series)
        object.__setattr__(self, "bins", int(self.bins))

    def _edges(self) -> np.ndarray:
        return np.histogram_bin_edges(np.concatenate([np.asarray(v) for _, v in self.series]), bins=self.bins)

    @property
    def caption(self) -> str:
        edges = self._edges()
        parts = "; ".join(f"{label}: {len(v)} values, median {float(np.median(v)):.3g}" for label, v in self.series)
        return self._with_note(f"Histogram of {self.xlabel} ({self.bins} bins from {edges[0]:.3g} to {edges[-1]:.3g}; {parts}).")

    def _draw(self, fig: Any) -> None:
        ax = fig.add_subplot()
        edges = self._edges()
        for i, (label, v) in enumerate(self.series):
            ax.hist(v, bins=edges, histtype="step", linewidth=1.5, color=f"C{i % 10}", label=f"{label} (n={len(v)})")
        ax.set_xlabel(self.xlabel)
        ax.set_ylabel("count")
        ax.set_title(_title(self.title), fontsize=10)
        ax.grid(True, alpha=0.3)
        _legend_below(ax)


@dataclass(frozen=True)
class ImageStrip(Plot):
    """A row of grayscale images with a label under each. ``images``: 2-D arrays (stored as
    tuples of rows); ``labels``: one str per image. ``shared_scale``: one gray scale for all
    images (comparable intensities) instead of one per image."""

    kind: ClassVar[str] = "image-strip"

    title: str
    images: tuple
    labels: tuple
    shared_scale: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        _text(self.title, "ImageStrip.title")
        _text(self.note, "ImageStrip.note", allow_empty=True)
        if isinstance(self.images, (str, bytes)) or not isinstance(self.images, (tuple, list)):
            raise TypeError(f"ImageStrip.images must be a tuple of 2-D arrays, got {type(self.images).__name__}")
        if not self.images:
            raise ValueError("ImageStrip.images is empty")
        if not isinstance(self.labels, (tuple, list)):
            raise TypeError(f"ImageStrip.labels must be a tuple of str, got {type(self.labels).__name__}")
        if len(self.labels) != len(self.images):
            raise ValueError(f"ImageStrip has {len(self.images)} images but {len(self.labels)} labels")
        if not isinstance(self.shared_scale, bool):
            raise TypeError("ImageStrip.shared_scale must be a bool")
        images = []
        for i, img in enumerate(self.images):
            arr = _array(img, f"ImageStrip.images[{i}]")
            if arr.ndim != 2:
                raise ValueError(f"ImageStrip.images[{i}] must be 2-D (grayscale), got shape {arr.shape}")
            images.append(tuple(tuple(float(v) for v in row) for row in arr))
        labels = tuple(_text(lab, f"ImageStrip.labels[{i}]", allow_empty=True) for i, lab in enumerate(self.labels))
        object.__setattr__(self, "images", tuple(images))
        object.__setattr__(self, "labels", labels)

    def _size(self) -> tuple[float, float]:
        return (min(1.6 * len(self.images) + 0.4, 16.0), 2.4)

    @property
    def caption(self) -> str:
        shapes = sorted({f"{len(img)}×{len(img[0])}" for img in self.images})
        scale = "one gray scale for all" if self.shared_scale else "each scaled to its own range"
        return self._with_note(f"{len(self.images)} grayscale images ({', '.join(shapes)} pixels), {scale}: "
                               + ", ".join(self.labels) + ".")

    def _draw(self, fig: Any) -> None:
        arrays = [np.asarray(img) for img in self.images]
        lo = min(float(a.min()) for a in arrays)
        hi = max(float(a.max()) for a in arrays)
        axes = fig.subplots(1, len(arrays), squeeze=False)[0]
        for ax, a, label in zip(axes, arrays, self.labels):
            vmin, vmax = (lo, hi) if self.shared_scale else (float(a.min()), float(a.max()))
            if vmax == vmin:
                vmax = vmin + 1.0
            ax.imshow(a, cmap="gray", vmin=vmin, vmax=vmax, interpolation="nearest")
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_xlabel(label, fontsize=8)
        fig.suptitle(_title(self.title), fontsize=10)


# -- tables -----------------------------------------------------------------------------------

def cell_text(value: Any, digits: int = 6) -> str:
    """A table cell as text: floats to ``digits`` significant digits, None as —, booleans yes/no."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}g}"
    return str(value)


def format_cell(value: Any) -> str:
    """A table cell as Markdown: :func:`cell_text` with '|' escaped and newlines as spaces."""
    return cell_text(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(columns: Any, rows: Any) -> list[str]:
    """The lines of a Markdown table (works on a Table's fields and on their JSON form)."""
    lines = ["| " + " | ".join(format_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(format_cell(v) for v in row) + " |" for row in rows]
    return lines


def _cell(value: Any, where: str) -> Any:
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        x = float(value)
        if math.isnan(x):
            raise ValueError(f"{where} is NaN: write what it stands for (a str) or None")
        return x
    raise TypeError(f"{where} must be a str, int, float, bool or None, got {type(value).__name__} (convert it with str())")


@dataclass(frozen=True)
class Table:
    """A table shown in the report as Markdown (not a PNG). ``columns``: header strings;
    ``rows``: tuples of cells (str, int, float, bool or None), each as long as ``columns``."""

    kind: ClassVar[str] = "table"

    title: str
    columns: tuple
    rows: tuple
    note: str = ""

    def __post_init__(self) -> None:
        _text(self.title, "Table.title")
        _text(self.note, "Table.note", allow_empty=True)
        if isinstance(self.columns, (str, bytes)) or not isinstance(self.columns, (tuple, list)):
            raise TypeError(f"Table.columns must be a tuple of str, got {type(self.columns).__name__}")
        if not self.columns:
            raise ValueError("Table.columns is empty")
        columns = tuple(_text(c, f"Table.columns[{i}]") for i, c in enumerate(self.columns))
        if isinstance(self.rows, (str, bytes)) or not isinstance(self.rows, (tuple, list)):
            raise TypeError(f"Table.rows must be a tuple of row tuples, got {type(self.rows).__name__}")
        if not self.rows:
            raise ValueError("Table.rows is empty")
        rows = []
        for i, row in enumerate(self.rows):
            if isinstance(row, (str, bytes)) or not isinstance(row, (tuple, list)):
                raise TypeError(f"Table.rows[{i}] must be a tuple of cells, got {type(row).__name__}")
            if len(row) != len(columns):
                raise ValueError(f"Table.rows[{i}] has {len(row)} cells for {len(columns)} columns")
            rows.append(tuple(_cell(v, f"Table.rows[{i}][{j}]") for j, v in enumerate(row)))
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "rows", tuple(rows))

    @property
    def caption(self) -> str:
        return f"{self.title}. {self.note.strip()}" if self.note.strip() else self.title

    def to_markdown(self) -> str:
        return "\n".join(markdown_table(self.columns, self.rows)) + "\n"


FIGURE_TYPES = (Plot, Table)
