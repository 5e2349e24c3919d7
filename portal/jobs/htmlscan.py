"""A linear HTML tokenizer for reading vacancy pages: one forward pass, no backtracking.

Regular expressions such as `<script[^>]*>(.*?)</script>` rescan the rest of the page from
every `<script` that has no end, so `"<script" * 16000` cost minutes of CPU. Here every
search starts where the previous one ended, and a search that fails once (no `>`, no
`</script`) is never repeated, so the work grows with the length of the page only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

# Elements whose content is not text: skipped whole by the text reader, kept whole for JSON-LD.
RAW_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "head"})
_NAME = re.compile(r"\s*(/?)\s*([a-zA-Z][a-zA-Z0-9:_-]*)")


class Token(NamedTuple):
    kind: str  # "text", "start", "end", "other" (<!...>, <?...>) or "raw" (a raw-text element's content)
    text: str  # text, the tag's inside (name and attributes), or the raw content
    name: str = ""  # lower-case tag name ("start", "end", "raw")
    start: int = 0  # offsets in the page
    end: int = 0


def tokens(page: str, raw: frozenset[str] = RAW_TEXT) -> Iterator[Token]:
    """The page as text, tags and raw-text blocks, in order, in time linear in its length."""
    page = page or ""
    lower = page.lower()
    size = len(page)
    pos = 0
    never_closed: set[str] = set()  # elements with no end tag after some point: never search again
    while pos < size:
        lt = page.find("<", pos)
        if lt < 0:
            yield Token("text", page[pos:], start=pos, end=size)
            return
        if lt > pos:
            yield Token("text", page[pos:lt], start=pos, end=lt)
        gt = page.find(">", lt + 1)
        if gt < 0:  # no tag can end any more: the rest is text
            yield Token("text", page[lt:], start=lt, end=size)
            return
        inside = page[lt + 1:gt]
        match = _NAME.match(inside)
        if not match:
            yield Token("other", inside, start=lt, end=gt + 1)
            pos = gt + 1
            continue
        name = match.group(2).lower()
        closing = bool(match.group(1))
        yield Token("end" if closing else "start", inside, name, lt, gt + 1)
        pos = gt + 1
        if closing or name not in raw or name in never_closed or inside.rstrip().endswith("/"):
            continue
        close = lower.find("</" + name, pos)
        if close < 0:
            never_closed.add(name)
            continue
        yield Token("raw", page[pos:close], name, pos, close)
        pos = close


def raw_blocks(page: str, name: str) -> Iterator[tuple[str, str]]:
    """(attributes, content) of every complete <name ...>...</name> raw-text element."""
    attributes = None
    for token in tokens(page, raw=frozenset({name})):
        if token.kind == "start" and token.name == name:
            attributes = token.text
        elif token.kind == "raw" and token.name == name and attributes is not None:
            yield attributes, token.text
            attributes = None
        elif token.kind != "text":
            attributes = None
