"""The report writer: reads claim results (evidence only) and writes ``reports/``.

* ``index.md`` — renders on GitHub: summary table, errata table, then one section per claim
  with statement, source, verdict and evidence. It holds no timings, so the same command with
  the same seed writes the same file.
* ``results.json`` — for machines: a top-level list ``claims`` (id, verdict, expected_verdict,
  source, evidence, ...), the versions of Python/SymPy/torch, the seed and the timings.
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

from verification.figures import Plot, Table, markdown_table
from verification.model import VERDICTS, ClaimResult

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
        "source": {"document": c.source.document, "location": c.source.location},
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


def results_document(results: Iterable[ClaimResult], seed: int, total_seconds: float) -> dict[str, Any]:
    results = list(results)
    counts = Counter(r.verdict for r in results)
    return {
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
        "claims": [result_record(r) for r in results],
    }


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
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:.3g}"
    return _cell(x)


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
    errata = [c for c in claims if c["verdict"] == "erratum"]
    if errata:
        lines += ["", "## Errata found", "", "| claim | source | printed statement fails | corrected statement |", "|---|---|---|---|"]
        for c in errata:
            failed = [e["compared"] for e in c["evidence"] if e["role"] == "statement" and not e["passed"]]
            lines.append(
                f"| [`{c['id']}`](#{c['id']}) | {_cell(c['source']['location'])} | {_cell('; '.join(failed))} "
                f"| ${_cell(c['correction'])}$ |"
            )
    lines += ["", "## Claims", ""]
    for c in claims:
        lines += [f'<a id="{c["id"]}"></a>', "", f"### `{c['id']}`", ""]
        lines.append(f"**Source:** `{c['source']['document']}`, {c['source']['location']}  ")
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
    return "\n".join(lines).rstrip() + "\n"


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
    json_path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(render_markdown(doc), encoding="utf-8")
    return {"json": json_path, "markdown": md_path}
