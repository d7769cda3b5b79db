"""The report's "Errata found" table (at the top of index.md) and its index of the numbers printed in
the lecture, rendered from small synthetic results."""
import json

import sympy as sp

from verification.evidence import printed_value, symbolic_identity
from verification.lecture_numbers import coverage
from verification.model import SEEDS, Claim, Evidence, Source
from verification.report import render_markdown, results_document, write_report
from verification.runner import run_claim

SOFTMAX2 = "Softmax and Cross Entropy Loss/2"
CONV = "Convolutions and “edge detection”"


def _claim(cid, doc, location, evidence, expected, correction=None):
    return Claim(id=cid, source=Source(SEEDS[doc], location), statement="x", expected_verdict=expected,
                 checks=(lambda ctx: list(evidence),), correction=correction)


def _results():
    x = sp.Symbol("x")
    numeric = _claim("t-total", "L", f'slide "{SOFTMAX2}"', [
        printed_value("0.34", 0.342490, "−log 0.71", slide=SOFTMAX2),
        printed_value("10.2", 10.255, "0.34 + 6 + 3.91 = 10.2", slide=SOFTMAX2),
        Evidence(kind="arithmetic", compared="corrected sum 10.25", passed=True, role="correction"),
    ], "erratum", correction=r"0.34 + 6 + 3.91 = 10.25")
    symbolic = _claim("t-symbolic", "P", "§3, Eq. (9)", [
        symbolic_identity(x + 1, x, "printed identity x + 1 = x"),
        symbolic_identity(x, x, "corrected identity x = x", role="correction"),
    ], "erratum", correction=r"x = x")
    table = _claim("t-conv", "L", f'slide "{CONV}"', [
        Evidence(kind="arithmetic", compared="4×4 output", passed=True, details={"slide": CONV, "printed": ["30", "-0"]}),
        Evidence(kind="arithmetic", compared="no slide named here", passed=True, details={"printed": "4"}),
        Evidence(kind="arithmetic", compared="wrong slide", passed=True, details={"slide": "The Fisher matrix",
                                                                                 "printed": ["30"]}),
        Evidence(kind="arithmetic", compared="an excluded year", passed=True,
                 details={"slide": "Deep Learning: CS231 Stanford", "printed": ["2019"]}),
    ], "verified")
    results = [run_claim(c) for c in (numeric, symbolic, table)]
    assert [r.verdict for r in results] == ["erratum", "erratum", "verified"]
    return results


def test_errata_table_is_at_the_top():
    md = render_markdown(results_document(_results(), 0, 1.0))
    summary_line = md.index("**3 claims**")
    errata = md.index("## Errata found")
    assert summary_line < errata < md.index("## Summary") < md.index("## Claims")
    table = md[errata:md.index("## Summary")]
    assert "| claim | source location | printed | recomputed | corrected statement |" in table
    rows = [l for l in table.splitlines() if l.startswith("| [`")]
    assert len(rows) == 2  # one per failing statement evidence: 10.2 and the symbolic identity
    numeric, symbolic = rows
    assert "[`t-total`](#t-total)" in numeric and "| 10.2 | 10.255 |" in numeric
    assert "$0.34 + 6 + 3.91 = 10.25$" in numeric and SOFTMAX2 in numeric
    assert "printed identity x + 1 = x" in symbolic and "differs by $1$" in symbolic and "$x = x$" in symbolic


def test_errata_in_results_json(tmp_path):
    paths = write_report(_results(), tmp_path, seed=0, total_seconds=1.0)
    doc = json.loads(paths["json"].read_text())
    assert {"schema_version", "seed", "versions", "timings", "summary", "claims"} <= set(doc)  # schema kept
    rows = doc["errata"]
    assert [(r["claim"], r["printed"], r["recomputed"]) for r in rows][0] == ("t-total", "10.2", "10.255")
    assert rows[1]["printed"] == "printed identity x + 1 = x" and rows[1]["recomputed_latex"] == "1"
    index = doc["lecture_numbers"]
    assert set(index) == {"counts", "slides", "unmatched"}
    assert index["counts"]["parsed"] == index["counts"]["covered"] + index["counts"]["uncovered"] + index["counts"]["excluded"]


def test_index_of_printed_lecture_numbers():
    results = _results()
    md = render_markdown(results_document(results, 0, 1.0))
    start = md.index("## Index of printed lecture numbers")
    assert md.index("## Claims") < start
    index = md[start:]
    cov = coverage(results)
    assert (f"**{len(cov.covered)} checked / {len(cov.numbers)} parsed / {len(cov.excluded)} excluded**"
            in index)
    assert "(#index-of-printed-lecture-numbers)" in md[:md.index("## Summary")]  # linked from the top
    # slides in slide order
    assert index.index("### Ingredients for Deep Learning") < index.index(f"### {CONV}") < index.index(f"### {SOFTMAX2}")
    softmax2 = index[index.index(f"### {SOFTMAX2}"):index.index("### Loss and KL Divergence")]
    rows = {line.split("|")[1].strip(): line for line in softmax2.splitlines() if line.startswith("| `")}
    assert "[`t-total`](#t-total) | ❌ erratum | **fail** |" in rows["`10.2`"]
    assert "[`t-total`](#t-total) | ❌ erratum | pass |" in rows["`0.34`"]
    assert rows["`3.91`"].endswith("| — | — | **not checked** |")
    assert "L317, L327" in rows["`0.34`"]  # printed twice on the slide: one row
    conv = index[index.index(f"### {CONV}"):index.index("### Example of Deep Learning")]
    assert "`-0` | L196 | [`t-conv`](#t-conv) | ✅ verified | pass |" in conv
    # excluded numbers with their reasons, and evidence naming a number its slide does not print
    excluded = index[index.index("### Printed numbers that are not checkable quantities"):]
    assert "| Deep Learning: CS231 Stanford | `2019` | L20 | year of an offering" in excluded
    assert "course page header) | [`t-conv`](#t-conv) |" in excluded  # named by evidence, still excluded
    assert "| Deep Learning: CS231 Stanford | `2018` | L20 |" in excluded and "header) | — |" in excluded
    assert "`2019`" not in index[:index.index("### Printed numbers that are not checkable")]
    assert "| [`t-conv`](#t-conv) | The Fisher matrix | `30` | wrong slide |" in index


def test_no_lecture_index_without_lecture_claims():
    x = sp.Symbol("x")
    paper = _claim("t-paper", "P", "§2", [symbolic_identity(x, x, "x = x")], "verified")
    doc = results_document([run_claim(paper)], 0, 1.0)
    md = render_markdown(doc)
    assert "Index of printed lecture numbers" not in md and "lecture_numbers" not in doc
    assert "## Errata found" not in md and doc["errata"] == []
