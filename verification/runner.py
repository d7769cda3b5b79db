"""Runs claims: executes each check, collects evidence, decides the verdict, times it."""
from __future__ import annotations

import time
import traceback
from typing import Callable, Iterable

from verification.model import Claim, ClaimResult, Context, Evidence, decide_verdict


def run_claim(claim: Claim, seed: int = 0) -> ClaimResult:
    ctx = Context(seed=seed, claim_id=claim.id)
    evidence: list[Evidence] = []
    error = None
    start = time.perf_counter()
    try:
        for check in claim.checks:
            out = check(ctx)
            items = [out] if isinstance(out, Evidence) else list(out)
            for item in items:
                if not isinstance(item, Evidence):
                    raise TypeError(
                        f"check {getattr(check, '__name__', check)!r} returned "
                        f"{type(item).__name__}, expected Evidence"
                    )
            evidence.extend(items)
    except Exception as exc:  # a crashing check makes the claim inconclusive, with the reason
        error = f"{type(exc).__name__}: {exc}\n" + traceback.format_exc(limit=4)
    seconds = time.perf_counter() - start
    return ClaimResult(
        claim=claim,
        verdict=decide_verdict(evidence, error),
        evidence=tuple(evidence),
        seconds=seconds,
        error=error,
    )


def run_claims(
    claims: Iterable[Claim],
    seed: int = 0,
    on_result: Callable[[ClaimResult], None] | None = None,
) -> list[ClaimResult]:
    results = []
    for claim in claims:
        result = run_claim(claim, seed)
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results
