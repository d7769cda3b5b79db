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
from verification.model import SEEDS, VERDICTS, ClaimResult
from verification.html import render_html
from verification.sources import lecture_slides, line_span, locate, seed_code

SCHEMA_VERSION = 1


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
        "correction": c.correction,
        "notes": c.notes,
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


# -- errata and the index of printed lecture numbers (from result records, i.e. dicts) -----------------

_LONG = 160  # a LaTeX difference longer than this is left to the claim's evidence details


def _value_text(value: Any) -> str:
    """A printed or recomputed value for a table cell (lists joined, floats to 6 significant digits)."""
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_text(v) for v in value)
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.6g}"
    return str(value)


def errata_rows(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per failing ``statement`` evidence of each claim whose verdict is ``erratum``.

    ``printed``/``recomputed`` come from the evidence details (``printed_value`` evidence); for a
    symbolic erratum without them, ``printed`` is what the evidence compared and ``recomputed`` the
    first non-zero difference (LaTeX, ``recomputed_latex``), a ``finding``, or the residual."""
    rows = []
    for c in claims:
        if c["verdict"] != "erratum":
            continue
        for e in c["evidence"]:
            if e["role"] != "statement" or e["passed"]:
                continue
            d = e.get("details") or {}
            row = {"claim": c["id"], "location": c["source"]["location"], "document": c["source"]["document"],
                   "slide": d.get("slide"), "compared": e["compared"], "correction": c.get("correction")}
            if "printed" in d:
                row["printed"] = _value_text(d["printed"])
                row["recomputed"] = _value_text(d["recomputed"]) if "recomputed" in d else _value_text(e.get("residual"))
            else:
                row["printed"] = e["compared"]
                diff = d.get("first non-zero difference")
                if isinstance(diff, str) and diff:
                    row["recomputed_latex"] = diff
                    row["recomputed"] = f"first non-zero difference: {diff}"
                elif isinstance(d.get("finding"), str):
                    row["recomputed"] = d["finding"]
                elif e.get("residual") is not None:
                    row["recomputed"] = (f"residual {_value_text(e['residual'])} "
                                         f"(tolerance {_value_text(e.get('tolerance'))})")
                else:
                    row["recomputed"] = "the check fails (its details are under the claim)"
            rows.append(row)
    return rows


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
        "claims": records,
        "errata": errata_rows(records),
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


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _math_block(latex: str) -> list[str]:
    return ["", "$$", latex.strip(), "$$", ""]


def _fmt_num(x: Any) -> str:
    return _cell(cell_text(x, 3))


def _alt(text: str) -> str:
    return " ".join(text.replace("[", "(").replace("]", ")").split())


def _figures_markdown(c: dict[str, Any]) -> list[str]:
    """The claim's figures and tables, from the results document (paths already assigned)."""
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
                lines += ["", f"![{_alt(f['caption'])}]({f['file']})", ""]
            else:
                lines += ["", f"*(figure not rendered: {_cell(f.get('error', 'no file'))})*", ""]
            lines.append(f"*Figure {n}: {_cell(f['title'])}.* {_cell(f['caption'])}")
    return lines


def render_markdown(doc: dict[str, Any]) -> str:
    claims = doc["claims"]
    v = doc["versions"]
    lines = [
        "# geomath verification report",
        "",
        "Generated by `geomath verify` (`make verify`); do not edit by hand — regenerate it.",
        f"Seed {doc['seed']}; Python {v['python']}, SymPy {v['sympy']}, torch {v['torch']}, "
        f"NumPy {v['numpy']}.",
        "",
        f"**{doc['summary']['claims']} claims**, {doc['summary']['as_expected']} at their expected verdict: "
        + ", ".join(f"{n} {k}" for k, n in doc["summary"]["verdicts"].items() if n),
        "",
    ]
    lines += _errata_markdown(claims)
    index = lecture_number_index(claims) if _has_lecture_claims(claims) else None
    if index is not None:
        k = index["counts"]
        lines += [f"Numbers printed in the lecture: {k['covered']} of {k['parsed']} checked by some claim's evidence, "
                  f"{k['excluded']} not checkable quantities (dates, references, labels), {k['uncovered']} not checked "
                  f"— see the [index by slide](#{INDEX_ANCHOR}).", ""]
    lines += [
        "Verdicts: *verified* — every check of the statement as printed passes; "
        "*verified-with-caveat* — it passes, but a stronger reading fails (the caveat is named); "
        "*erratum* — the printed statement fails and the corrected statement is verified; "
        "*inconclusive* — neither.",
        "",
        "## Summary",
        "",
        "| claim | source | verdict | expected |",
        "|---|---|---|---|",
    ]
    for c in claims:
        mark = "" if c["as_expected"] else " ‼️"
        lines.append(
            f"| [`{c['id']}`](#{c['id']}) | {_cell(c['source']['document'])}, {_cell(c['source']['location'])} "
            f"| {_BADGE[c['verdict']]}{mark} | {c['expected_verdict']} |"
        )
    lines += ["", "## Claims", ""]
    for c in claims:
        lines += [f'<a id="{c["id"]}"></a>', "", f"### `{c['id']}`", ""]
        lines.append(f"**Source:** `{c['source']['document']}`, {c['source']['location']}{_places_text(c)}  ")
        lines.append(f"**Verdict:** {_BADGE[c['verdict']]} (expected: {c['expected_verdict']})  ")
        if c["kinds"]:
            lines.append(f"**Check kinds:** {', '.join(c['kinds'])}")
        lines += ["", "**Statement (as printed):**"] + _math_block(c["statement"])
        if c["hypotheses"]:
            lines += ["**Hypotheses:**", ""] + [f"- {h}" for h in c["hypotheses"]] + [""]
        if c["caveat"]:
            lines += [f"**Caveat:** {c['caveat']}", ""]
        if c["correction"]:
            lines += ["**Corrected statement:**"] + _math_block(c["correction"])
        if c["notes"]:
            lines += [f"*Notes:* {c['notes']}", ""]
        if c["error"]:
            lines += ["**Error while checking:**", "", "```", c["error"].strip(), "```", ""]
        lines += [
            "| role | kind | compared | residual | tolerance | why this tolerance | result |",
            "|---|---|---|---|---|---|---|",
        ]
        for e in c["evidence"]:
            lines.append(
                f"| {e['role']} | {e['kind']} | {_cell(e['compared'])} | {_fmt_num(e['residual'])} "
                f"| {_fmt_num(e['tolerance'])} | {_cell(e['tolerance_reason'])} | {'pass' if e['passed'] else '**fail**'} |"
            )
        lines += _figures_markdown(c)
        details = [(e["compared"], e["details"]) for e in c["evidence"] if e["details"]]
        if details:
            lines += ["", "<details><summary>evidence details</summary>", ""]
            for compared, d in details:
                lines.append(f"- *{_cell(compared)}*")
                for k, val in d.items():
                    text = json.dumps(val, ensure_ascii=False) if not isinstance(val, str) else val
                    if len(text) > 600:
                        text = text[:600] + " …"
                    lines.append(f"  - {k}: `{text}`" if "`" not in text else f"  - {k}: {text}")
            lines += ["", "</details>"]
        lines.append("")
    if index is not None:
        lines += _index_markdown(index)
    return "\n".join(lines).rstrip() + "\n"


def _places_text(c: dict[str, Any]) -> str:
    """" (lines 61, 123–130)": the seed lines the source location names, if any were found."""
    spans = [line_span(p["first_line"], p["last_line"]) for p in c["source"].get("places", ())]
    return f" (line{'s' if len(spans) > 1 or '–' in ''.join(spans) else ''} {', '.join(spans)})" if spans else ""


def _errata_markdown(claims: list[dict[str, Any]]) -> list[str]:
    rows = errata_rows(claims)
    if not rows:
        return []
    lines = ["## Errata found", "",
             "Each row is a check of the statement as printed that fails; the corrected statement is checked "
             "independently (see the claim).", "",
             "| claim | source location | printed | recomputed | corrected statement |", "|---|---|---|---|---|"]
    seen: set[str] = set()
    for r in rows:
        first = r["claim"] not in seen
        seen.add(r["claim"])
        where = r["location"] + (f' (slide "{r["slide"]}")' if r.get("slide") and r["slide"] not in r["location"] else "")
        if "recomputed_latex" in r:
            diff = r["recomputed_latex"]
            recomputed = (f"differs by ${_cell(diff)}$" if len(diff) <= _LONG else
                          "differs (the first non-zero difference is in the claim's evidence details)")
        else:
            recomputed = _cell(r["recomputed"])
        correction = f"${_cell(r['correction'])}$" if first and r.get("correction") else ("″" if not first else "—")
        lines.append(f"| [`{r['claim']}`](#{r['claim']}) | {_cell(where)} | {_cell(r['printed'])} | {recomputed} "
                     f"| {correction} |")
    return lines + [""]


INDEX_ANCHOR = "index-of-printed-lecture-numbers"


def _evidence_cell(b: dict[str, Any]) -> str:
    ok, bad = b["evidence passed"], b["evidence failed"]
    if not bad:
        return "pass" if ok == 1 else f"pass ({ok} checks)"
    return "**fail**" if not ok else f"{ok} pass, **{bad} fail**"


def _lines_cell(lines: list[int]) -> str:
    return ", ".join(f"L{n}" for n in lines)


def _index_markdown(index: dict[str, Any]) -> list[str]:
    k = index["counts"]
    out = [f'<a id="{INDEX_ANCHOR}"></a>', "", "## Index of printed lecture numbers", "",
           f"Every number printed in the lecture (`{SEEDS['L']}`), slide by slide, with the claims whose evidence "
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
                out.append(f"{head if j == 0 else '| |'} | [`{b['claim']}`](#{b['claim']}) | {_BADGE[b['verdict']]} "
                           f"| {_evidence_cell(b)} |")
        out.append("")
    excluded = [(s["slide"], e) for s in index["slides"] for e in s["excluded"]]
    if excluded:
        out += ["### Printed numbers that are not checkable quantities", "",
                "Not counted as checked, even where some evidence names them (last column).", "",
                "| slide | printed | line(s) | reason | named in evidence of |", "|---|---|---|---|---|"]
        out += [f"| {_cell(slide)} | `{_cell(e['printed'])}` | {_lines_cell(e['lines'])} | {_cell(e['reason'])} | "
                + (", ".join(f"[`{c}`](#{c})" for c in e["named_by"]) or "—") + " |"
                for slide, e in excluded]
        out.append("")
    if index["unmatched"]:
        out += ["### Evidence naming a number the lecture does not print on that slide", "",
                "| claim | slide | printed | compared |", "|---|---|---|---|"]
        out += [f"| [`{u['claim']}`](#{u['claim']}) | {_cell(u['slide'])} | `{_cell(u['printed'])}` | {_cell(u['compared'])} |"
                for u in index["unmatched"]]
        out.append("")
    return out


# -- the claim table of README.md ------------------------------------------------------------------

README_BEGIN = "<!-- geomath:claims:begin (generated by `geomath verify --readme README.md`; do not edit) -->"
README_END = "<!-- geomath:claims:end -->"


def readme_claim_table(doc: dict[str, Any]) -> str:
    """The README's generated section: the verdict counts and one row per claim (id linking into
    ``reports/index.md``, seed, source location, verdict), between :data:`README_BEGIN` and
    :data:`README_END`."""
    s = doc["summary"]
    lines = [README_BEGIN, "",
             f"{s['claims']} claims, {s['as_expected']} at their expected verdict: "
             + ", ".join(f"{n} {k}" for k, n in s["verdicts"].items() if n)
             + f" (seed {doc['seed']}; L = lecture, P = paper, Y = book; details in "
             "[reports/index.md](reports/index.md) and [reports/index.html](reports/index.html)).", "",
             "| claim | seed | source location | verdict |", "|---|---|---|---|"]
    for c in doc["claims"]:
        loc = c["source"]["location"]
        loc = loc if len(loc) <= 90 else loc[:89].rstrip() + "…"
        lines.append(f"| [`{c['id']}`](reports/index.md#{c['id']}) | {seed_code(c['source']['document'])} "
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


def write_report(results: list[ClaimResult], out_dir: str | Path, seed: int, total_seconds: float) -> dict[str, Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    doc = results_document(results, seed, total_seconds)
    _write_figures(results, doc, out)
    json_path = out / "results.json"
    md_path = out / "index.md"
    html_path = out / "index.html"
    json_path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(doc), encoding="utf-8")
    html_path.write_text(render_html(doc, out), encoding="utf-8")
    return {"json": json_path, "markdown": md_path, "html": html_path}
