"""The `geomath` command.

    geomath verify [--only PATTERN] [--out DIR] [--seed S] [--quiet]

Runs every registered claim (or those whose id matches PATTERN), writes the report to DIR
(default ``reports``) and prints a summary table (claim, verdict, time). Exit status: 0 when
every claim reached its expected verdict, 1 otherwise, 2 for a usage error.
"""
from __future__ import annotations

import argparse
import sys
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from verification.registry import all_claims, select
from verification.report import write_report
from verification.runner import run_claim

_STYLE = {"verified": "green", "verified-with-caveat": "yellow", "erratum": "red", "inconclusive": "magenta"}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="geomath", description="Verify the claims of the geometry-of-deep-learning sources.")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("verify", help="run the registered claims and write the report")
    v.add_argument("--only", metavar="PATTERN", help="claim ids matching this glob (a plain word matches as a substring)")
    v.add_argument("--out", metavar="DIR", default="reports", help="report directory (default: reports)")
    v.add_argument("--seed", metavar="S", type=int, default=0, help="seed for every random draw (default: 0)")
    v.add_argument("--quiet", action="store_true", help="no progress display and no table")
    return p


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
        disable=args.quiet,
        transient=True,
    ) as progress:
        task = progress.add_task("", total=len(claims))
        for claim in claims:
            progress.update(task, description=claim.id)
            results.append(run_claim(claim, seed=args.seed))
            progress.advance(task)
    total = time.perf_counter() - start
    paths = write_report(results, args.out, args.seed, total)
    bad = [r for r in results if not r.as_expected]
    if not args.quiet:
        table = Table(title=f"geomath verify — {len(results)} claims, seed {args.seed}")
        table.add_column("claim")
        table.add_column("verdict")
        table.add_column("expected")
        table.add_column("time (s)", justify="right")
        for r in results:
            style = _STYLE[r.verdict]
            mark = "" if r.as_expected else " ‼"
            table.add_row(r.claim.id, f"[{style}]{r.verdict}[/{style}]{mark}", r.claim.expected_verdict, f"{r.seconds:.2f}")
        console.print(table)
        console.print(f"report: {paths['markdown']} and {paths['json']} ({total:.1f} s)")
    if bad:
        console.print(f"[red]{len(bad)} claim(s) not at their expected verdict: {', '.join(r.claim.id for r in bad)}[/red]")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    console = Console()
    if not console.is_terminal:  # piped (make, CI): wide enough for the claim ids
        console = Console(width=120)
    if args.command == "verify":
        return _verify(args, console)
    parser.error(f"unknown command {args.command}")
    return 2


if __name__ == "__main__":
    sys.exit(main())
