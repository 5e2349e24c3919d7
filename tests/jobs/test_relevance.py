"""Search relevance on a labelled set of queries against the demo vacancies.

Reports precision@10 and recall per query and on average (printed, and kept as the test's
user properties), and fails when either falls below its floor. The Dutch cases of issue 22
("planners", "receptie", "zorg") are held to full recall; they run on SQLite and, with
TEST_DATABASE_URL set, on PostgreSQL.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from portal.extensions import db
from portal.jobs.demo import TEMPLATES
from portal.jobs.search import MAX_PAGE, SearchParams, listing, search_vacancies

SET = Path(__file__).with_name("relevance.csv")
PRECISION_FLOOR, RECALL_FLOOR = 0.85, 0.9


def _labelled() -> list[tuple[str, set[str]]]:
    with SET.open(encoding="utf-8") as handle:
        rows = csv.DictReader((line for line in handle if not line.startswith("#")), delimiter=";")
        labelled = []
        for row in rows:
            titles = set()
            for label in row["relevant"].split("|"):
                titles |= set(TEMPLATES[label[1:]][0]) if label.startswith("@") else {label}
            labelled.append((row["query"], titles))
    return labelled


def _ranked(query: str) -> list[tuple[int, str]]:
    """(id, title) of every hit in the search's own order (relevance)."""
    hits, page = [], 1
    while page <= MAX_PAGE:
        result = search_vacancies(SearchParams.from_args(MultiDict({"q": query, "pagina": str(page)})), today=TODAY[0])
        hits += [(v.id, v.title) for v in result.items]
        if page >= result.pages:
            return hits
        page += 1
    return hits


TODAY = [None]


def test_set_has_at_least_fifty_queries():
    assert len(_labelled()) >= 50


def test_relevance_report(demo, record_property, capsys):
    TODAY[0] = demo.today
    open_titles = [v.title for v in db.session.scalars(listing(demo.today))]
    lines, precisions, recalls, weak = [], [], [], []
    for query, relevant in _labelled():
        hits = _ranked(query)
        wanted = sum(1 for t in open_titles if t in relevant)
        top = hits[:10]
        precision = sum(1 for _, t in top if t in relevant) / len(top) if top else 0.0
        recall = sum(1 for _, t in hits if t in relevant) / wanted if wanted else 1.0
        precisions.append(precision)
        recalls.append(recall)
        lines.append(f"{query:28} hits {len(hits):4}  P@10 {precision:4.2f}  recall {recall:4.2f}")
        if precision < 0.5 or recall < 0.5:
            weak.append(query)
    mean_p, mean_r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    dialect = db.session.get_bind().dialect.name
    record_property("precision_at_10", round(mean_p, 3))
    record_property("recall", round(mean_r, 3))
    with capsys.disabled():
        print(f"\nSearch relevance on {dialect}, {len(lines)} queries:\n" + "\n".join(lines))
        print(f"mean precision@10 {mean_p:.3f}, mean recall {mean_r:.3f}; weak: {', '.join(weak) or 'none'}")
    assert mean_p >= PRECISION_FLOOR and mean_r >= RECALL_FLOOR, (mean_p, mean_r, weak)


@pytest.mark.parametrize(("query", "must_find"), [
    ("planners", {"Planner thuiszorg", "Planner transport"}),
    ("receptie", {"Telefonist receptionist"}),
    ("zorg", {"Planner thuiszorg"}),
])
def test_dutch_words_from_the_issue(demo, query, must_find):
    TODAY[0] = demo.today
    found = {title for _, title in _ranked(query)}
    assert must_find <= found, (query, must_find - found)
