"""R-IM-4 evaluation: recall per category and false-positive rate on the labelled message sets.

    python -m pasar.moderation.evaluate [DIR]

DIR holds ``violating.jsonl`` and ``ordinary.jsonl`` (default: ``tests/data/moderation``).
A violating message counts as caught for a category when a violation of that category is
reported; an ordinary message is a false positive when it is not allowed. Each figure is given
for all rows and for the rows marked ``"split": "holdout"``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pasar.moderation.engine import check
from pasar.moderation.verdict import CATEGORIES

DEFAULT_DIR = Path("tests/data/moderation")
TARGETS = {"contact": 0.95, "link": 0.95}
DEFAULT_TARGET = 0.85
MAX_FALSE_POSITIVE_RATE = 0.01


def load(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


@dataclass
class Score:
    caught: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    labelled: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    messages_caught: int = 0
    messages: int = 0
    ordinary: int = 0
    false_positives: int = 0
    any_violation: int = 0

    def recall(self, category: str) -> float | None:
        n = self.labelled[category]
        return self.caught[category] / n if n else None

    @property
    def overall_recall(self) -> float:
        return self.messages_caught / self.messages if self.messages else 0.0

    @property
    def false_positive_rate(self) -> float:
        return self.false_positives / self.ordinary if self.ordinary else 0.0


def target(category: str) -> float:
    return TARGETS.get(category, DEFAULT_TARGET)


def score(violating: Iterable[dict[str, object]], ordinary: Iterable[dict[str, object]]) -> Score:
    result = Score()
    for row in violating:
        verdict = check(str(row["text"]), str(row["market"]))
        found = {v.category for v in verdict.violations}
        labels = [str(c) for c in row["categories"]]  # type: ignore[attr-defined]
        result.messages += 1
        result.messages_caught += bool(found & set(labels))
        for category in labels:
            result.labelled[category] += 1
            result.caught[category] += category in found
    for row in ordinary:
        verdict = check(str(row["text"]), str(row["market"]))
        result.ordinary += 1
        result.false_positives += not verdict.allowed
        result.any_violation += bool(verdict.violations)
    return result


def evaluate(directory: Path) -> dict[str, Score]:
    violating = load(directory / "violating.jsonl")
    ordinary = load(directory / "ordinary.jsonl")
    return {
        "all": score(violating, ordinary),
        "holdout": score(
            (r for r in violating if r.get("split") == "holdout"),
            (r for r in ordinary if r.get("split") == "holdout"),
        ),
    }


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def markdown(scores: dict[str, Score]) -> str:
    names = list(scores)
    lines = [
        "| measure | target | " + " | ".join(names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for category in CATEGORIES:
        cells = [f"{_pct(s.recall(category))} ({s.caught[category]}/{s.labelled[category]})" for s in scores.values()]
        lines.append(f"| recall `{category}` | ≥ {target(category):.2f} | " + " | ".join(cells) + " |")
    cells = [f"{_pct(s.overall_recall)} ({s.messages_caught}/{s.messages})" for s in scores.values()]
    lines.append("| recall, any labelled category | | " + " | ".join(cells) + " |")
    cells = [f"{_pct(s.false_positive_rate)} ({s.false_positives}/{s.ordinary})" for s in scores.values()]
    lines.append(
        f"| false positives (ordinary not allowed) | ≤ {MAX_FALSE_POSITIVE_RATE:.2f} | " + " | ".join(cells) + " |"
    )
    return "\n".join(lines)


def meets_targets(result: Score) -> list[str]:
    """The targets ``result`` misses, as readable strings (empty when all are met)."""
    misses = []
    for category in CATEGORIES:
        recall = result.recall(category)
        if recall is not None and recall < target(category):
            misses.append(f"recall {category} {recall:.3f} < {target(category)}")
    if result.false_positive_rate > MAX_FALSE_POSITIVE_RATE:
        misses.append(f"false positives {result.false_positive_rate:.3f} > {MAX_FALSE_POSITIVE_RATE}")
    return misses


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    directory = Path(args[0]) if args else DEFAULT_DIR
    if not (directory / "violating.jsonl").is_file():
        print(f"no violating.jsonl in {directory}", file=sys.stderr)
        return 2
    scores = evaluate(directory)
    print(markdown(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
