"""The report's "Errata found" table (at the top of index.md) and its index of the numbers printed in
the lecture, rendered from small synthetic results."""
import json

import sympy as sp

from verification.evidence import printed_value, symbolic_identity
from verification.lecture_numbers import coverage
from verification.model import SEEDS, Claim, Evidence, Finding, Source
from verification.report import render_lecture_numbers, render_markdown, results_document, write_report
from verification.runner import run_claim

SOFTMAX2 = "Softmax and Cross Entropy Loss/2"
CONV = "Convolutions and “edge detection”"


def _claim(cid, doc, location, evidence, expected, correction=None, finding=None, depends_on=()):
    return Claim(id=cid, source=Source(SEEDS[doc], location), statement="x", expected_verdict=expected,
                 checks=(lambda ctx: list(evidence),), correction=correction, finding=finding, depends_on=depends_on)


def _results():
    x = sp.Symbol("x")
    numeric = _claim("t-total", "L", f'slide "{SOFTMAX2}"', [
        printed_value("0.34", 0.342490, "−log 0.71", slide=SOFTMAX2),
        printed_value("10.2", 10.255, "0.34 + 6 + 3.91 = 10.2", slide=SOFTMAX2),
        printed_value("3.9", 3.912, "−log 0.02", slide=SOFTMAX2),
        Evidence(kind="arithmetic", compared="corrected sum 10.25", passed=True, role="correction"),
    ], "erratum", correction=r"0.34 + 6 + 3.91 = 10.25",
        finding=Finding("0.34 + 6 + 3.91 = 10.2", "0.34 + 6.21 + 3.91 = 10.47", consequence=3,
                        alternatives=("with the slide's own rounded terms, 0.34 + 6 + 3.91 = 10.25",)))
    symbolic = _claim("t-symbolic", "P", "§3, Eq. (9)", [
        symbolic_identity(x + 1, x, "printed identity x + 1 = x"),
        symbolic_identity((x + 1)**2 - 2*x - 1, x**2, "corrected identity x = x", role="correction"),
    ], "erratum", correction=r"x = x", finding=Finding("x + 1 = x", "x = x", downstream="Eq. (10) rests on it",
                                                       consequence=1), depends_on=("t-conv",))
    table = _claim("t-conv", "L", f'slide "{CONV}"', [
        Evidence(kind="arithmetic", compared="4×4 output", passed=True, details={"slide": CONV, "printed": ["30", "-0"]}),
        Evidence(kind="arithmetic", compared="no slide named here", passed=True, details={"printed": "4"}),
        Evidence(kind="arithmetic", compared="wrong slide", passed=True, details={"slide": "The Fisher matrix",
                                                                                 "printed": ["30"]}),
        Evidence(kind="arithmetic", compared="an excluded year", passed=True,
                 details={"slide": "Deep Learning: CS231 Stanford", "printed": ["2019"]}),
        Evidence(kind="arithmetic", compared="a stronger reading", passed=False, role="remark"),
    ], "verified")
    results = [run_claim(c) for c in (numeric, symbolic, table)]
    assert [r.verdict for r in results] == ["erratum", "erratum", "verified"]  # a failing remark decides nothing
    return results


def test_the_report_leads_with_findings():
    md = render_markdown(results_document(_results(), 0, 1.0))
    head = md.index("**Of 3 claims checked in 2 documents, 2 are errata, 1 hold as written.**")
    order = [md.index(h) for h in ("## Per document", "## Errata", "## All claims", "## Regression guard")]
    assert head < order[0] and order == sorted(order)
    assert "at their expected verdict" not in md[:order[-1]]  # agreement with expected verdicts is not the headline
    per_doc = md[order[0]:order[1]]
    assert "| “The Geometry of Deep Learning. Lecture 2: Deep Learning” | lecture | 2 | 1 | 0 | 1 | 0 |" in per_doc
    assert "R. Fioresi, P. Chaudhari, S. Soatto, “A Geometric Interpretation" in per_doc
    errata = md[order[1]:order[2]]
    rows = [line for line in errata.splitlines() if line.startswith("| [`")]
    # one row per claim (t-total has two failing checks), the most consequential first
    assert [r.split("`")[1] for r in rows] == ["t-symbolic", "t-total"]
    assert "| x + 1 = x | x = x | Eq. (10) rests on it |" in rows[0]
    assert "10.47 Alternatives: with the slide's own rounded terms" in rows[1]  # alternatives: one row
    assert "(claims/t-total.md)" in rows[1] and "$" not in errata


def test_each_claim_has_its_page(tmp_path):
    paths = write_report(_results(), tmp_path, seed=0, total_seconds=1.0)
    pages = sorted(p.name for p in (tmp_path / "claims").iterdir())
    assert pages == ["t-conv.md", "t-symbolic.md", "t-total.md"]
    page = (tmp_path / "claims" / "t-symbolic.md").read_text()
    assert "**Builds on:** [`t-conv`](t-conv.md) (verified)" in page
    assert "| 1 | statement | symbolic | printed identity x + 1 = x |" in page
    assert "**Downstream:** Eq. (10) rests on it" in page
    conv = (tmp_path / "claims" / "t-conv.md").read_text()
    assert "| 5 | remark | arithmetic | a stronger reading |" in conv
    # a later, smaller run removes the pages of claims it did not run
    write_report(_results()[:1], tmp_path, seed=0, total_seconds=1.0)
    assert sorted(p.name for p in (tmp_path / "claims").iterdir()) == ["t-total.md"]
    assert paths["markdown"].read_text().count("claims/t-total.md") >= 2


def test_errata_in_results_json(tmp_path):
    paths = write_report(_results(), tmp_path, seed=0, total_seconds=1.0)
    doc = json.loads(paths["json"].read_text())
    assert {"schema_version", "seed", "versions", "timings", "summary", "claims", "documents", "caveats"} <= set(doc)
    rows = doc["errata"]
    assert [(r["claim"], r["consequence"]) for r in rows] == [("t-symbolic", 1), ("t-total", 3)]
    assert rows[1]["alternatives"] == ["with the slide's own rounded terms, 0.34 + 6 + 3.91 = 10.25"]
    assert doc["caveats"] == []
    index = doc["lecture_numbers"]
    assert set(index) == {"counts", "slides", "unmatched"}
    assert index["counts"]["parsed"] == index["counts"]["covered"] + index["counts"]["uncovered"] + index["counts"]["excluded"]


def test_a_derivation_is_one_finding(monkeypatch):
    from verification import registry
    from verification.model import Derivation

    chain = Derivation("t-chain", "A test chain", "x = x derived", ("t-conv", "t-symbolic", "t-missing"), "one step fails")
    monkeypatch.setattr(registry, "all_derivations", lambda: (chain,))
    doc = results_document(_results(), 0, 1.0)
    (d,) = doc["derivations"]
    assert [(s["claim"], s["verdict"]) for s in d["steps"]] == [("t-conv", "verified"), ("t-symbolic", "erratum"),
                                                               ("t-missing", None)]
    assert d["verdicts"]["erratum"] == 1 and doc["claims"][1]["derivation"] == "t-chain"
    md = render_markdown(doc)
    block = md[md.index("## Derivations"):md.index("## Errata")]
    assert "### A test chain" in block and "| 2 | [`t-symbolic`](claims/t-symbolic.md) | ❌ erratum | x + 1 = x → x = x |" in block
    assert "| 3 | `t-missing` | not run | — |" in block
    assert "(a step of a derivation above)" in md[md.index("## Errata"):]


def test_index_of_printed_lecture_numbers():
    results = _results()
    md = render_markdown(results_document(results, 0, 1.0))
    assert "[the index by slide](lecture-numbers.md)" in md
    page = render_lecture_numbers(results_document(results, 0, 1.0))
    start = page.index("## Index of printed lecture numbers")
    index = page[start:]
    cov = coverage(results)
    assert (f"**{len(cov.covered)} checked / {len(cov.numbers)} parsed / {len(cov.excluded)} excluded**"
            in index)
    # slides in slide order
    assert index.index("### Ingredients for Deep Learning") < index.index(f"### {CONV}") < index.index(f"### {SOFTMAX2}")
    softmax2 = index[index.index(f"### {SOFTMAX2}"):index.index("### Loss and KL Divergence")]
    rows = {line.split("|")[1].strip(): line for line in softmax2.splitlines() if line.startswith("| `")}
    assert "[`t-total`](claims/t-total.md) | ❌ erratum | **fail** |" in rows["`10.2`"]
    assert "[`t-total`](claims/t-total.md) | ❌ erratum | pass |" in rows["`0.34`"]
    assert rows["`3.91`"].endswith("| — | — | **not checked** |")
    assert "L317, L327" in rows["`0.34`"]  # printed twice on the slide: one row
    conv = index[index.index(f"### {CONV}"):index.index("### Example of Deep Learning")]
    assert "`-0` | L196 | [`t-conv`](claims/t-conv.md) | ✅ verified | pass |" in conv
    # excluded numbers with their reasons, and evidence naming a number its slide does not print
    excluded = index[index.index("### Printed numbers that are not checkable quantities"):]
    assert "| Deep Learning: CS231 Stanford | `2019` | L20 | year of an offering" in excluded
    assert "course page header) | [`t-conv`](claims/t-conv.md) |" in excluded  # named by evidence, still excluded
    assert "| Deep Learning: CS231 Stanford | `2018` | L20 |" in excluded and "header) | — |" in excluded
    assert "`2019`" not in index[:index.index("### Printed numbers that are not checkable")]
    assert "| [`t-conv`](claims/t-conv.md) | The Fisher matrix | `30` | wrong slide |" in index


def test_no_lecture_index_without_lecture_claims():
    x = sp.Symbol("x")
    paper = _claim("t-paper", "P", "§2", [symbolic_identity(x, x, "x = x")], "verified")
    doc = results_document([run_claim(paper)], 0, 1.0)
    md = render_markdown(doc)
    assert "Index of printed lecture numbers" not in md and "lecture_numbers" not in doc
    assert "## Errata" not in md and doc["errata"] == []
