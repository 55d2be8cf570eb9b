"""Code that runs in a marketplace reads the rules in force from it, never the shipped files directly.

``Marketplace`` (and the unit of work it opens) takes the rulebooks as a mapping; services ask
``uow.rules(market)``, pages and routes ``marketplace.rules(market)``. A direct lookup would run the
shipped rules whatever the marketplace was built with (docs/design.md, "Rulebooks").
"""

from __future__ import annotations

import re
from pathlib import Path

import pasar

SOURCE = Path(pasar.__file__).parent
DIRECT_LOOKUP = re.compile(r"\brulebook_for\b")
# Where the shipped set itself is the point: the seam's default, the engines' and the reference's
# default when no rulebooks are given, and tools that inspect or bound the shipped files.
SHIPPED_SET_READERS = {
    "services/marketplace.py",  # the seam: a marketplace runs the shipped rulebooks unless given others
    "services/unit_of_work.py",  # ... and so does a unit of work opened on its own
    "metrics/params.py",  # the metric engines' default parameters
    "metrics/reference.py",  # the reference implementation's default
    "api/fields.py",  # the edge's upper bound on a quantity, before any market is known
    "cli.py",  # ``pasar rules check|show``: the shipped files themselves
    "commands/metrics.py",  # --market must name a shipped market
}
SHIPPED_SET = re.compile(r"\ball_rulebooks\b")


def _modules_outside_rules() -> dict[str, str]:
    return {
        path.relative_to(SOURCE).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(SOURCE.rglob("*.py"))
        if path.relative_to(SOURCE).parts[0] != "rules"
    }


def test_r_mk_1_no_code_outside_the_rules_looks_up_a_shipped_rulebook_directly() -> None:
    # Given every module outside pasar.rules, when scanned, then none calls rulebook_for
    offenders = [name for name, text in _modules_outside_rules().items() if DIRECT_LOOKUP.search(text)]
    assert offenders == [], f"ask uow.rules(market) or marketplace.rules(market) instead: {offenders}"


def test_r_mk_1_only_the_seam_and_the_listed_tools_read_the_shipped_set() -> None:
    # Given every module outside pasar.rules, when scanned, then only the listed ones read all_rulebooks
    readers = {name for name, text in _modules_outside_rules().items() if SHIPPED_SET.search(text)}
    assert readers <= SHIPPED_SET_READERS, f"take the marketplace's rulebooks instead: {readers - SHIPPED_SET_READERS}"
