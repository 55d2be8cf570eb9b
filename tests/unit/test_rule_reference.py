"""docs/rules.md is generated from the rule catalogue, the rulebooks, the code and the tests, and kept current.

The first test is the one that keeps the reference honest: it regenerates the file and fails, naming
the command to run, when the checked-in copy differs (a rule cited by new code, a test renamed, a
rulebook value changed). The others prove each part of the generator on small checkouts built here.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from pasar.rules import RulebookError, all_rulebooks
from pasar.rules.catalogue import load_catalogue, rulebook_keys
from pasar.rules.citations import CitingTest, scan
from pasar.rules.reference import Reference, build, problems, render
from tests.external import require

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "rules.md"
SPEC = Path(os.environ.get("PASAR_RULES_SPEC", ROOT.parent / "shared" / "docs" / "RULES.md"))
PASAR = [sys.executable, "-m", "pasar.cli"]


def _section(doc: str, rule_id: str) -> str:
    start = doc.index(f"\n### {rule_id}\n")
    end = doc.find("\n#", start + 1)
    return doc[start:end]


def _checkout(tmp_path: Path, files: dict[str, str]) -> Path:
    """A minimal source checkout: ``src/pasar`` and ``tests`` with the given files."""
    for relative, text in {"src/pasar/__init__.py": "", "tests/__init__.py": "", **files}.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dedent(text), encoding="utf-8")
    return tmp_path


def test_docs_rules_md_is_current() -> None:
    """Given the checkout as it is, when the reference is regenerated, then it is docs/rules.md byte for byte."""
    reference = build(ROOT)
    assert problems(reference) == []
    expected = render(reference)
    actual = DOC.read_text(encoding="utf-8") if DOC.is_file() else ""
    if actual != expected:
        diff = "\n".join(
            list(
                difflib.unified_diff(
                    actual.splitlines(), expected.splitlines(), "docs/rules.md", "regenerated", lineterm="", n=0
                )
            )[:40]
        )
        pytest.fail(f"docs/rules.md is out of date: run `make rules-doc` and commit it. Differences:\n{diff}")


@pytest.fixture
def specification() -> Path:
    """The rule specification (RULES.md), or a skip (a fail in CI) naming where it should be."""
    require(
        SPEC.is_file(),
        f"the specification is not at {SPEC}: put the shared folder beside the repository or set PASAR_RULES_SPEC",
    )
    return SPEC


def test_every_rule_of_the_specification_is_in_the_catalogue(specification: Path) -> None:
    """Given the specification beside the checkout (shared/docs/RULES.md), its rule IDs are exactly the catalogue's."""
    spec = set(re.findall(r"^- (R-[A-Z]{2}-\d+) ", specification.read_text(encoding="utf-8"), flags=re.MULTILINE))
    assert len(spec) > 60
    assert set(load_catalogue().rules) == spec


def test_code_and_test_citations_are_found_with_ranges_and_only_where_they_count(tmp_path: Path) -> None:
    """Given code citing a range and tests naming rules by name and docstring, then exactly those are found."""
    root = _checkout(
        tmp_path,
        {
            "src/pasar/services/returns.py": "# R-AS-1..3: the return flow\nX = 'R-UP-4'\n",
            "src/pasar/web/templates/shop.html": "<p>{{ policy }}</p> {# R-AS-6 #}\n",
            "src/pasar/rules/model.py": "# R-AP-2 (a rulebook key, not enforcement)\n",
            "src/pasar/rules/markets/ID.toml": "window = 6  # R-AP-3\n",
            "src/pasar/web/locale/zh_Hans/LC_MESSAGES/messages.po": 'msgid "R-CT-3"\n',
            "tests/unit/test_returns.py": '''
                def test_r_sc_1_to_3_rates():
                    pass

                def test_paying_twice():
                    """Proves R-UP-4 and R-UP-1..2."""

                def test_order_up_2_is_not_a_rule_name():
                    pass

                def helper_r_cn_1():
                    """R-CN-1 in a helper is not a test."""

                class TestCancellation:
                    def test_r_cn_2_request(self):
                        pass
                ''',
            "tests/unit/helpers.py": "def test_r_fl_1_in_a_helper_module():\n    pass\n",
        },
    )
    found = scan(root)
    assert {rule: sorted(files) for rule, files in found.code.items()} == {
        "R-AS-1": ["services/returns.py"],
        "R-AS-2": ["services/returns.py"],
        "R-AS-3": ["services/returns.py"],
        "R-UP-4": ["services/returns.py"],
        "R-AS-6": ["web/templates/shop.html"],
    }
    path = "tests/unit/test_returns.py"
    assert {rule: sorted(tests) for rule, tests in found.tests.items()} == {
        **{f"R-SC-{n}": [CitingTest(path, "test_r_sc_1_to_3_rates")] for n in (1, 2, 3)},
        **{rule: [CitingTest(path, "test_paying_twice")] for rule in ("R-UP-1", "R-UP-2", "R-UP-4")},
        "R-CN-2": [CitingTest(path, "TestCancellation::test_r_cn_2_request")],
    }


def test_status_follows_the_code_the_tests_and_the_catalogue(tmp_path: Path) -> None:
    """Given code and tests for some rules only, then each rule's status says what exists."""
    root = _checkout(
        tmp_path,
        {
            "src/pasar/orders.py": "# R-OR-1, R-OR-2, R-VI-2, R-SL-1 (onboarding comes later)\n",
            "tests/test_orders.py": "def test_r_or_1_split():\n    pass\n\ndef test_r_vi_2_points():\n    pass\n",
        },
    )
    reference = build(root)
    assert reference.status("R-OR-1") == "implemented"
    assert reference.status("R-OR-2") == "implemented, no test names it"
    assert reference.status("R-VI-2") == "partly"  # the catalogue names its gap
    assert reference.status("R-SL-1") == "not implemented yet"  # marked later: the comment only looks ahead
    assert reference.status("R-AC-1") == "not implemented yet"
    doc = render(reference)
    assert "Mentioned ahead of its code in: `orders.py`." in _section(doc, "R-SL-1")
    assert "- `tests/test_orders.py`: `test_r_or_1_split`" in _section(doc, "R-OR-1")
    assert "Tests: none name it yet." in _section(doc, "R-OR-2")


def test_problems_name_undefined_ids_and_later_rules_that_tests_now_prove(tmp_path: Path) -> None:
    """Given a typo'd rule ID in code and a test proving a rule marked later, then both are reported."""
    root = _checkout(
        tmp_path,
        {
            "src/pasar/shops.py": "# R-SL-9: no such rule\n",
            "tests/test_onboarding.py": "def test_r_sl_1_an_operator_approves_a_shop():\n    pass\n",
        },
    )
    assert problems(build(root)) == [
        "R-SL-9 is cited in src/pasar/shops.py but catalogue.toml does not define it",
        "R-SL-1 is marked later in catalogue.toml but "
        "tests/test_onboarding.py::test_r_sl_1_an_operator_approves_a_shop proves it: remove later",
    ]


def test_every_rulebook_key_names_the_rules_it_serves() -> None:
    """Every key of every rulebook section names its rules (or NO_RULE), and only rules the catalogue defines."""
    keys = rulebook_keys()
    assert [key for key, rules in keys.items() if rules is None] == []
    defined = set(load_catalogue().rules)
    assert {rule for rules in keys.values() if rules for rule in rules.ids} <= defined
    assert keys["after_sales.window_days"] is not None and "R-FL-4" in keys["after_sales.window_days"].ids


def test_defaults_and_the_markets_that_differ_come_from_the_rulebooks() -> None:
    """Given the shipped rulebooks with one value changed, then the reference shows the change for that market only."""
    books = dict(all_rulebooks())
    sections = load_catalogue()
    reference = Reference(sections, books, scan(ROOT))
    row = next(
        line for line in _section(render(reference), "R-AS-6").splitlines() if "`after_sales.window_days`" in line
    )
    assert row == "| `after_sales.window_days` | `15` | BR `7`, GB `30`, ID `6`, TH `7`, US `30` |"
    vn = books["VN"]
    books["VN"] = vn.model_copy(update={"after_sales": vn.after_sales.model_copy(update={"window_days": 10})})
    changed = render(Reference(sections, books, reference.citations))
    row = next(line for line in _section(changed, "R-AS-6").splitlines() if "`after_sales.window_days`" in line)
    assert row == "| `after_sales.window_days` | `15` | BR `7`, GB `30`, ID `6`, TH `7`, US `30`, VN `10` |"
    timeout = next(line for line in _section(changed, "R-UP-3").splitlines() if "unpaid_timeout_minutes" in line)
    assert timeout == "| `orders.unpaid_timeout_minutes` | `60` | — |"


def test_a_bad_catalogue_is_named_with_its_key_and_reason(tmp_path: Path) -> None:
    """Given a catalogue with a numbering gap, then loading it names the file, the area and the problem."""
    bad = tmp_path / "catalogue.toml"
    bad.write_text(
        '[[sections]]\ntitle = "Markets"\nareas = ["MK"]\n\n'
        '[rules.R-MK-1]\nmeaning = "one"\n\n[rules.R-MK-3]\nmeaning = "three"\n',
        encoding="utf-8",
    )
    with pytest.raises(RulebookError, match=r"^catalogue\.toml: .*R-MK rules must be numbered 1, 2, 3"):
        load_catalogue(bad)
    bad.write_text('[[sections]]\ntitle = "Markets"\nareas = ["MK"]\n\n[rules.R-MK-1]\nmeening = "typo"\n')
    with pytest.raises(RulebookError, match=r"^catalogue\.toml: rules\.R-MK-1\.(meaning|meening): "):
        load_catalogue(bad)


def test_pasar_rules_doc_prints_the_reference_and_writes_it_with_output(tmp_path: Path) -> None:
    """When `pasar rules doc` runs, then it prints what docs/rules.md must hold; --output writes the same file."""
    printed = subprocess.run([*PASAR, "rules", "doc"], capture_output=True, text=True, timeout=120, check=True)
    assert printed.stdout == render(build(ROOT))
    target = tmp_path / "rules.md"
    subprocess.run([*PASAR, "rules", "doc", "--output", str(target)], capture_output=True, timeout=120, check=True)
    assert target.read_text(encoding="utf-8") == printed.stdout


def test_pasar_rules_doc_outside_a_checkout_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    """Given a folder that is not a source checkout, then the command says so on one line and exits 1."""
    target = tmp_path / "rules.md"
    result = subprocess.run(
        [*PASAR, "rules", "doc", "--repo", str(tmp_path), "--output", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "1000"},
    )
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"pasar: {tmp_path} is not a Pasar source checkout (src/pasar and tests): give --repo DIR"
    )
    assert not target.exists()
