"""Evaluate the R-BR-2 text classifier on a labelled review set.

    python -m pasar.reviews.evaluate [DIR]

DIR (default ``tests/data/reviews``) holds ``*.jsonl`` files of rows
``{"text", "language", "rating", "label", "split"}``. The command prints Markdown tables of
precision and recall per responsibility for each language and overall, for the ``test``
split and for all rows, and the language-identification accuracy.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pasar.reviews.language import detect_language
from pasar.reviews.responsibility import Responsibility, classify_text

DEFAULT_DIR = Path("tests/data/reviews")
CLASSES = tuple(Responsibility)
OVERALL = "all"


@dataclass(frozen=True)
class LabelledReview:
    text: str
    language: str
    rating: int
    label: Responsibility
    split: str


@dataclass(frozen=True)
class ClassScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class GroupScore:
    """Scores of one language (or of all languages together)."""

    rows: int
    classes: dict[Responsibility, ClassScore]
    macro_f1: float
    accuracy: float
    language_accuracy: float


def load_rows(directory: Path) -> list[LabelledReview]:
    """Every row of every ``*.jsonl`` file in ``directory``, sorted by file name."""
    rows: list[LabelledReview] = []
    for path in sorted(directory.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                rows.append(_parse_row(json.loads(line), f"{path.name}:{number}"))
    return rows


def _parse_row(data: dict[str, object], where: str) -> LabelledReview:
    try:
        return LabelledReview(
            text=str(data["text"]),
            language=str(data["language"]),
            rating=int(str(data["rating"])),
            label=Responsibility(str(data["label"])),
            split=str(data["split"]),
        )
    except (KeyError, ValueError) as exc:
        raise ValueError(f"{where}: bad labelled row: {exc}") from exc


def score(rows: Sequence[LabelledReview]) -> dict[str, GroupScore]:
    """Scores per language and for all rows together (key ``"all"``)."""
    predicted = [classify_text(row.text).responsibility for row in rows]
    detected = [detect_language(row.text) for row in rows]
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(row.language, []).append(i)
    groups[OVERALL] = list(range(len(rows)))
    return {
        name: _group_score([rows[i] for i in idx], [predicted[i] for i in idx], [detected[i] for i in idx])
        for name, idx in groups.items()
    }


def _group_score(
    rows: Sequence[LabelledReview], predicted: Sequence[Responsibility], detected: Sequence[str]
) -> GroupScore:
    classes = {cls: _class_score(cls, rows, predicted) for cls in CLASSES}
    present = [c for c in classes.values() if c.support > 0]
    macro = sum(c.f1 for c in present) / len(present) if present else 0.0
    correct = sum(1 for row, p in zip(rows, predicted, strict=True) if row.label == p)
    lang_ok = sum(1 for row, d in zip(rows, detected, strict=True) if row.language == d)
    n = len(rows)
    return GroupScore(n, classes, macro, correct / n if n else 0.0, lang_ok / n if n else 0.0)


def _class_score(
    cls: Responsibility, rows: Sequence[LabelledReview], predicted: Sequence[Responsibility]
) -> ClassScore:
    pairs = list(zip((r.label for r in rows), predicted, strict=True))
    tp = sum(1 for gold, p in pairs if gold == cls and p == cls)
    predicted_n = sum(1 for _, p in pairs if p == cls)
    support = sum(1 for gold, _ in pairs if gold == cls)
    precision = tp / predicted_n if predicted_n else 0.0
    recall = tp / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return ClassScore(precision, recall, f1, support)


def render(title: str, scores: dict[str, GroupScore]) -> str:
    """One Markdown table: a row per language, then the overall row."""
    header = ["language", "n"]
    for cls in CLASSES:
        header += [f"{cls} P", f"{cls} R"]
    header += ["macro-F1", "accuracy", "lang-ID"]
    lines = [f"### {title}", "", _row(header), _row(["---"] * len(header))]
    names = [*sorted(n for n in scores if n != OVERALL), OVERALL]
    for name in names:
        group = scores[name]
        cells = [name if name != OVERALL else "**overall**", str(group.rows)]
        for cls in CLASSES:
            c = group.classes[cls]
            cells += [_pct(c.precision, c.support or 1), _pct(c.recall, c.support)]
        cells += [f"{group.macro_f1:.2f}", f"{group.accuracy:.2f}", f"{group.language_accuracy:.2f}"]
        lines.append(_row(cells))
    return "\n".join(lines)


def _row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _pct(value: float, support: int) -> str:
    return f"{value:.2f}" if support else "–"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    directory = Path(args[0]) if args else DEFAULT_DIR
    rows = load_rows(directory) if directory.is_dir() else []
    if not rows:
        print(f"no labelled reviews (*.jsonl) in {directory}", file=sys.stderr)
        return 2
    test_rows = [r for r in rows if r.split == "test"]
    print("## R-BR-2 review responsibility: evaluation\n")
    print("P = precision, R = recall; lang-ID = language-identification accuracy.\n")
    print(render(f"Test split ({len(test_rows)} rows)", score(test_rows)))
    print()
    print(render(f"All rows ({len(rows)} rows)", score(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
