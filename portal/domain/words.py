"""Dutch counted words: "1 activiteit", "3 activiteiten" (never "activiteit(en)")."""

from __future__ import annotations


def counted(n: int, singular: str, plural: str) -> str:
    """The number with the singular for exactly one, the plural otherwise (also for 0)."""
    return f"{n} {singular if n == 1 else plural}"


def listed(items: list[str], last: str = "of") -> str:
    """"a, b of c": a Dutch enumeration joined by `last` ("of", "en")."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"
