"""The verdict policy (docs/verdicts.md) as the code applies it: the roles decide the verdict, every
claim states the reading it decides and why, findings are readable, derivations are chains of claims,
and the committed report leads with what was found."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from verification.model import DOCUMENTS, Evidence, decide_verdict, document
from verification.registry import all_claims, all_derivations
from verification.sources import find_reading

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = all_claims()
BY_ID = {c.id: c for c in CLAIMS}


def _ev(role, passed):
    return Evidence(kind="arithmetic", compared=f"{role} {passed}", passed=passed, role=role)


@pytest.mark.parametrize("evidence, verdict", [
    ([_ev("statement", True), _ev("remark", False)], "verified"),  # a stronger reading decides nothing
    ([_ev("statement", True), _ev("caveat", False)], "verified-with-caveat"),
    ([_ev("statement", True), _ev("caveat", False), _ev("correction", True)], "verified-with-caveat"),
    ([_ev("statement", False), _ev("correction", True)], "erratum"),
    ([_ev("statement", False), _ev("caveat", False), _ev("correction", True)], "erratum"),
    ([_ev("statement", False)], "inconclusive"),  # an erratum needs its verified correction
    ([_ev("remark", False), _ev("correction", True)], "inconclusive"),  # no statement check: nothing decided
])
def test_the_roles_decide_the_verdict(evidence, verdict):
    assert decide_verdict(evidence) == verdict


def test_a_caveat_or_remark_check_never_makes_an_erratum():
    for role in ("caveat", "remark"):
        assert decide_verdict([_ev("statement", True), _ev(role, False), _ev("correction", True)]) != "erratum"


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_every_claim_states_its_reading_and_why(claim):
    assert claim.reading.strip() and claim.rationale.strip(), "a claim needs `reading` and `rationale`"
    place = find_reading(claim.source.document, claim.reading)  # the document's own words, not retyped
    assert place.first_line >= 1
    if claim.expected_verdict in ("erratum", "verified-with-caveat"):
        f = claim.finding
        assert f is not None and f.printed.strip() and f.corrected.strip()
        for text in (f.printed, f.corrected, f.downstream, *f.alternatives):  # readable text, no LaTeX source
            assert not re.search(r"\\[A-Za-z]+", text), text
    if claim.expected_verdict == "erratum":
        assert claim.finding.downstream.strip(), "an erratum says what it breaks downstream"
    for dep in claim.depends_on:
        assert dep in BY_ID and dep != claim.id


def test_depends_on_has_no_cycle():
    state: dict[str, int] = {}

    def visit(cid, path):
        assert state.get(cid) != 1, f"cycle: {' -> '.join(path + [cid])}"
        if state.get(cid) == 2:
            return
        state[cid] = 1
        for d in BY_ID[cid].depends_on:
            visit(d, path + [cid])
        state[cid] = 2

    for c in CLAIMS:
        visit(c.id, [])


@pytest.mark.parametrize("derivation", all_derivations(), ids=lambda d: d.id)
def test_a_derivation_is_a_chain_of_registered_claims(derivation):
    assert len(derivation.steps) == len(set(derivation.steps)) >= 2
    for k, step in enumerate(derivation.steps):
        assert step in BY_ID, step
        if k:
            assert set(BY_ID[step].depends_on) & set(derivation.steps[:k]), \
                f"{step} does not build on an earlier step of {derivation.id}"
    assert derivation.title and derivation.result and derivation.summary


def test_documents_are_named_by_title():
    assert [d.code for d in DOCUMENTS] == ["L", "P", "Y"]
    assert document("P").citation.startswith("R. Fioresi, P. Chaudhari, S. Soatto, “A Geometric Interpretation")
    with pytest.raises(ValueError, match="no source document"):
        document("Z")


def test_the_committed_report_leads_with_what_was_found():
    md = (ROOT / "reports" / "index.md").read_text(encoding="utf-8")
    assert len(md.encode("utf-8")) < 150_000
    head = md[:md.index("## Per document")]
    assert re.search(r"\*\*Of \d+ claims checked in 3 documents, \d+ are errata", head)
    assert "expected verdict" not in head  # agreement with expected verdicts is the regression guard, at the end
    order = [md.index(h) for h in ("## Per document", "## Derivations", "## Errata", "## Caveats", "## All claims",
                                   "## Regression guard")]
    assert order == sorted(order)
    chain = md[order[1]:order[2]]
    for step in all_derivations()[0].steps:
        assert f"[`{step}`](claims/{step}.md)" in chain
    errata = md[order[2]:order[3]]
    rows = [line.split("`")[1] for line in errata.splitlines() if line.startswith("| [`")]
    assert len(rows) == len(set(rows)) == sum(c.expected_verdict == "erratum" for c in CLAIMS)  # one row per claim
    for c in CLAIMS:
        assert (ROOT / "reports" / "claims" / f"{c.id}.md").is_file()
