"""Refuse passwords that appear in the shipped list of common passwords, also slightly varied."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

LIST_PATH = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = LIST_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def _variants(password: str) -> set[str]:
    """The forms to look up: case folded, without spaces and separators, trailing digits and symbols."""
    lowered = password.strip().lower()
    compact = re.sub(r"[\s\-_.]+", "", lowered)
    variants = {lowered, compact}
    for value in list(variants):
        stripped = re.sub(r"[\d\W_]+$", "", value)
        leading = re.sub(r"^[\d\W_]+", "", stripped)
        variants.update({stripped, leading, value.translate(_LEET), stripped.translate(_LEET)})
        half = len(value) // 2
        if len(value) % 2 == 0 and value[:half] == value[half:]:
            variants.add(value[:half])  # "welkomwelkom"
    return {v for v in variants if v}


def is_common(password: str) -> bool:
    """Whether the password (or a simple variation of it) is in the common list."""
    listed = common_passwords()
    return any(variant in listed for variant in _variants(password or ""))
