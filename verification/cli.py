"""The `geomath` command.

    geomath verify [--only PATTERN] [--out DIR] [--seed S] [--quiet | --json] [--readme FILE]
    geomath list [--only PATTERN] [--report DIR] [--json]
    geomath show CLAIM_ID [--report DIR] [--run] [--json]
    geomath christoffel [METRIC] [--file F] --coords r,theta [--latex | --json]

``verify`` runs every registered claim (or those whose id matches PATTERN), writes the report to
DIR (default ``reports``) and prints what was found, findings first (the errata, the derivations, the
verdicts per document). ``list`` lists the
registered claims with their source, expected verdict and the verdict of the last report in DIR;
``show`` prints one claim with the evidence of the last report (or of a fresh run, ``--run``) and
its figures' paths. ``christoffel`` reads a metric given as a nested-list literal (never evaluated:
:func:`geomath.symbolic.parsing.parse_matrix_literal`) and prints its non-zero Christoffel symbols.

Exit status: 0 when every claim concerned reached its expected verdict (and for ``christoffel``,
when it printed), 1 otherwise, 2 for a usage error (unknown claim, unreadable metric, bad option).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from verification.model import document
from verification.registry import all_claims, select
from verification.report import sync_readme, write_report
from verification.runner import run_claim
from verification.sources import line_span

_STYLE = {"verified": "green", "verified-with-caveat": "yellow", "erratum": "red", "inconclusive": "magenta"}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="geomath", description="Verify the claims of the geometry-of-deep-learning sources.")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="run the registered claims and write the report")
    v.add_argument("--only", metavar="PATTERN", help="claim ids matching this glob (a plain word matches as a substring)")
    v.add_argument("--out", metavar="DIR", default="reports", help="report directory (default: reports)")
    v.add_argument("--seed", metavar="S", type=int, default=0, help="seed for every random draw (default: 0)")
    v.add_argument("--quiet", action="store_true", help="no progress display and no table")
    v.add_argument("--json", action="store_true", help="print the verdicts as JSON (no progress display, no table)")
    v.add_argument("--readme", metavar="FILE", help="also rewrite the generated claim table of this README "
                   "(only on a run of every claim)")
    ls = sub.add_parser("list", help="the registered claims: source, expected verdict, last verdict")
    ls.add_argument("--only", metavar="PATTERN", help="claim ids matching this glob (a plain word matches as a substring)")
    ls.add_argument("--report", metavar="DIR", default="reports", help="report whose verdicts to show (default: reports)")
    ls.add_argument("--json", action="store_true", help="machine-readable output")
    sh = sub.add_parser("show", help="one claim: statement, source, evidence, figures")
    sh.add_argument("claim_id", metavar="CLAIM_ID")
    sh.add_argument("--report", metavar="DIR", default="reports", help="report to read the evidence from (default: reports)")
    sh.add_argument("--run", action="store_true", help="run the claim now instead of reading the report")
    sh.add_argument("--seed", metavar="S", type=int, default=0, help="seed for --run (default: 0)")
    sh.add_argument("--json", action="store_true", help="machine-readable output")
    ch = sub.add_parser("christoffel", help="Christoffel symbols of a metric typed as a nested list")
    ch.add_argument("metric", nargs="?", metavar="METRIC", help="e.g. '[[1, 0], [0, r**2]]' (never evaluated as code)")
    ch.add_argument("--file", metavar="F", help="read the metric literal from this file instead")
    ch.add_argument("--coords", required=True, metavar="NAMES", help="comma-separated coordinate names, e.g. r,theta")
    fmt = ch.add_mutually_exclusive_group()
    fmt.add_argument("--latex", action="store_true", help="print LaTeX")
    fmt.add_argument("--json", action="store_true", help="machine-readable output")
    return p


def _last_report(directory: str) -> dict[str, dict]:
    """Claim records of DIR/results.json by id ({} when there is no report)."""
    path = Path(directory) / "results.json"
    if not path.is_file():
        return {}
    return {c["id"]: c for c in json.loads(path.read_text(encoding="utf-8")).get("claims", [])}


def _list(args: argparse.Namespace, console: Console) -> int:
    claims = select(all_claims(), args.only)
    if not claims:
        console.print(f"[red]no registered claim matches --only {args.only!r}[/red]")
        return 2
    last = _last_report(args.report)
    rows = [{"id": c.id, "source": f"{c.source.doc.name}, {c.source.location}", "expected_verdict": c.expected_verdict,
             "last_verdict": last.get(c.id, {}).get("verdict")} for c in claims]
    if args.json:
        print(json.dumps({"report": str(Path(args.report) / "results.json") if last else None, "claims": rows},
                         ensure_ascii=False, indent=2))
    else:
        table = Table(title=f"{len(rows)} claims" + ("" if last else f" (no report in {args.report}: run geomath verify)"))
        for col in ("claim", "expected", "last verdict", "source"):
            table.add_column(col)
        for r in rows:
            v = r["last_verdict"]
            shown = "—" if v is None else f"[{_STYLE[v]}]{v}[/{_STYLE[v]}]" + ("" if v == r["expected_verdict"] else " ‼")
            table.add_row(r["id"], r["expected_verdict"], shown, r["source"])
        console.print(table)
    return 1 if any(r["last_verdict"] not in (None, r["expected_verdict"]) for r in rows) else 0


def _show(args: argparse.Namespace, console: Console) -> int:
    matches = [c for c in all_claims() if c.id == args.claim_id]
    if not matches:
        near = [c.id for c in select(all_claims(), args.claim_id)][:8]
        console.print(f"[red]no registered claim with id {args.claim_id!r}[/red]" + (f"; did you mean: {', '.join(near)}" if near else ""))
        return 2
    if args.run:
        if args.seed < 0:
            console.print(f"[red]--seed must be a non-negative integer, got {args.seed}[/red]")
            return 2
        from verification.report import result_record

        record = result_record(run_claim(matches[0], seed=args.seed))
        origin = f"run now, seed {args.seed}"
    else:
        record = _last_report(args.report).get(args.claim_id)
        if record is None:
            console.print(f"[red]{args.claim_id!r} is not in {Path(args.report) / 'results.json'}; "
                          "run geomath verify, or pass --run[/red]")
            return 2
        record = dict(record)
        for e in record["evidence"]:  # figure paths as the reader finds them
            for f in e.get("figures", ()):
                if f.get("file"):
                    f["path"] = str(Path(args.report) / f["file"])
        origin = str(Path(args.report) / "results.json")
    ok = record["verdict"] == record["expected_verdict"]
    if args.json:
        print(json.dumps({"origin": origin, **record}, ensure_ascii=False, indent=2, default=str))
        return 0 if ok else 1
    style = _STYLE[record["verdict"]]
    console.print(f"[bold]{record['id']}[/bold]  [{style}]{record['verdict']}[/{style}] (expected {record['expected_verdict']}; {origin})")
    console.print(f"source: {document(record['source']['document']).citation}, {record['source']['location']}",
                  markup=False)
    places = record["source"].get("places") or []
    if places:
        console.print("  seed lines: " + "; ".join(
            f"{p['label']} {line_span(p['first_line'], p['last_line'])}" for p in places), markup=False)
    reading = record.get("reading")
    if reading:
        console.print(f"reading (line {line_span(reading['first_line'], reading['last_line'])}): {reading['text']}",
                      markup=False)
    if record.get("rationale"):
        console.print(f"why this verdict: {record['rationale']}", markup=False)
    finding = record.get("finding")
    if finding:
        console.print(f"printed: {finding['printed']}", markup=False)
        console.print(f"{'corrected' if record['verdict'] == 'erratum' else 'caveat'}: {finding['corrected']}",
                      markup=False)
        for alt in finding.get("alternatives") or ():
            console.print(f"alternative: {alt}", markup=False)
    console.print(f"statement: {record['statement']}", markup=False)
    for key in ("hypotheses",):
        for h in record[key]:
            console.print(f"  hypothesis: {h}", markup=False)
    for key in ("caveat", "remark", "correction", "notes"):
        if key == "caveat" and finding and finding["corrected"] == record.get(key):
            continue  # printed above, as the finding
        if record.get(key):
            console.print(f"{key}: {record[key]}", markup=False)
    table = Table(title="evidence")
    for col in ("#", "role", "kind", "compared", "residual", "tolerance", "result"):
        table.add_column(col)
    figures = []
    for n, e in enumerate(record["evidence"], 1):
        table.add_row(str(n), e["role"], e["kind"], e["compared"], str(e["residual"]), str(e["tolerance"]),
                      "pass" if e["passed"] else "[red]fail[/red]")
        figures += [f.get("path") or f.get("file") for f in e.get("figures", ()) if f.get("file")]
    console.print(table)
    for f in figures:
        console.print(f"figure: {f}")
    if not args.run and (Path(args.report) / "index.html").is_file():
        console.print(f"page: {Path(args.report) / 'index.html'}#{record['id']}")
    return 0 if ok else 1


def _christoffel(args: argparse.Namespace, console: Console) -> int:
    import sympy as sp

    from geomath.symbolic import Metric
    from geomath.symbolic.parsing import parse_coords, parse_matrix_literal

    if (args.metric is None) == (args.file is None):
        console.print("[red]give the metric either as METRIC or with --file F (exactly one)[/red]")
        return 2
    try:
        text = Path(args.file).read_text(encoding="utf-8") if args.file else args.metric
        coords = parse_coords(args.coords)
        metric = Metric(parse_matrix_literal(text, coords), coords)
    except (OSError, ValueError, TypeError) as exc:
        console.print(f"[red]geomath christoffel: {exc}[/red]", markup=True, highlight=False)
        return 2
    G = metric.christoffel(simplify=True)
    n = len(coords)
    names = [c.name for c in coords]
    nonzero = [(k, i, j, G[k, i, j]) for k in range(n) for i in range(n) for j in range(i, n) if G[k, i, j] != 0]
    if args.json:
        print(json.dumps({"coords": names, "metric": [[str(e) for e in row] for row in metric.matrix.tolist()],
                          "christoffel": {f"{names[k]},{names[i]},{names[j]}": str(v) for k, i, j, v in nonzero},
                          "convention": "Gamma^k_ij = christoffel['k,i,j'], symmetric in i, j; zero entries omitted"},
                         ensure_ascii=False, indent=2))
        return 0
    if not nonzero:
        print("all Christoffel symbols vanish")
    for k, i, j, v in nonzero:
        if args.latex:
            tex = [sp.latex(c) for c in coords]
            print(rf"\Gamma^{{{tex[k]}}}_{{{tex[i]}{tex[j]}}} = {sp.latex(v)}")
        else:
            print(f"Γ^{names[k]}_{names[i]} {names[j]} = {v}")
    return 0


def _verify(args: argparse.Namespace, console: Console) -> int:
    if args.seed < 0:
        console.print(f"[red]--seed must be a non-negative integer, got {args.seed}[/red]")
        return 2
    claims = select(all_claims(), args.only)
    if not claims:
        console.print(f"[red]no registered claim matches --only {args.only!r}[/red]")
        return 2
    results = []
    start = time.perf_counter()
    with Progress(
        TextColumn("[bold]verifying[/bold] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=args.quiet or args.json,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=len(claims))
        for claim in claims:
            progress.update(task, description=claim.id)
            results.append(run_claim(claim, seed=args.seed))
            progress.advance(task)
    total = time.perf_counter() - start
    paths = write_report(results, args.out, args.seed, total)
    if args.readme:
        if args.only:
            console.print(f"[yellow]--readme ignored: the README's claim table lists every claim, this run only "
                          f"--only {args.only!r}[/yellow]")
        else:
            try:
                changed = sync_readme(args.readme, json.loads(paths["json"].read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                console.print(f"[red]--readme: {exc}[/red]")
                return 2
            if not (args.quiet or args.json):
                console.print(f"{args.readme}: claim table {'updated' if changed else 'unchanged'}")
    bad = [r for r in results if not r.as_expected]
    if args.json:
        from verification.report import headline

        doc = json.loads(paths["json"].read_text(encoding="utf-8"))
        print(json.dumps({"report": {k: str(v) for k, v in paths.items()}, "seed": args.seed,
                          "seconds": round(total, 3), "as_expected": not bad, "headline": headline(doc),
                          "errata": [{"claim": r["claim"], "consequence": r["consequence"], "printed": r["printed"],
                                      "corrected": r["corrected"]} for r in doc["errata"]],
                          "claims": [{"id": r.claim.id, "verdict": r.verdict, "expected_verdict": r.claim.expected_verdict,
                                      "as_expected": r.as_expected} for r in results]}, ensure_ascii=False, indent=2))
        return 1 if bad else 0
    if not args.quiet:
        _print_findings(json.loads(paths["json"].read_text(encoding="utf-8")), console)
        console.print(f"report: {paths['markdown']} (each claim under {Path(args.out) / 'claims'}), {paths['html']} "
                      f"and {paths['json']} ({total:.1f} s)")
    if bad:
        console.print(f"[red]{len(bad)} claim(s) not at their expected verdict: {', '.join(r.claim.id for r in bad)}[/red]")
        return 1
    return 0


def _print_findings(doc: dict, console: Console) -> None:
    """The report's first screen on the terminal: what was found, the errata (one line per claim,
    most consequential first), the derivations, then the verdict counts per document."""
    from verification.report import headline

    console.print(f"[bold]{headline(doc)}[/bold]", highlight=False)
    errata = doc.get("errata") or []
    if errata:
        console.print("[bold red]Errata[/bold red] (printed → corrected):", highlight=False)
        for r in errata:
            console.print(f"  [red]{r['claim']}[/red] ({document(r['document']).name}, {r['location']}): ", end="",
                          highlight=False)
            console.print(f"{r['printed']} → {r['corrected']}", markup=False, highlight=False)
    for d in doc.get("derivations") or ():
        marks = " ".join(f"{st['claim']}={st['verdict']}" for st in d["steps"] if st["verdict"])
        console.print(f"[bold]Derivation[/bold]: {d['title']}", highlight=False)
        console.print(f"  {d['summary']}", markup=False, highlight=False)
        console.print(f"  steps: {marks}", markup=False, highlight=False)
    table = Table(title="verdicts per document")
    for col in ("document", "claims", "erratum", "caveat", "verified", "inconclusive"):
        table.add_column(col, justify="left" if col == "document" else "right")
    for d in doc.get("documents") or ():
        k = d["verdicts"]
        table.add_row(d["short_title"], str(d["claims"]), str(k["erratum"]), str(k["verified-with-caveat"]),
                      str(k["verified"]), str(k["inconclusive"]))
    console.print(table)
    s = doc["summary"]
    console.print(f"regression guard: {s['as_expected']} of {s['claims']} claims at their expected verdict", highlight=False)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    console = Console()
    if not console.is_terminal:  # piped (make, CI): wide enough for the claim ids
        console = Console(width=120)
    commands = {"verify": _verify, "list": _list, "show": _show, "christoffel": _christoffel}
    if args.command in commands:
        return commands[args.command](args, console)
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
