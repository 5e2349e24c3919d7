"""Verification codes: short enough to type, long enough that guessing is hopeless."""

from __future__ import annotations

import secrets

# Crockford-style alphabet: no I, L, O, U, so codes survive reading aloud and retyping.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS = 3  # 12 characters of 5 bits: 60 bits of randomness
GROUP_SIZE = 4
PREFIX = "TS"
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def new_code() -> str:
    """A fresh random code in its normalised form ("TS7K3MQ9PA2B4C")."""
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_SIZE))


def normalise(text: str) -> str | None:
    """Accept what people type ("ts-7k3m q9pa-2b4c") and return the stored form, or None."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    if cleaned.startswith(PREFIX):
        cleaned = cleaned[len(PREFIX):]
    cleaned = cleaned.translate(_CONFUSABLE)
    if len(cleaned) != GROUPS * GROUP_SIZE or any(ch not in ALPHABET for ch in cleaned):
        return None
    return PREFIX + cleaned


def display_code(code: str) -> str:
    """The stored form with dashes: "TS-7K3M-Q9PA-2B4C"."""
    body = code[len(PREFIX):]
    return "-".join([PREFIX] + [body[i:i + GROUP_SIZE] for i in range(0, len(body), GROUP_SIZE)])
