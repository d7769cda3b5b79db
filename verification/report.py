"""The report writer: reads claim results (evidence only) and writes ``reports/``.

* ``index.md`` — renders on GitHub: the summary line, the "Errata found" table (claim, source
  location, printed, recomputed, corrected statement), the summary table, one section per claim
  with statement, source, verdict and evidence, and last the index of the numbers printed in the
  lecture, slide by slide, with the claims whose evidence checks each of them
  (:mod:`verification.lecture_numbers`). It holds no timings, so the same command with the same
  seed writes the same file.
* ``index.html`` — the same as one self-contained page (MathML, embedded figures, a summary table
  that sorts and filters; :mod:`verification.html`).
* ``results.json`` — for machines, following ``verification/results.schema.json``: a top-level list ``claims`` (id, verdict, expected_verdict,
  source, evidence, ...), the versions of Python/SymPy/torch, the seed and the timings; ``errata``
  (the rows of the errata table) and ``lecture_numbers`` (the index: counts, and per slide the
  printed numbers with their checks or the reason they are not checkable).
* ``figures/<claim-id>-<k>.png`` — the figures that evidence carries (:mod:`verification.figures`),
  k = 1, 2, ... within a claim. ``index.md`` shows them (and the evidence's tables) under the
  claim's evidence table; ``results.json`` lists them per evidence item. PNGs of the folder
  that no figure of the run wrote are removed; a file whose bytes did not change is not rewritten.
"""
from __future__ import annotations

import json
import math
import platform
import re
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

from verification import lecture_numbers
from verification.figures import Plot, Table, cell_text, markdown_table
from verification.model import DOCUMENTS, SEEDS, VERDICTS, ClaimResult, document
from verification.html import render_html
from verification.sources import find_reading, lecture_slides, line_span, locate

SCHEMA_VERSION = 2
CLAIMS_DIR = "claims"


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def versions() -> dict[str, str | None]:
    return {
        "python": platform.python_version(),
        "sympy": _version("sympy"),
        "torch": _version("torch"),
        "numpy": _version("numpy"),
        "geomath": _version("geomath"),
    }


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    try:  # sympy numbers and numpy scalars
        f = float(value)
        if f == int(f) and abs(f) < 2**53 and str(value).lstrip("-").isdigit():
            return int(f)
        return f
    except (TypeError, ValueError, OverflowError):
        return str(value)


FIGURES_DIR = "figures"


def figure_files(r: ClaimResult) -> list[list[str | None]]:
    """Per evidence item, per figure: the PNG path relative to the report directory
    (``figures/<claim-id>-<k>.png``, k counting the claim's plots from 1), None for a table."""
    stem = re.sub(r"[^A-Za-z0-9._-]", "_", r.claim.id)
    k = 0
    out = []
    for e in r.evidence:
        files: list[str | None] = []
        for f in e.figures:
            if isinstance(f, Plot):
                k += 1
                files.append(f"{FIGURES_DIR}/{stem}-{k}.png")
            else:
                files.append(None)
        out.append(files)
    return out


def figure_record(figure: Plot | Table, file: str | None) -> dict[str, Any]:
    rec: dict[str, Any] = {"kind": figure.kind, "title": figure.title, "caption": figure.caption, "note": figure.note}
    if isinstance(figure, Table):
        rec["columns"] = list(figure.columns)
        rec["rows"] = _jsonable(figure.rows)
    else:
        rec["file"] = file
    return rec


def claim_page(claim_id: str) -> str:
    """The claim's own page, relative to the report directory: ``claims/<id>.md``."""
    return f"{CLAIMS_DIR}/{re.sub(r'[^A-Za-z0-9._-]', '_', claim_id)}.md"


def _reading_record(c: Any) -> dict[str, Any] | None:
    if not c.reading:
        return None
    place = find_reading(c.source.document, c.reading)
    return {"text": c.reading, "first_line": place.first_line, "last_line": place.last_line}


def _derivation_of(claim_id: str) -> str | None:
    from verification.registry import all_derivations

    return next((d.id for d in all_derivations() if claim_id in d.steps), None)


def result_record(r: ClaimResult) -> dict[str, Any]:
    c = r.claim
    return {
        "id": c.id,
        "verdict": r.verdict,
        "expected_verdict": c.expected_verdict,
        "as_expected": r.as_expected,
        "source": {"document": c.source.document, "location": c.source.location,
                   "places": [{"label": p.label, "first_line": p.first_line, "last_line": p.last_line}
                              for p in locate(c.source.document, c.source.location)]},
        "statement": c.statement,
        "hypotheses": list(c.hypotheses),
        "kinds": list(c.kinds),
        "caveat": c.caveat,
        "remark": c.remark,
        "correction": c.correction,
        "notes": c.notes,
        "reading": _reading_record(c),
        "rationale": c.rationale or None,
        "finding": _finding_record(c),
        "depends_on": list(c.depends_on),
        "derivation": _derivation_of(c.id),
        "page": claim_page(c.id),
        "seconds": round(r.seconds, 4),
        "error": r.error,
        "evidence": [
            {
                "kind": e.kind,
                "role": e.role,
                "compared": e.compared,
                "passed": e.passed,
                "residual": _jsonable(e.residual),
                "tolerance": _jsonable(e.tolerance),
                "tolerance_reason": e.tolerance_reason,
                "details": _jsonable(dict(e.details)),
                "figures": [figure_record(f, path) for f, path in zip(e.figures, files)],
            }
            for e, files in zip(r.evidence, figure_files(r))
        ],
    }


# -- findings: errata, caveats and derivations (from result records, i.e. dicts) -------------------


def _finding_record(c: Any) -> dict[str, Any] | None:
    f = c.finding
    if f is None:
        return None
    return {"printed": f.printed, "corrected": f.corrected, "downstream": f.downstream,
            "consequence": f.consequence, "alternatives": list(f.alternatives)}


def _fallback_finding(c: dict[str, Any]) -> dict[str, Any]:
    """A claim registered without a :class:`~verification.model.Finding`: its first failing
    statement (erratum) or caveat check, and the caveat text."""
    role = "statement" if c["verdict"] == "erratum" else "caveat"
    failing = [e for e in c["evidence"] if e["role"] == role and not e["passed"]]
    printed = failing[0]["compared"] if failing else c["source"]["location"]
    corrected = c.get("caveat") if c["verdict"] != "erratum" else "see the claim's page"
    return {"printed": printed, "corrected": corrected or "see the claim's page", "downstream": "",
            "consequence": 2, "alternatives": []}


def finding_rows(claims: list[dict[str, Any]], verdict: str) -> list[dict[str, Any]]:
    """One row per claim with this verdict (``erratum`` or ``verified-with-caveat``), ordered by
    consequence (1 first), then the steps of a derivation in its order, then the rest in registry order: the claim's finding in readable text, where it
    is printed, and the derivation it is a step of, if any."""
    from verification.registry import all_derivations

    step = {s: k for d in all_derivations() for k, s in enumerate(d.steps)}
    rows = []
    for n, c in enumerate(claims):
        if c["verdict"] != verdict:
            continue
        f = c.get("finding") or _fallback_finding(c)
        rows.append({"claim": c["id"], "document": c["source"]["document"], "location": c["source"]["location"],
                     "reading": c.get("reading"), "derivation": c.get("derivation"), "page": c.get("page"),
                     **f, "_order": (f["consequence"], step.get(c["id"], len(step) + n))})
    rows.sort(key=lambda r: r.pop("_order"))
    return rows


def errata_rows(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per erratum claim (not per failing check): :func:`finding_rows` of ``erratum``."""
    return finding_rows(claims, "erratum")


def derivation_records(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The registered derivations with a step in ``claims``: title, result, summary and each step's
    verdict and finding (a step not in this run is listed with verdict None)."""
    from verification.registry import all_derivations

    by_id = {c["id"]: c for c in claims}
    out = []
    for d in all_derivations():
        if not any(s in by_id for s in d.steps):
            continue
        steps = []
        for s in d.steps:
            c = by_id.get(s)
            steps.append({"claim": s, "verdict": c["verdict"] if c else None,
                          "location": c["source"]["location"] if c else None,
                          "rationale": c.get("rationale") if c else None,
                          "finding": (c.get("finding") or (_fallback_finding(c) if c["verdict"] in ("erratum", "verified-with-caveat") else None)) if c else None})
        verdicts = Counter(st["verdict"] for st in steps if st["verdict"])
        out.append({"id": d.id, "title": d.title, "result": d.result, "summary": d.summary,
                    "document": by_id[next(s for s in d.steps if s in by_id)]["source"]["document"],
                    "steps": steps, "verdicts": {v: verdicts.get(v, 0) for v in VERDICTS}})
    return out


def document_summary(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per source document with claims in this run: its record and the count of each verdict."""
    out = []
    for d in DOCUMENTS:
        mine = [c for c in claims if c["source"]["document"] == d.file]
        if mine:
            counts = Counter(c["verdict"] for c in mine)
            out.append({"code": d.code, "file": d.file, "title": d.title, "short_title": d.name, "kind": d.kind,
                        "authors": list(d.authors), "citation": d.citation, "reference": d.reference, "claims": len(mine),
                        "verdicts": {v: counts.get(v, 0) for v in VERDICTS}})
    return out


def _groups(items, key) -> list[tuple[Any, list]]:
    out: dict[Any, list] = {}
    for it in items:
        out.setdefault(key(it), []).append(it)
    return list(out.items())


def lecture_number_index(claims: list[dict[str, Any]]) -> dict[str, Any]:
    """The index of the numbers printed in the lecture (see :mod:`verification.lecture_numbers`),
    from result records: counts, then per slide (in slide order) each distinct number as printed
    with its lines and the evidence that checks it, and the numbers excluded with their reasons."""
    cov = lecture_numbers.coverage(claims)
    checks_of = {id(n): checks for n, checks in cov.covered}
    reason_of = {id(n): ex.reason for n, ex in cov.excluded}
    named_by = {id(n): sorted({ch.claim for ch in checks}) for n, checks in cov.excluded_named}
    slides = []
    for slide in lecture_slides():
        numbers = [n for n in cov.numbers if n.slide == slide.title]
        if not numbers:
            continue
        listed = [n for n in numbers if id(n) not in reason_of]
        rows = []
        for (text, _), group in _groups(listed, lambda n: (lecture_numbers.normalise(n.text), id(n) in checks_of)):
            checks = checks_of.get(id(group[0]), ())
            by_claim = []
            for claim_id, cs in _groups(checks, lambda ch: ch.claim):
                by_claim.append({"claim": claim_id, "verdict": cs[0].verdict,
                                 "evidence passed": sum(ch.passed for ch in cs),
                                 "evidence failed": sum(not ch.passed for ch in cs)})
            rows.append({"printed": group[0].text, "lines": sorted({n.line for n in group}),
                         "occurrences": len(group), "context": group[0].context, "checked_by": by_claim})
        excluded = [{"printed": g[0].text, "lines": sorted({n.line for n in g}), "occurrences": len(g),
                     "reason": reason, "named_by": sorted({c for n in g for c in named_by.get(id(n), ())})}
                    for (text, reason), g in _groups([n for n in numbers if id(n) in reason_of],
                                                     lambda n: (n.text, reason_of[id(n)]))]
        slides.append({"slide": slide.title, "line": slide.first_line, "numbers": rows, "excluded": excluded})
    return {
        "counts": {"parsed": len(cov.numbers), "covered": len(cov.covered), "uncovered": len(cov.uncovered),
                   "excluded": len(cov.excluded)},
        "slides": slides,
        "unmatched": [{"claim": ch.claim, "slide": ch.slide, "printed": ch.printed, "compared": ch.compared}
                      for ch in cov.unmatched],
    }


def _has_lecture_claims(claims: list[dict[str, Any]]) -> bool:
    return any(c["source"]["document"] == SEEDS["L"] for c in claims)


def results_document(results: Iterable[ClaimResult], seed: int, total_seconds: float) -> dict[str, Any]:
    results = list(results)
    counts = Counter(r.verdict for r in results)
    records = [result_record(r) for r in results]
    doc = {
        "schema_version": SCHEMA_VERSION,
        "generated_by": "geomath verify",
        "seed": seed,
        "versions": versions(),
        "timings": {"total_seconds": round(total_seconds, 3), "per_claim_seconds": {r.claim.id: round(r.seconds, 4) for r in results}},
        "summary": {
            "claims": len(results),
            "as_expected": sum(r.as_expected for r in results),
            "verdicts": {v: counts.get(v, 0) for v in VERDICTS},
        },
        "documents": document_summary(records),
        "derivations": derivation_records(records),
        "claims": records,
        "errata": errata_rows(records),
        "caveats": finding_rows(records, "verified-with-caveat"),
    }
    if _has_lecture_claims(records):
        doc["lecture_numbers"] = lecture_number_index(records)
    return doc


# -- Markdown ---------------------------------------------------------------------------------

_BADGE = {
    "verified": "✅ verified",
    "verified-with-caveat": "⚠️ verified-with-caveat",
    "erratum": "❌ erratum",
    "inconclusive": "❔ inconclusive",
}
_PLURAL = {"verified": "hold as written", "verified-with-caveat": "hold with a caveat",
           "erratum": "are errata", "inconclusive": "cannot be decided by computation"}
POLICY_PAGE = "docs/verdicts.md"  # the verdict policy, relative to the repository root


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _math_block(latex: str) -> list[str]:
    return ["", "$$", latex.strip(), "$$", ""]


def _fmt_num(x: Any) -> str:
    return _cell(cell_text(x, 3))


def _alt(text: str) -> str:
    return " ".join(text.replace("[", "(").replace("]", ")").split())


def headline(doc: dict[str, Any]) -> str:
    """What was found, in one sentence: the verdict counts over the documents, errata first."""
    s = doc["summary"]
    v = s["verdicts"]
    n_docs = len(doc.get("documents") or ()) or len({c["source"]["document"] for c in doc["claims"]})
    parts = [f"{v[k]} {_PLURAL[k]}" for k in ("erratum", "verified-with-caveat", "verified", "inconclusive") if v.get(k)]
    return (f"Of {s['claims']} claim{'s' if s['claims'] != 1 else ''} checked in {n_docs} document"
            f"{'s' if n_docs != 1 else ''}, " + ", ".join(parts) + ".")


def _doc_name(file: str) -> str:
    return document(file).name


def _figures_markdown(c: dict[str, Any], prefix: str = "") -> list[str]:
    """The claim's figures and tables, from the results document (paths already assigned;
    ``prefix`` leads from the page to the report directory)."""
    lines: list[str] = []
    n = 0
    for e in c["evidence"]:
        for f in e.get("figures", ()):
            if f["kind"] == "table":
                note = (f.get("note") or "").strip()
                lines += ["", f"**{_cell(f['title'])}**" + (f" — {_cell(note)}" if note else ""), ""]
                lines += markdown_table(f["columns"], f["rows"])
                continue
            n += 1
            if f.get("file"):
                lines += ["", f"![{_alt(f['caption'])}]({prefix}{f['file']})", ""]
            else:
                lines += ["", f"*(figure not rendered: {_cell(f.get('error', 'no file'))})*", ""]
            lines.append(f"*Figure {n}: {_cell(f['title'])}.* {_cell(f['caption'])}")
    return lines


def _finding_cells(r: dict[str, Any]) -> tuple[str, str]:
    corrected = r["corrected"]
    if r.get("alternatives"):
        corrected += " Alternatives: " + "; or ".join(r["alternatives"])
    return _cell(r["printed"]), _cell(corrected)


def _derivation_markdown(d: dict[str, Any], link) -> list[str]:
    lines = [f"### {d['title']}", "", f"*{_doc_name(d['document'])}* — {d['result']}", ""]
    if d.get("summary"):
        lines += [d["summary"], ""]
    lines += ["| step | claim | verdict | what the check found |", "|---|---|---|---|"]
    for k, st in enumerate(d["steps"], 1):
        if st["verdict"] is None:
            lines.append(f"| {k} | `{st['claim']}` | not run | — |")
            continue
        f = st.get("finding")
        found = (f"{f['printed']} → {f['corrected']}" if f else (st.get("rationale") or ""))
        lines.append(f"| {k} | [`{st['claim']}`]({link(st['claim'])}) | {_BADGE[st['verdict']]} | {_cell(found)} |")
    return lines + [""]


def render_markdown(doc: dict[str, Any]) -> str:
    """``index.md``: findings first — what was found, per document, the derivations, the errata
    (one row per claim, by consequence), the caveats, every claim, and last the suite's regression
    guard. Each claim's checks are on its own page (:func:`render_claim_page`)."""
    claims = doc["claims"]
    v = doc["versions"]
    link = lambda cid: claim_page(cid)  # noqa: E731
    lines = [
        "# geomath verification report",
        "",
        "Generated by `geomath verify` (`make verify`); do not edit by hand — regenerate it.",
        f"Seed {doc['seed']}; Python {v['python']}, SymPy {v['sympy']}, torch {v['torch']}, NumPy {v['numpy']}. "
        f"Verdicts follow the [verdict policy](../{POLICY_PAGE}).",
        "",
        f"**{headline(doc)}**",
        "",
        "## Per document",
        "",
        "| document | kind | claims | ❌ erratum | ⚠️ caveat | ✅ verified | ❔ inconclusive |",
        "|---|---|---|---|---|---|---|",
    ]
    for d in doc.get("documents") or ():
        k = d["verdicts"]
        lines.append(f"| {_cell(d['reference'])} | {d['kind']} | {d['claims']} | {k['erratum']} | "
                     f"{k['verified-with-caveat']} | {k['verified']} | {k['inconclusive']} |")
    lines.append("")
    derivations = doc.get("derivations") or []
    if derivations:
        lines += ["## Derivations", "",
                  "A chain of steps that derives one result, read as one finding: each step is a claim with its own "
                  "verdict and page.", ""]
        for d in derivations:
            lines += _derivation_markdown(d, link)
    in_chain = {st["claim"] for d in derivations for st in d["steps"]}
    for title, rows, second, intro in (
            ("Errata", doc.get("errata") or [], "corrected",
             "Each row is one claim whose statement, read in its context, is false and would mislead a reader; the "
             "corrected statement is verified on the claim's page. Most consequential first."),
            ("Caveats", doc.get("caveats") or [], "caveat",
             "Each row is one claim that holds under an assumption the document needs but does not state, or with a "
             "slip its context corrects.")):
        if not rows:
            continue
        lines += [f"## {title}", "", intro, "",
                  f"| claim | document, place | printed | {second} |" + (" downstream |" if title == "Errata" else ""),
                  "|---|---|---|---|" + ("---|" if title == "Errata" else "")]
        for r in rows:
            printed, corrected = _finding_cells(r)
            chain = " (a step of a derivation above)" if r["claim"] in in_chain else ""
            row = (f"| [`{r['claim']}`]({link(r['claim'])}) | {_cell(_doc_name(r['document']))}, {_cell(r['location'])}"
                   f"{chain} | {printed} | {corrected} |")
            if title == "Errata":
                row += f" {_cell(r.get('downstream') or '—')} |"
            lines.append(row)
        lines.append("")
    lines += ["## All claims", "",
              "| claim | document | place | verdict | why (under the policy) |", "|---|---|---|---|---|"]
    for c in claims:
        why = c.get("rationale") or ""
        lines.append(f"| [`{c['id']}`]({link(c['id'])}) | {_cell(_doc_name(c['source']['document']))} "
                     f"| {_cell(c['source']['location'])} | {_BADGE[c['verdict']]} | {_cell(why)} |")
    lines.append("")
    if _has_lecture_claims(claims):
        k = lecture_number_index(claims)["counts"]
        lines += ["## Numbers printed in the lecture", "",
                  f"{k['covered']} of {k['parsed']} checked by some claim's evidence, {k['excluded']} not checkable "
                  f"quantities (dates, references, labels), {k['uncovered']} not checked — "
                  f"[the index by slide]({LECTURE_NUMBERS_PAGE}).", ""]
    s = doc["summary"]
    off = [c for c in claims if not c["as_expected"]]
    lines += ["## Regression guard", "",
              f"Each claim records the verdict it is expected to reach (`expected_verdict`); the theorem tests fail when "
              f"a computed verdict moves. {s['as_expected']} of {s['claims']} claims are at their expected verdict."]
    if off:
        lines += ["", "| claim | verdict | expected |", "|---|---|---|"]
        lines += [f"| [`{c['id']}`]({link(c['id'])}) | {_BADGE[c['verdict']]} | {c['expected_verdict']} |" for c in off]
    return "\n".join(lines).rstrip() + "\n"


def _places_text(c: dict[str, Any]) -> str:
    """" (lines 61, 123–130)": the seed lines the source location names, if any were found."""
    spans = [line_span(p["first_line"], p["last_line"]) for p in c["source"].get("places", ())]
    return f" (line{'s' if len(spans) > 1 or '–' in ''.join(spans) else ''} {', '.join(spans)})" if spans else ""


def render_claim_page(c: dict[str, Any], doc: dict[str, Any]) -> str:
    """``claims/<id>.md``: one claim in full — source, the reading and why its verdict, statement,
    finding, every check with its tolerance, figures and details."""
    d = document(c["source"]["document"])
    by_id = {x["id"]: x for x in doc["claims"]}
    lines = [f"# `{c['id']}`", "", "[← report](../index.md)", "",
             f"**Verdict:** {_BADGE[c['verdict']]}  ",
             f"**Source:** {d.citation}, {c['source']['location']}{_places_text(c)}  "]
    if c["kinds"]:
        lines.append(f"**Check kinds:** {', '.join(c['kinds'])}  ")
    if c.get("depends_on"):
        deps = ", ".join(f"[`{x}`]({x}.md) ({by_id[x]['verdict']})" if x in by_id else f"`{x}` (not in this run)"
                         for x in c["depends_on"])
        lines.append(f"**Builds on:** {deps}  ")
    lines.append("")
    r = c.get("reading")
    if r:
        lines += [f"**The reading decided** (the document's words, line{'s' if r['first_line'] != r['last_line'] else ''} "
                  f"{line_span(r['first_line'], r['last_line'])}):", "", "> " + r["text"].replace("\n", "\n> "), ""]
    if c.get("rationale"):
        lines += [f"**Why this verdict:** {c['rationale']}", ""]
    lines += ["**Statement (as printed):**"] + _math_block(c["statement"])
    if c["hypotheses"]:
        lines += ["**Hypotheses:**", ""] + [f"- {h}" for h in c["hypotheses"]] + [""]
    f = c.get("finding")
    if f:
        lines += [f"**Printed:** {f['printed']}  ", f"**{'Corrected' if c['verdict'] == 'erratum' else 'Caveat'}:** "
                  f"{f['corrected']}  "]
        lines += [f"**Alternative:** {a}  " for a in f.get("alternatives") or ()]
        if f.get("downstream"):
            lines.append(f"**Downstream:** {f['downstream']}  ")
        lines.append("")
    if c["caveat"] and not (f and f["corrected"] == c["caveat"]):
        lines += [f"**Caveat:** {c['caveat']}", ""]
    if c.get("remark"):
        lines += [f"**Remark** (a stronger reading, or outside the document's regime; decides nothing): {c['remark']}", ""]
    if c["correction"]:
        lines += ["**Corrected statement:**"] + _math_block(c["correction"])
    if c["notes"]:
        lines += [f"*Notes:* {c['notes']}", ""]
    if c["error"]:
        lines += ["**Error while checking:**", "", "```", c["error"].strip(), "```", ""]
    lines += ["## Checks", "",
              "Role: *statement* checks decide an erratum; *caveat* checks can only make a caveat; *remark* checks "
              "(a stronger reading, or outside the document's regime) decide nothing; *correction* checks verify "
              f"the corrected statement ([verdict policy](../../{POLICY_PAGE})).", "",
              "| # | role | kind | compared | residual | tolerance | why this tolerance | result |",
              "|---|---|---|---|---|---|---|---|"]
    for n, e in enumerate(c["evidence"], 1):
        lines.append(
            f"| {n} | {e['role']} | {e['kind']} | {_cell(e['compared'])} | {_fmt_num(e['residual'])} "
            f"| {_fmt_num(e['tolerance'])} | {_cell(e['tolerance_reason'])} | {'pass' if e['passed'] else '**fail**'} |")
    lines += _figures_markdown(c, prefix="../")
    details = [(e["compared"], e["details"]) for e in c["evidence"] if e["details"]]
    if details:
        lines += ["", "## Evidence details", ""]
        for compared, dd in details:
            lines.append(f"- *{_cell(compared)}*")
            for k, val in dd.items():
                text = json.dumps(val, ensure_ascii=False) if not isinstance(val, str) else val
                if len(text) > 600:
                    text = text[:600] + " …"
                lines.append(f"  - {k}: `{text}`" if "`" not in text else f"  - {k}: {text}")
    lines += ["", f"*Expected verdict (regression guard):* {c['expected_verdict']}"
              + ("" if c["as_expected"] else " — **not reached**")]
    return "\n".join(lines).rstrip() + "\n"


LECTURE_NUMBERS_PAGE = "lecture-numbers.md"


def render_lecture_numbers(doc: dict[str, Any]) -> str:
    """``lecture-numbers.md``: the index of the numbers printed in the lecture, slide by slide."""
    index = doc.get("lecture_numbers") or lecture_number_index(doc["claims"])
    return "\n".join(["# Numbers printed in the lecture", "", "[← report](index.md)", ""]
                     + _index_markdown(index, link=claim_page)).rstrip() + "\n"


INDEX_ANCHOR = "index-of-printed-lecture-numbers"


def _evidence_cell(b: dict[str, Any]) -> str:
    ok, bad = b["evidence passed"], b["evidence failed"]
    if not bad:
        return "pass" if ok == 1 else f"pass ({ok} checks)"
    return "**fail**" if not ok else f"{ok} pass, **{bad} fail**"


def _lines_cell(lines: list[int]) -> str:
    return ", ".join(f"L{n}" for n in lines)


def _index_markdown(index: dict[str, Any], link=lambda cid: f"#{cid}") -> list[str]:
    k = index["counts"]
    out = [f'<a id="{INDEX_ANCHOR}"></a>', "", "## Index of printed lecture numbers", "",
           f"Every number printed in the lecture (*{document('L').citation}*), slide by slide, with the claims whose evidence "
           "checks it (evidence names the slide and the number as printed; a number printed several times on a "
           "slide is one row). Lines are those of the seed file. Parsing rules and exclusions: "
           "`verification/lecture_numbers.py`.", "",
           f"**{k['covered']} checked / {k['parsed']} parsed / {k['excluded']} excluded** (not checkable "
           f"quantities); {k['uncovered']} not checked.", ""]
    for s in index["slides"]:
        if not s["numbers"]:
            continue
        out += [f"### {s['slide']}", "", "| printed | line(s) | claim | verdict | evidence |", "|---|---|---|---|---|"]
        for r in s["numbers"]:
            head = f"| `{_cell(r['printed'])}` | {_lines_cell(r['lines'])}"
            if not r["checked_by"]:
                out.append(f"{head} | — | — | **not checked** |")
                continue
            for j, b in enumerate(r["checked_by"]):
                out.append(f"{head if j == 0 else '| |'} | [`{b['claim']}`]({link(b['claim'])}) | {_BADGE[b['verdict']]} "
                           f"| {_evidence_cell(b)} |")
        out.append("")
    excluded = [(s["slide"], e) for s in index["slides"] for e in s["excluded"]]
    if excluded:
        out += ["### Printed numbers that are not checkable quantities", "",
                "Not counted as checked, even where some evidence names them (last column).", "",
                "| slide | printed | line(s) | reason | named in evidence of |", "|---|---|---|---|---|"]
        out += [f"| {_cell(slide)} | `{_cell(e['printed'])}` | {_lines_cell(e['lines'])} | {_cell(e['reason'])} | "
                + (", ".join(f"[`{c}`]({link(c)})" for c in e["named_by"]) or "—") + " |"
                for slide, e in excluded]
        out.append("")
    if index["unmatched"]:
        out += ["### Evidence naming a number the lecture does not print on that slide", "",
                "| claim | slide | printed | compared |", "|---|---|---|---|"]
        out += [f"| [`{u['claim']}`]({link(u['claim'])}) | {_cell(u['slide'])} | `{_cell(u['printed'])}` | {_cell(u['compared'])} |"
                for u in index["unmatched"]]
        out.append("")
    return out


# -- the claim table of README.md ------------------------------------------------------------------

README_BEGIN = "<!-- geomath:claims:begin (generated by `geomath verify --readme README.md`; do not edit) -->"
README_END = "<!-- geomath:claims:end -->"


def readme_claim_table(doc: dict[str, Any]) -> str:
    """The README's generated section: what was found (:func:`headline`), then one row per claim
    (id linking to its page under ``reports/claims/``, document, source location, verdict), between
    :data:`README_BEGIN` and :data:`README_END`."""
    lines = [README_BEGIN, "",
             f"{headline(doc)} (Seed {doc['seed']}; the findings first in [reports/index.md](reports/index.md) and "
             f"[reports/index.html](reports/index.html); verdicts follow the [verdict policy]({POLICY_PAGE}).)", "",
             "| claim | document | source location | verdict |", "|---|---|---|---|"]
    for c in doc["claims"]:
        loc = c["source"]["location"]
        loc = loc if len(loc) <= 90 else loc[:89].rstrip() + "…"
        lines.append(f"| [`{c['id']}`](reports/{claim_page(c['id'])}) | {_cell(_doc_name(c['source']['document']))} "
                     f"| {_cell(loc)} | {_BADGE[c['verdict']]}{'' if c['as_expected'] else ' ‼️'} |")
    return "\n".join(lines + ["", README_END])


def sync_readme(path: str | Path, doc: dict[str, Any]) -> bool:
    """Replace the generated section of the README at ``path`` with :func:`readme_claim_table`;
    True when the file changed. The README must hold both markers, begin before end."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    i, j = text.find(README_BEGIN), text.find(README_END)
    if i < 0 or j < i:
        raise ValueError(f"{path} has no generated claim section: it needs the line {README_BEGIN!r} "
                         f"followed later by {README_END!r}")
    new = text[:i] + readme_claim_table(doc) + text[j + len(README_END):]
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def _write_figures(results: list[ClaimResult], doc: dict[str, Any], out: Path) -> None:
    """Render every plot to the path its record names; a plot that fails to render keeps the
    report going, with the error in its record (and in index.md) instead of a file."""
    fig_dir = out / FIGURES_DIR
    written: set[Path] = set()
    for r, rec in zip(results, doc["claims"]):
        for e, erec in zip(r.evidence, rec["evidence"]):
            for f, frec in zip(e.figures, erec["figures"]):
                if not isinstance(f, Plot):
                    continue
                path = out / frec["file"]
                try:
                    data = f.png_bytes()
                except Exception as exc:  # a bad label (mathtext) must not lose the whole report
                    frec["file"] = None
                    frec["error"] = f"{type(exc).__name__}: {exc}"
                    continue
                path.parent.mkdir(parents=True, exist_ok=True)
                if not path.exists() or path.read_bytes() != data:
                    path.write_bytes(data)
                written.add(path.resolve())
    if fig_dir.is_dir():
        for stale in fig_dir.glob("*.png"):
            if stale.resolve() not in written:
                stale.unlink()
        if not any(fig_dir.iterdir()):
            fig_dir.rmdir()


def _write_claim_pages(doc: dict[str, Any], out: Path) -> None:
    """``claims/<id>.md`` for every claim of the run; pages of claims not in it are removed."""
    folder = out / CLAIMS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    keep = set()
    for c in doc["claims"]:
        path = out / c["page"]
        path.write_text(render_claim_page(c, doc), encoding="utf-8")
        keep.add(path.resolve())
    for stale in folder.glob("*.md"):
        if stale.resolve() not in keep:
            stale.unlink()


def write_report(results: list[ClaimResult], out_dir: str | Path, seed: int, total_seconds: float) -> dict[str, Path]:
    """Write ``results.json``, ``index.md``, ``claims/<id>.md``, ``lecture-numbers.md`` (when the run
    has lecture claims), ``index.html`` and ``figures/`` into ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    doc = results_document(results, seed, total_seconds)
    _write_figures(results, doc, out)
    json_path = out / "results.json"
    md_path = out / "index.md"
    html_path = out / "index.html"
    json_path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(doc), encoding="utf-8")
    _write_claim_pages(doc, out)
    numbers = out / LECTURE_NUMBERS_PAGE
    if "lecture_numbers" in doc:
        numbers.write_text(render_lecture_numbers(doc), encoding="utf-8")
    elif numbers.exists():
        numbers.unlink()
    html_path.write_text(render_html(doc, out), encoding="utf-8")
    return {"json": json_path, "markdown": md_path, "html": html_path}
