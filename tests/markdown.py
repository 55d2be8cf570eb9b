"""Reading the project's Markdown the way a renderer does (markdown-it): links, heading anchors, code blocks."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark").enable("table")


def _tokens(path: Path) -> list[Token]:
    return _PARSER.parse(path.read_text(encoding="utf-8"))


def links(path: Path) -> list[str]:
    """Every link and image target of the file, in order (code spans and blocks are not links)."""
    found: list[str] = []
    for token in _tokens(path):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(str(child.attrGet("href")))
            elif child.type == "image":
                found.append(str(child.attrGet("src")))
    return found


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the file's headings: lower case, punctuation dropped, spaces as hyphens."""
    tokens = _tokens(path)
    seen: Counter[str] = Counter()
    found: set[str] = set()
    for opening, inline in pairwise(tokens):
        if opening.type != "heading_open":
            continue
        text = "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
        slug = re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")
        found.add(slug if not seen[slug] else f"{slug}-{seen[slug]}")
        seen[slug] += 1
    return found


def code_block(path: Path, heading: str, language: str) -> str:
    """The first ``language`` code block under the heading whose text is ``heading``."""
    tokens = _tokens(path)
    under = False
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            under = tokens[index + 1].content == heading
        elif under and token.type == "fence" and token.info.strip() == language:
            return token.content
    raise LookupError(f"no {language} block under {heading!r} in {path.name}")
