"""Dutch text analysis for the vacancy search: stems, compound parts and synonyms.

PostgreSQL's `dutch` text search configuration is Snowball's original (Porter-style) Dutch
stemmer; SQLite uses the same algorithm from `snowballstemmer` ('dutch_porter'), at index
time (a SQL function the FTS5 triggers call) and at query time, so both databases find the
same vacancies. Compound parts: the index also holds the tails of long words, so "zorg"
finds "thuiszorg" and "planner" finds "productieplanner". Synonyms come from
`data/synonyms.csv`.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from portal.jobs.rules import fold

SYNONYMS = Path(__file__).parent / "data" / "synonyms.csv"
STEMMER_ALGORITHM = "dutch_porter"  # the algorithm of PostgreSQL's 'dutch' configuration
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# A compound's tail is indexed when the word has at least COMPOUND_MIN letters; the tail
# keeps at least TAIL_MIN letters and leaves a head of at least HEAD_MIN.
COMPOUND_MIN, TAIL_MIN, HEAD_MIN = 8, 4, 3


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer(STEMMER_ALGORITHM)


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The Snowball Dutch stem of one folded, lower-case word."""
    return _stemmer().stemWord(word)


def tokens(text: str | None) -> list[str]:
    """Folded lower-case words (diacritics removed)."""
    return _TOKEN.findall(fold(text or ""))


def tails(word: str) -> list[str]:
    """The possible last parts of a compound: 'thuiszorg' -> ['zorg', 'szorg']."""
    if len(word) < COMPOUND_MIN:
        return []
    return [word[-n:] for n in range(TAIL_MIN, len(word) - HEAD_MIN + 1)]


def index_terms(*texts: str | None) -> str:
    """The extra words the SQLite index holds for a vacancy: every stem and compound tail,
    once each (called by the FTS5 triggers as the SQL function `vacancy_terms`)."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in tokens(text):
            seen.setdefault(stem(word), None)
            for tail in tails(word):
                seen.setdefault(tail, None)
    return " ".join(seen)


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, tuple[str, ...]]:
    """Each word of `data/synonyms.csv` -> the other words of its group."""
    groups: dict[str, tuple[str, ...]] = {}
    with SYNONYMS.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(line for line in handle if line.strip() and not line.startswith("#"))
        for row in rows:
            words = [fold(w).strip() for w in row if w.strip()]
            for word in words:
                groups[word] = tuple(dict.fromkeys(groups.get(word, ()) + tuple(w for w in words if w != word)))
    return groups


@lru_cache(maxsize=1)
def _groups_by_stem() -> dict[str, tuple[str, ...]]:
    """The same groups, reached through a word's stem ("magazijnmedewerkers" -> its group)."""
    return {stem(word): others for word, others in synonym_groups().items() if " " not in word}


def alternatives(word: str) -> list[str]:
    """A typed word and its synonyms (single words only: the FTS expressions are per word)."""
    folded = fold(word)
    others = synonym_groups().get(folded) or _groups_by_stem().get(stem(folded), ())
    return list(dict.fromkeys([folded] + [w for w in others if " " not in w]))
