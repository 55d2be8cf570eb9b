"""Where a checkout cites rule IDs: the code under ``src/pasar`` that enforces a rule, the tests that prove it.

Code cites a rule by writing its ID (``# R-AS-3``, a docstring, a route summary); ``R-AS-1..3`` cites
the three. A test names a rule in its function name (``test_r_as_3_...``, ``test_r_sc_1_to_8_...``)
or cites it in its docstring. Only test functions pytest would collect count: ``test*`` functions
and ``Test*`` classes' ``test*`` methods in ``test_*.py`` files.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

CITED = re.compile(r"\bR-([A-Z]{2})-([1-9][0-9]*)(?:\.\.([1-9][0-9]*))?")
NAMED = re.compile(r"(?:^|_)r_([a-z]{2})_([1-9][0-9]*)(?:_to_([1-9][0-9]*))?(?=_|$)")

# Text files of the package that can hold code or the data it runs on.
CODE_SUFFIXES = frozenset({".py", ".html", ".toml", ".js", ".sql", ".json", ".txt"})
# Not enforcement: the rulebooks and their model carry the numbers (the reference lists them as keys),
# the catalogue and this reference machinery cite every rule or examples of them, and the page
# translations repeat the templates' strings. The rulebook loader (rules/__init__.py) is code.
NOT_ENFORCEMENT = (
    "rules/markets",
    "rules/model.py",
    "rules/catalogue.toml",
    "rules/catalogue.py",
    "rules/citations.py",
    "rules/reference.py",
    "web/locale",
)


@dataclass(frozen=True, order=True)
class CitingTest:
    path: str  # relative to the checkout, e.g. tests/unit/test_rulebooks.py
    name: str  # the function, or Class::method


@dataclass
class Citations:
    code: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # rule → files (from src/pasar)
    tests: dict[str, set[CitingTest]] = field(default_factory=lambda: defaultdict(set))


def _expand(area: str, first: str, last: str | None) -> Iterator[str]:
    start = int(first)
    for number in range(start, max(start, int(last or first)) + 1):
        yield f"R-{area.upper()}-{number}"


def cited_ids(text: str) -> set[str]:
    """The rule IDs a text cites, ranges expanded."""
    return {rule for match in CITED.finditer(text) for rule in _expand(*match.groups())}


def named_ids(function_name: str) -> set[str]:
    """The rule IDs a test function's name holds (``test_r_up_2_...`` → R-UP-2)."""
    return {rule for match in NAMED.finditer(function_name) for rule in _expand(*match.groups())}


def scan(root: Path) -> Citations:
    """Every citation in the checkout at ``root`` (its ``src/pasar`` and ``tests``)."""
    citations = Citations()
    package = root / "src" / "pasar"
    for path in _code_files(package):
        for rule in cited_ids(path.read_text(encoding="utf-8", errors="replace")):
            citations.code[rule].add(path.relative_to(package).as_posix())
    for path in sorted((root / "tests").rglob("test_*.py")):
        relative = path.relative_to(root).as_posix()
        for name, rules in _test_functions(path):
            for rule in rules:
                citations.tests[rule].add(CitingTest(relative, name))
    return citations


def _code_files(package: Path) -> Iterator[Path]:
    skipped = [package / part for part in NOT_ENFORCEMENT]
    for path in sorted(package.rglob("*")):
        if path.suffix not in CODE_SUFFIXES or not path.is_file() or "__pycache__" in path.parts:
            continue
        if not any(path == place or path.is_relative_to(place) for place in skipped):
            yield path


def _test_functions(path: Path) -> Iterator[tuple[str, set[str]]]:
    """Each collected test function of the file with the rule IDs it names or cites."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node, prefix in _collected(tree.body, ""):
        rules = named_ids(node.name) | cited_ids(ast.get_docstring(node) or "")
        if rules:
            yield prefix + node.name, rules


def _collected(body: Iterable[ast.stmt], prefix: str) -> Iterator[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]]:
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
            yield node, prefix
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test") and not prefix:
            yield from _collected(node.body, f"{node.name}::")
