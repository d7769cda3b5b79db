"""The claim registry: every claim module listed in :data:`verification.claims.MODULES`."""
from __future__ import annotations

import fnmatch
import importlib

from functools import lru_cache

from verification.model import Claim, Derivation


def all_claims() -> list[Claim]:
    """Every registered claim, in module order; ids are unique."""
    from verification.claims import MODULES

    claims: list[Claim] = []
    seen: dict[str, str] = {}
    for name in MODULES:
        module = importlib.import_module(f"verification.claims.{name}")
        for c in module.CLAIMS:
            if c.id in seen:
                raise ValueError(f"claim id {c.id!r} registered twice ({seen[c.id]} and {name})")
            seen[c.id] = name
            claims.append(c)
    return claims


@lru_cache(maxsize=None)
def all_derivations() -> tuple[Derivation, ...]:
    """Every registered derivation (a module's ``DERIVATIONS``), in module order. Each step is a
    registered claim that depends on an earlier step (checked by the tests)."""
    from verification.claims import MODULES

    out: list[Derivation] = []
    for name in MODULES:
        out.extend(getattr(importlib.import_module(f"verification.claims.{name}"), "DERIVATIONS", ()))
    return tuple(out)


def select(claims: list[Claim], pattern: str | None) -> list[Claim]:
    """Claims whose id matches the glob ``pattern`` (a plain word matches as a substring)."""
    if not pattern:
        return list(claims)
    if not any(ch in pattern for ch in "*?["):
        pattern = f"*{pattern}*"
    return [c for c in claims if fnmatch.fnmatchcase(c.id, pattern)]


def get(claim_id: str) -> Claim:
    for c in all_claims():
        if c.id == claim_id:
            return c
    raise KeyError(f"no registered claim with id {claim_id!r}")
