"""Figures and tables of the verification report: data validation, PNG rendering, report files."""
import dataclasses
import json

import numpy as np
import pytest

from geomath.numeric import power_law_fit as fit_power_law
from verification.figures import (
    Histogram,
    ImageStrip,
    LinePlot,
    LogLogFit,
    SpectrumPlot,
    Table,
)
from verification.model import SEEDS, Claim, Evidence, Source
from verification.report import render_markdown, results_document, write_report
from verification.runner import run_claim

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def spectrum():
    s_f = [1.0, 0.3, 1e-2, 1e-4, 0.0, 0.0]  # two exact zeros: drawn at the floor, not dropped
    s_g = np.array([5.0, 2.0, 1.0, 1e-15])
    return SpectrumPlot("spectra of F and G", series=(("F", s_f), ("G", s_g)), tolerances=(1e-12, 1e-11))


def loglog():
    xs = np.array([1e-3, 2e-3, 4e-3, 8e-3])
    ys = 2 * xs**3
    slope, intercept = fit_power_law(xs, ys)
    return LogLogFit("remainder", "eps", "|R(eps)|", series=(("R", xs, ys, slope, intercept),), reference_slope=3)


def histogram():
    rng = np.random.default_rng(0)
    return Histogram("defects", "log10 defect", series=(("a", rng.normal(-14, 1, 200)), ("b", [-8.0, -7.5])), bins=10)


def strip():
    return ImageStrip("digits", images=(np.eye(4), np.ones((4, 4)), [[0, 1], [1, 0]]), labels=("I", "1", "x"))


def lines():
    t = np.linspace(0, 1, 20)
    return LinePlot("trajectories", "u1", "u2", series=(("GD", t, t**2), ("RGD", t, t**2 + 0.01)),
                    markers=True, hlines=(("level", 0.5),))


PLOTS = {"spectrum": spectrum, "loglog": loglog, "histogram": histogram, "strip": strip, "lines": lines}


@pytest.mark.parametrize("make", PLOTS.values(), ids=PLOTS.keys())
def test_plot_renders_a_readable_png(make, tmp_path):
    import matplotlib.image

    fig = make()
    path = fig.render(tmp_path / "sub" / "f.png")
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    img = matplotlib.image.imread(path)
    assert img.ndim == 3 and img.shape[0] > 100 and img.shape[1] > 100
    assert b"Software" not in data  # no matplotlib version text in the file
    assert fig.caption and fig.kind


def test_png_is_deterministic():
    a, b = spectrum(), spectrum()
    assert a == b and a.png_bytes() == b.png_bytes()
    assert loglog().png_bytes() == loglog().png_bytes()


def test_spectrum_data_and_caption():
    s = spectrum()
    assert s.series[0][1] == (1.0, 0.3, 1e-2, 1e-4, 0.0, 0.0)  # stored as floats, descending
    assert s.ranks == (4, 3)  # singular values above each tolerance
    assert s.floor < 1e-15 / 10
    assert "2 singular values are exactly 0" in s.caption and "floor" in s.caption
    deep = SpectrumPlot("t", (("A", [1.0, 1e-3, 1e-200]),), (1e-10,))  # the axis keeps the range that decides
    assert deep.floor == 1e-15 and "1 is positive but below the floor" in deep.caption
    assert "rank 4 of 6" in s.caption
    unsorted = SpectrumPlot("t", (("A", [0.1, 3.0, 1.0]),), (1e-3,), ranks=(2,))
    assert unsorted.series[0][1] == (3.0, 1.0, 0.1) and unsorted.ranks == (2,)
    assert "exactly 0" not in unsorted.caption


def test_power_law_fit():
    slope, intercept = fit_power_law([1, 10, 100], [3, 3000, 3e6])
    assert slope == pytest.approx(3) and intercept == pytest.approx(np.log10(3))


def test_table_markdown():
    t = Table("ranks", ("matrix", "rank", "tol"), (("F|G", 9, 1e-12), ("G", np.int64(2), None)))
    md = t.to_markdown().splitlines()
    assert md[0] == "| matrix | rank | tol |" and md[1] == "|---|---|---|"
    assert md[2] == "| F\\|G | 9 | 1e-12 |" and md[3] == "| G | 2 | — |"


@pytest.mark.parametrize(
    "build, error, match",
    [
        (lambda: SpectrumPlot("t", (), (1e-3,)), ValueError, "empty"),
        (lambda: SpectrumPlot("t", (("A", []),), (1e-3,)), ValueError, "empty"),
        (lambda: SpectrumPlot("t", (("A", [1.0, float("nan")]),), (1e-3,)), ValueError, "finite"),
        (lambda: SpectrumPlot("t", (("A", [1.0, -1.0]),), (1e-3,)), ValueError, ">= 0"),
        (lambda: SpectrumPlot("t", (("A", [1.0]),), (0.0,)), ValueError, "> 0"),
        (lambda: SpectrumPlot("t", (("A", [1.0]),), (1e-3, 1e-3)), ValueError, "one per series"),
        (lambda: SpectrumPlot("t", (("A", [1.0]),), 1e-3), TypeError, "tuple"),
        (lambda: SpectrumPlot("t", (("A", [1.0]),), (1e-3,), ranks=(2,)), ValueError, "outside"),
        (lambda: SpectrumPlot("t", (("A", [1.0]), ("A", [2.0])), (1e-3, 1e-3)), ValueError, "distinct"),
        (lambda: SpectrumPlot("t", (("A", "1 2 3"),), (1e-3,)), TypeError, "numbers"),
        (lambda: SpectrumPlot("t", (("A", [[1.0, 2.0]]),), (1e-3,)), ValueError, "one-dimensional"),
        (lambda: SpectrumPlot("", (("A", [1.0]),), (1e-3,)), ValueError, "title"),
        (lambda: LogLogFit("t", "x", "y", (("R", [1, 2], [1, 2, 3], 1, 0),)), ValueError, "2 xs but 3 ys"),
        (lambda: LogLogFit("t", "x", "y", (("R", [1, 2], [1, 0], 1, 0),)), ValueError, "> 0"),
        (lambda: LogLogFit("t", "x", "y", (("R", [1, 2], [1, 2], float("inf"), 0),)), ValueError, "finite"),
        (lambda: LogLogFit("t", "x", "y", (("R", [1, 2], [1, 2]),)), TypeError, "5 items"),
        (lambda: fit_power_law([1, 1], [2, 3]), ValueError, "distinct"),
        (lambda: Histogram("t", "x", (("a", [1.0, float("inf")]),)), ValueError, "finite"),
        (lambda: LinePlot("t", "x", "y", (("a", [1.0, 2.0], [1.0]),)), ValueError, "xs but"),
        (lambda: LinePlot("t", "x", "y", (("a", [0.0, 2.0], [1.0, 2.0]),), logx=True), ValueError, "log axis"),
        (lambda: LinePlot("t", "x", "y", (("a", [1.0, 2.0], [1.0, 2.0]),), logy=1), TypeError, "bool"),
        (lambda: Histogram("t", "x", (("a", [1.0]),), bins=0), ValueError, "bins"),
        (lambda: Histogram("t", "x", (("a", [1.0]),), bins=2.5), TypeError, "bins"),
        (lambda: ImageStrip("t", (np.ones(3),), ("a",)), ValueError, "2-D"),
        (lambda: ImageStrip("t", (np.ones((2, 2)),), ("a", "b")), ValueError, "labels"),
        (lambda: ImageStrip("t", (), ()), ValueError, "empty"),
        (lambda: Table("t", ("a", "b"), ((1,),)), ValueError, "1 cells for 2 columns"),
        (lambda: Table("t", ("a",), ((float("nan"),),)), ValueError, "NaN"),
        (lambda: Table("t", ("a",), ((object(),),)), TypeError, "str"),
        (lambda: Table("t", ("a",), ()), ValueError, "empty"),
    ],
)
def test_bad_input(build, error, match):
    with pytest.raises(error, match=match):
        build()


def test_evidence_figures_field():
    e = Evidence(kind="numeric", compared="x", passed=True)
    assert e.figures == ()
    e = Evidence(kind="numeric", compared="x", passed=True, figures=[spectrum()])
    assert isinstance(e.figures, tuple) and len(e.figures) == 1
    with pytest.raises(TypeError, match="wrap a single figure"):
        Evidence(kind="numeric", compared="x", passed=True, figures=spectrum())
    with pytest.raises(TypeError, match=r"figures\[0\]"):
        Evidence(kind="numeric", compared="x", passed=True, figures=("a plot",))


def _claim(cid, *checks):
    return Claim(id=cid, source=Source(SEEDS["P"], "§2"), statement="x", expected_verdict="verified", checks=checks)


def _with_figures(ctx):
    table = Table("ranks", ("matrix", "rank"), (("F", 4), ("G", 3)), note="at the tolerances of the figure")
    yield Evidence(kind="numeric", compared="rank F", passed=True, figures=(spectrum(), table))
    yield Evidence(kind="numeric", compared="no figures", passed=True)
    yield dataclasses.replace(Evidence(kind="numeric", compared="remainder", passed=True), figures=(loglog(),))


def test_report_writes_and_links_figures(tmp_path):
    fig_dir = tmp_path / "figures"
    fig_dir.mkdir()
    (fig_dir / "old-claim-1.png").write_bytes(b"stale")
    (fig_dir / "fig-9.png").write_bytes(b"stale")
    (fig_dir / "keep.txt").write_text("not a PNG: left alone")

    results = [run_claim(_claim("fig", _with_figures)), run_claim(_claim("plain", lambda ctx: Evidence(kind="numeric", compared="x", passed=True)))]
    assert results[0].verdict == "verified", results[0].error
    paths = write_report(results, tmp_path, seed=0, total_seconds=0.5)

    assert sorted(p.name for p in fig_dir.iterdir()) == ["fig-1.png", "fig-2.png", "keep.txt"]
    md = paths["markdown"].read_text(encoding="utf-8")
    # the figures are on the claim's own page, under its evidence table, linked up to the report's folder
    section = (tmp_path / "claims" / "fig.md").read_text(encoding="utf-8")
    assert "](../figures/fig-1.png)" in section and "](../figures/fig-2.png)" in section
    for ref in ("figures/fig-1.png", "figures/fig-2.png"):
        assert (tmp_path / ref).read_bytes().startswith(PNG_SIGNATURE)
    assert "| matrix | rank |" in section and "| F | 4 |" in section
    assert section.index("| role | kind |") < section.index("](../figures/fig-1.png)") \
        < section.index("| matrix | rank |") < section.index("](../figures/fig-2.png)")
    assert "figures/" not in md  # index.md holds the findings; the figures live with their claims

    doc = json.loads(paths["json"].read_text(encoding="utf-8"))
    ev = doc["claims"][0]["evidence"]
    assert [f["kind"] for f in ev[0]["figures"]] == ["spectrum", "table"]
    assert ev[0]["figures"][0]["file"] == "figures/fig-1.png" and "exactly 0" in ev[0]["figures"][0]["caption"]
    assert ev[0]["figures"][1]["columns"] == ["matrix", "rank"] and ev[0]["figures"][1]["rows"] == [["F", 4], ["G", 3]]
    assert ev[1]["figures"] == [] and ev[2]["figures"][0]["file"] == "figures/fig-2.png"
    assert ev[2]["figures"][0]["kind"] == "loglog-fit" and ev[2]["figures"][0]["title"] == "remainder"
    assert render_markdown(doc) == md  # the document alone renders index.md

    # same data: same bytes and same index; the files are not even rewritten
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in fig_dir.glob("*.png")}
    write_report(results, tmp_path, seed=0, total_seconds=9.0)
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in fig_dir.glob("*.png")} == before
    assert paths["markdown"].read_text(encoding="utf-8") == md

    # a run without figures removes them all
    write_report(results[1:], tmp_path, seed=0, total_seconds=0.1)
    assert not list(fig_dir.glob("*.png")) and (fig_dir / "keep.txt").exists()


def test_markdown_without_figures_unchanged_and_render_error_reported(tmp_path):
    results = [run_claim(_claim("plain", lambda ctx: Evidence(kind="numeric", compared="x", passed=True)))]
    md = render_markdown(results_document(results, 0, 1.0))
    assert "![" not in md and "Figure" not in md
    write_report(results, tmp_path, seed=0, total_seconds=0.1)
    assert not (tmp_path / "figures").exists()

    bad = SpectrumPlot(r"bad mathtext $\frac{$", (("A", [1.0]),), (1e-3,))
    results = [run_claim(_claim("bad", lambda ctx: Evidence(kind="numeric", compared="x", passed=True, figures=(bad,))))]
    paths = write_report(results, tmp_path, seed=0, total_seconds=0.1)
    rec = json.loads(paths["json"].read_text())["claims"][0]["evidence"][0]["figures"][0]
    assert rec["file"] is None and rec["error"]
    assert "figure not rendered" in (tmp_path / "claims" / "bad.md").read_text(encoding="utf-8")
