"""The README and docs/ stand on their own in a clone: every link resolves inside the repository, none
reaches for the shared folder beside it, and every doc points to the rule reference."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.markdown import anchors, links

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [ROOT / "README.md", *DOCS]


def _local(target: str) -> bool:
    return not urlsplit(target).scheme and not target.startswith("//")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_local_link_resolves_inside_the_repository(page: Path) -> None:
    """Given a page, then each relative link names a file of the repository (and a heading of it, with #)."""
    broken = []
    headings: dict[Path, set[str]] = {}
    for target in filter(_local, links(page)):
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if "shared/" in path or not file.is_relative_to(ROOT) or not file.is_file():
            broken.append(f"{target}: not a file of the repository")
        elif anchor and file.suffix == ".md":
            if file not in headings:
                headings[file] = anchors(file)
            if anchor not in headings[file]:
                broken.append(f"{target}: no heading #{anchor} in {file.relative_to(ROOT)}")
    assert broken == []


def test_every_doc_links_to_the_rule_reference_and_the_readme_to_the_design() -> None:
    """Given the docs, then each one (but the reference itself) links to rules.md; the README to both."""
    missing = [
        doc.name
        for doc in DOCS
        if doc.name != "rules.md" and not any(t.partition("#")[0] == "rules.md" for t in links(doc))
    ]
    assert missing == []
    readme = {target.partition("#")[0] for target in links(ROOT / "README.md")}
    assert {"docs/rules.md", "docs/design.md", "docs/operations.md"} <= readme


def test_a_broken_link_and_a_missing_anchor_are_caught(tmp_path: Path) -> None:
    """Given a page with a link out of the checkout and one to a missing heading, then both are found."""
    page = tmp_path / "page.md"
    page.write_text("# Title\n\nSee [rules](../shared/docs/RULES.md), [here](#title) and [gone](#nowhere).\n")
    assert links(page) == ["../shared/docs/RULES.md", "#title", "#nowhere"]
    assert anchors(page) == {"title"}
    page.write_text("## R-AS-3\n\n## 7. Score (`sps`) and metrics\n\n## R-AS-3\n\n```sh\n[not](a-link.md)\n```\n")
    assert anchors(page) == {"r-as-3", "7-score-sps-and-metrics", "r-as-3-1"}
    assert links(page) == []
