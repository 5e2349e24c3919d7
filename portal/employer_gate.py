"""The one gate for free text an employer will read: the medical check, the notice and the audit.

A feature declares a field employer-visible with `employer_visible(key, label)`; before it
stores such a text as shared, its view calls `passes(form, fields, trajectory, declared)`.
A text that looks medical stops the save: the fields get a Dutch error with the words
highlighted, and the form shows two ways on (rephrase, or confirm with a reason that the
text holds no medical data; the confirmation is audited). Below every feature: it imports
no feature views, only the audit service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import snowballstemmer
from flask import request
from markupsafe import Markup, escape

VOCABULARY_PATH = Path(__file__).parent / "data" / "medical_terms.txt"

NOTICE = ("de werkgever kan deze tekst lezen. Schrijf hier geen medische informatie "
          "(geen diagnose, klachten, behandeling of medicijnen).")
STOPPED = ("Deze tekst lijkt medische informatie te bevatten ({words}). De werkgever mag dat niet "
           "lezen: schrijf het in werktermen (wat kan de kandidaat wel en niet) of bevestig hieronder "
           "dat er geen medische gegevens in staan.")
REASON_MISSING = "Geef een reden waarom deze tekst geen medische gegevens bevat (minstens 10 tekens)."
REASON_MIN = 10
CONFIRM_FIELD, REASON_FIELD = "gate_confirm", "gate_reason"

WINDOW = 4  # body part and complaint word at most this many words apart
_WORD = re.compile(r"[0-9a-zà-öø-ÿ]+(?:[-'][0-9a-zà-öø-ÿ]+)*", re.IGNORECASE)
_SENTENCE = re.compile(r"[.!?;:\n]+")
_SIDES = ("linker", "rechter", "onder", "boven")
_stemmer = snowballstemmer.stemmer("dutch")


def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower().replace("-", ""))


# --- the vocabulary -------------------------------------------------------------------------

@dataclass
class Entry:
    word: str  # lower case, hyphens removed
    stem: str
    head: bool = False  # also the first part of a compound
    tail: bool = False  # also the last part of a compound
    exact: bool = False  # only this form and its plain plurals
    unless: tuple[str, ...] = ()  # not medical when a word starting with one of these is near
    abbreviation: str = ""  # written in capitals in the file: matched case-sensitively (MS, TIA)

    def matches(self, surface: str, stemmed: str, typed: str = "") -> bool:
        if self.abbreviation:
            return typed == self.abbreviation
        if self.exact:
            return surface in {self.word + end for end in ("", "s", "en", "e", "n", "'s")}
        if stemmed == self.stem:
            return True
        if self.head and surface.startswith(self.word) and len(surface) > len(self.word) + 2:
            return True
        if self.tail and len(surface) > len(self.word) + 1:
            return surface.endswith(self.word) or (len(self.stem) > 3 and stemmed.endswith(self.stem))
        return False


@dataclass
class Vocabulary:
    terms: list[Entry] = field(default_factory=list)
    body: list[Entry] = field(default_factory=list)
    complaints: list[Entry] = field(default_factory=list)
    phrases: list[tuple[str, ...]] = field(default_factory=list)  # stems
    allow_words: set[str] = field(default_factory=set)
    allow_phrases: list[tuple[str, ...]] = field(default_factory=list)  # surface words


def _entry(line: str) -> Entry:
    word, _, unless = line.partition("~")
    word = word.strip()
    abbreviation = word if len(word) > 1 and word.isalpha() and word.isupper() else ""
    word = word.lower()
    exact, head, tail = word.startswith("="), word.endswith("*"), word.startswith("*")
    word = word.strip("=*").replace("-", "")
    return Entry(word=word, stem=stem(word), head=head, tail=tail, exact=exact, abbreviation=abbreviation,
                 unless=tuple(u.lower() for u in unless.split()))


def parse_vocabulary(text: str) -> Vocabulary:
    """The vocabulary file's sections as matchers (see the file's header for the format)."""
    vocabulary, section = Vocabulary(), None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            if section not in {"terms", "body", "complaints", "phrases", "allow"}:
                raise ValueError(f"unknown section [{section}]")
            continue
        if section is None:
            raise ValueError(f"entry before any section: {line!r}")
        if section == "phrases":
            vocabulary.phrases.append(tuple(stem(w) for w in line.split()))
        elif section == "allow":
            words = tuple(line.lower().split())
            if len(words) == 1:
                vocabulary.allow_words.add(words[0].replace("-", ""))
            else:
                vocabulary.allow_phrases.append(words)
        else:
            getattr(vocabulary, section).append(_entry(line))
    return vocabulary


@cache
def vocabulary() -> Vocabulary:
    return parse_vocabulary(VOCABULARY_PATH.read_text(encoding="utf-8"))


# --- matching -------------------------------------------------------------------------------

@dataclass
class _Token:
    text: str  # as typed
    forms: list[tuple[str, str]]  # (surface, stem) of the word and of each hyphenated part
    typed: list[str]  # the word and its hyphenated parts as typed (for abbreviations)


def _tokens(sentence: str) -> list[_Token]:
    tokens = []
    for match in _WORD.finditer(sentence):
        text = match.group(0)
        lower = text.lower()
        forms = [(lower.replace("-", "").replace("'", ""), stem(lower))]
        typed = [text]
        if "-" in lower:
            forms += [(part, stem(part)) for part in lower.split("-") if part]
            typed += [part for part in text.split("-") if part]
        tokens.append(_Token(text, forms, typed))
    return tokens


def _near(tokens: list[_Token], index: int, prefixes: tuple[str, ...]) -> bool:
    # "Near" is the same sentence: work words such as "vacature" may stand anywhere in it.
    return any(surface.startswith(prefixes) for i, t in enumerate(tokens) if i != index
               for surface, _ in t.forms)


def _hit(entries: list[Entry], tokens: list[_Token], index: int) -> bool:
    token = tokens[index]
    for (surface, stemmed), typed in zip(token.forms, token.typed, strict=False):
        matched = [e for e in entries if e.matches(surface, stemmed, typed)]
        whole = [e for e in matched if stemmed == e.stem or e.exact or e.abbreviation]
        # A work context excuses the word itself ("bij het ziekenhuis"), and then also the
        # compounds it ends or starts; a compound alone ("ziekenhuisbezoeken") is not excused.
        if any(e.unless and _near(tokens, index, e.unless) for e in whole):
            continue
        if matched:
            return True
    return False


def _is_body(vocab: Vocabulary, token: _Token) -> bool:
    for surface, stemmed in token.forms:
        for entry in vocab.body:
            if entry.matches(surface, stemmed):
                return True
            if surface.startswith(_SIDES) and any(surface == side + entry.word for side in _SIDES):
                return True
    return False


def _body_compound(vocab: Vocabulary, token: _Token) -> bool:
    """One word made of a body part and a complaint: rugklachten, knieoperatie, polsbreuk."""
    for surface, stemmed in token.forms:
        for part in vocab.body:
            if len(part.word) >= 3 and surface.startswith(part.word) and len(surface) > len(part.word) + 2:
                rest = surface[len(part.word):].lstrip("s")
                # Exact-form complaints ("last", "probleem") are too common inside compounds.
                if any(c.matches(rest, stem(rest)) or stemmed.endswith(c.stem) for c in vocab.complaints
                       if len(c.stem) >= 4 and not c.exact):
                    return True
    return False


def _allowed(vocab: Vocabulary, tokens: list[_Token]) -> set[int]:
    words = [t.text.lower() for t in tokens]
    skip = {i for i, t in enumerate(tokens) if t.forms[0][0] in vocab.allow_words}
    for phrase in vocab.allow_phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == phrase:
                skip.update(range(i, i + n))
    return skip


def _sentence_hits(vocab: Vocabulary, tokens: list[_Token]) -> set[int]:
    skip = _allowed(vocab, tokens)
    hits: set[int] = set()
    body, complaints = [], []
    for i, token in enumerate(tokens):
        if i in skip:
            continue
        if _hit(vocab.terms, tokens, i) or _body_compound(vocab, token):
            hits.add(i)
        if _is_body(vocab, token):
            body.append(i)
        if _hit(vocab.complaints, tokens, i):
            complaints.append(i)
    for b in body:
        for c in complaints:
            if b != c and abs(b - c) <= WINDOW:
                hits.update((b, c))
    stems = [t.forms[0][1] for t in tokens]
    for phrase in vocab.phrases:
        n = len(phrase)
        for i in range(len(stems) - n + 1):
            if tuple(stems[i:i + n]) == phrase and not skip.intersection(range(i, i + n)):
                hits.update(range(i, i + n))
    return hits


def medical_words(text: str | None) -> list[str]:
    """The words of `text` (as typed, each once, in order) that look like medical information."""
    if not text:
        return []
    vocab, found = vocabulary(), []
    for sentence in _SENTENCE.split(text):
        tokens = _tokens(sentence)
        for i in sorted(_sentence_hits(vocab, tokens)):
            if tokens[i].text.lower() not in {w.lower() for w in found}:
                found.append(tokens[i].text)
    return found


def looks_medical(text: str | None) -> bool:
    return bool(medical_words(text))


def highlight(text: str, words: list[str]) -> Markup:
    """`text` escaped, with each of `words` (whole words) marked."""
    if not words:
        return escape(text)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                         + r")(?![\w-])", re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out += [escape(text[last:match.start()]), Markup("<mark>{}</mark>").format(match.group(0))]
        last = match.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


# --- declared fields and the check ----------------------------------------------------------

@dataclass(frozen=True)
class EmployerField:
    """A free-text field whose content an employer reads once it is stored as shared."""

    key: str  # "advisor.note", "timeline.pause" ... (used in the audit detail)
    label: str  # Dutch, as the audit log shows it


FIELDS: dict[str, EmployerField] = {}


def employer_visible(key: str, label: str) -> EmployerField:
    """Declare a field employer-visible (once, at import of the feature)."""
    declared = FIELDS.setdefault(key, EmployerField(key, label))
    return declared


def passes(form, names: list, trajectory, declared: EmployerField, active: bool = True) -> bool:
    """Whether the form's fields `names` (names, or the fields themselves) may be stored as employer-visible.

    False (with errors and highlights on the fields) when one looks medical and the user has
    not confirmed it with a reason; a confirmation is audited. `active=False` (the text will
    not be shared, e.g. an internal note) lets everything through.
    """
    if not active:
        return True
    fields = [form[name] if isinstance(name, str) else name for name in names]
    stopped = [(f, medical_words(f.data)) for f in fields]
    stopped = [(f, words) for f, words in stopped if words]
    if not stopped:
        return True
    confirmed = request.form.get(CONFIRM_FIELD) == "1"
    reason = (request.form.get(REASON_FIELD) or "").strip()
    if confirmed and len(reason) >= REASON_MIN:
        _audit_override(trajectory, declared, [w for _, words in stopped for w in words], reason)
        return True
    for number, (f, words) in enumerate(stopped):
        f.errors = [*f.errors, STOPPED.format(words=", ".join(words))]
        f.medical_preview = highlight(f.data or "", words)
        if number == 0:
            f.gate_confirm = {"checked": confirmed, "reason": reason,
                              "error": REASON_MISSING if confirmed else ""}
    return False


def _audit_override(trajectory, declared: EmployerField, words: list[str], reason: str) -> None:
    from portal.audit.models import AuditAction
    from portal.audit.services import record

    record(AuditAction.OVERRIDE, trajectory,
           detail=f"{declared.label}: gedeeld ondanks {', '.join(words)}. Reden: {reason}",
           permission=declared.key)


def audit_retraction(trajectory, declared: EmployerField, detail: str) -> None:
    """Audit that a shared text was withdrawn from the employer's view."""
    from portal.audit.models import AuditAction
    from portal.audit.services import record

    record(AuditAction.RETRACT, trajectory, detail=f"{declared.label}: {detail}", permission=declared.key)
