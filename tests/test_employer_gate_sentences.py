"""Recall and false alarms of the medical check on a labelled set of advisor sentences.

The figures are printed in the terminal summary of every run (see tests/conftest.py).
"""

from __future__ import annotations

from pathlib import Path

from portal.employer_gate import looks_medical

SENTENCES = Path(__file__).parent / "data" / "employer_text_sentences.tsv"
MIN_RECALL, MAX_FALSE_ALARMS = 0.95, 0.05


def _labelled() -> list[tuple[str, str]]:
    rows = []
    for line in SENTENCES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, sentence = line.split("\t", 1)
            assert label in {"medical", "work"}, line
            rows.append((label, sentence))
    return rows


def test_the_set_is_large_and_balanced():
    rows = _labelled()
    assert len(rows) >= 200
    assert len({s for _, s in rows}) == len(rows), "a sentence is listed twice"
    medical = sum(1 for label, _ in rows if label == "medical")
    assert 0.35 < medical / len(rows) < 0.65


def test_recall_and_false_alarm_rate(record_property):
    rows = _labelled()
    medical = [s for label, s in rows if label == "medical"]
    work = [s for label, s in rows if label == "work"]
    missed = [s for s in medical if not looks_medical(s)]
    alarms = [s for s in work if looks_medical(s)]
    recall = 1 - len(missed) / len(medical)
    false_alarms = len(alarms) / len(work)
    record_property("medical_check", f"recall {recall:.1%} ({len(medical) - len(missed)}/{len(medical)}), "
                                     f"false alarms {false_alarms:.1%} ({len(alarms)}/{len(work)})")
    assert recall >= MIN_RECALL, f"missed: {missed}"
    assert false_alarms <= MAX_FALSE_ALARMS, f"false alarms: {alarms}"
