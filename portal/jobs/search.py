"""Vacancy search: full text in the database's own engine, filters, sorting, pagination.

Both databases understand Dutch the same way (see `analysis.py`): every word typed is
matched as a prefix, as a prefix of its Snowball Dutch stem, as the last part of a compound
("zorg" finds "thuiszorg"), and so are its synonyms. SQLite uses FTS5 with a `terms` column
of stems and tails; PostgreSQL the `dutch` configuration and tails in the tsvector (a quoted
phrase there goes through `websearch_to_tsquery`).
Distance uses a bounding box and an equirectangular approximation in SQL (no trigonometry
needed in the database); the page shows exact haversine kilometres.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import Date, Integer, String, and_, bindparam, func, literal_column, or_, select, table, text, union
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import BindParameter

from portal.extensions import db
from portal.jobs import places
from portal.jobs.analysis import alternatives, stem, tokens
from portal.jobs.models import EducationLevel, Sector, Vacancy, VacancyStatus
from portal.jobs.rules import EDUCATION_ORDER, bounding_box, fold, haversine_km

PER_PAGE = 20
FIT_WINDOW = 100  # results re-ranked by fit in the automatic sort: five pages, a bounded amount
MAX_PAGE = 50  # bounded pagination: nobody reads past 1,000 results; narrow the search instead
SORTS = {"relevantie": "Meest relevant", "datum": "Nieuwste eerst", "afstand": "Dichtstbij"}
POSTED_WITHIN = {1: "Afgelopen 24 uur", 3: "Afgelopen 3 dagen", 7: "Afgelopen week", 30: "Afgelopen maand"}
DISTANCES = (5, 10, 15, 25, 40, 60, 100)
DEFAULT_PLACE_RADIUS_KM = 10
HOURS_PROBLEM = "Vul een aantal uren van 1 tot 60 in. Dit filter doet nu niet mee."
_WORD = re.compile(r"-?[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


def _int(value, low: int, high: int) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


@dataclass
class SearchParams:
    """What someone asked for, already checked: anything unusable is simply left out."""

    q: str = ""
    place: str = ""
    postcode: str = ""
    distance_km: int | None = None
    hours_min: int | None = None
    hours_max: int | None = None
    education: str = ""
    sectors: list[str] = field(default_factory=list)
    posted_within: int | None = None
    sort: str = ""
    page: int = 1
    # Filters we could not use, by query parameter: a Dutch message shown next to the filter.
    problems: dict[str, str] = field(default_factory=dict)
    # What was typed into a filter we could not use, to show it back.
    typed: dict[str, str] = field(default_factory=dict)
    # A correction we made ("Bedoelde je Culemborg?"), shown next to its filter.
    suggestions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> SearchParams:
        """Parse query parameters defensively (a bad value never raises); every value that
        cannot be used is left out and explained in `problems`."""
        sectors = [s for s in args.getlist("sector") if s in {m.value for m in Sector}]
        education = args.get("opleiding", "")
        posted = _int(args.get("geplaatst"), 1, 365)
        params = cls(
            q=(args.get("q") or "").strip()[:200],
            place=(args.get("plaats") or "").strip()[:100],
            postcode=places.normalise_postcode(args.get("postcode")),
            distance_km=_int(args.get("afstand"), 1, 300),
            hours_min=_int(args.get("uren_min"), 1, 60),
            hours_max=_int(args.get("uren_max"), 1, 60),
            education=education if education in {m.value for m in EducationLevel} else "",
            sectors=sectors[:12],
            posted_within=posted if posted in POSTED_WITHIN else None,
            sort=args.get("sorteer", "") if args.get("sorteer", "") in SORTS else "",
            page=_int(args.get("pagina"), 1, MAX_PAGE) or 1,
        )
        params._explain(args)
        return params

    def _explain(self, args) -> None:
        def given(name: str) -> str:
            return (args.get(name) or "").strip()[:20]

        for name, value in (("uren_min", self.hours_min), ("uren_max", self.hours_max)):
            if given(name) and value is None:
                self.problems[name] = HOURS_PROBLEM
                self.typed[name] = given(name)
        if self.hours_min and self.hours_max and self.hours_min > self.hours_max:
            self.hours_min, self.hours_max = self.hours_max, self.hours_min
            self.problems["uren_max"] = (
                f"'Tot' was lager dan 'vanaf'. We hebben ze omgedraaid: {self.hours_min} tot {self.hours_max} uur."
            )
        if given("postcode") and not self.postcode:
            self.problems["postcode"] = "Onbekende postcode. Vul een postcode in zoals 3511 AB. We zoeken nu zonder afstand."
            self.typed["postcode"] = given("postcode")
        if given("afstand") and self.distance_km is None:
            self.problems["afstand"] = "Kies een afstand uit de lijst."
        if given("geplaatst") and self.posted_within is None:
            self.problems["geplaatst"] = "Kies een periode uit de lijst."

    def home(self) -> places.Place | None:
        """The place to measure distance from; a misspelt place name is read as the known
        place it most likely means, and that is said next to the field."""
        found = places.locate(self.postcode, self.place)
        if found is None and self.place and not self.postcode and (guess := places.closest_name(self.place)):
            self.suggestions["plaats"] = f"Bedoelde je {guess}? We zoeken nu in {guess} (je typte '{self.place}')."
            self.place = guess
            found = places.place_by_name(guess)
        return found

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.place or self.postcode or self.hours_min or self.hours_max
                    or self.education or self.sectors or self.posted_within or self.problems)


@dataclass
class SearchResult:
    items: list[Vacancy]
    total: int
    page: int
    pages: int
    home: places.Place | None = None
    distances: dict[int, float] = field(default_factory=dict)
    sort: str = "datum"


def words(query: str) -> tuple[list[str], list[str]]:
    """Split what people typed into wanted and unwanted (leading '-') words."""
    wanted, unwanted = [], []
    for token in _WORD.findall(query or "")[:12]:
        (unwanted if token.startswith("-") else wanted).append(token.lstrip("-"))
    return wanted, unwanted


def _alternatives(word: str) -> list[str]:
    """The folded forms to look for: the word and its synonyms (a word with an apostrophe,
    "auto's", stays one phrase)."""
    return alternatives(word) if len(tokens(word)) == 1 else [word]


@lru_cache(maxsize=1024)
def fts5_query(query: str) -> str:
    """A safe FTS5 MATCH expression: per word typed, the word or a synonym as a prefix, or
    their stems as a prefix of the `terms` column (stems and compound tails); all words.

    A pure function of what was typed (stems and synonyms are fixed per process), so each
    query is analysed once per worker, not on every page."""
    wanted, unwanted = words(query)
    if not wanted:
        return ""
    groups = []
    for word in wanted:
        options = []
        for form in _alternatives(word):
            root = stem(form) if len(tokens(form)) == 1 else form
            # A stem that begins the word covers the word's own prefix in every column: one
            # prefix scan instead of two (the cost of a search grows with its phrases).
            options += [f'"{root}"*'] if form.startswith(root) else [f'"{form}"*', f'terms : "{root}"*']
        groups.append("(" + " OR ".join(_without_covered(options)) + ")")
    expression = " AND ".join(groups)
    for word in unwanted:
        expression += f' NOT "{word}"'
    return expression


def _without_covered(options: list[str]) -> list[str]:
    """Leave out a prefix phrase that a shorter one already covers ("planner"* covers "planners"*)."""
    unique = list(dict.fromkeys(options))
    prefixes = [o[1:-2] for o in unique if o.startswith('"')]
    return [o for o in unique if not (o.startswith('"') and any(
        p != o[1:-2] and o[1:-2].startswith(p) for p in prefixes))]


def _pg_tsquery(wanted: list[str], unwanted: list[str]):
    """Per word: its Dutch stem or the raw form as a prefix, for the word and its synonyms
    (the raw prefix also reaches the compound tails); all words; none of the unwanted."""

    def clean(word: str) -> str:
        return re.sub(r"[^\w]", "", fold(word))

    query = None
    for word in wanted:
        group = None
        for form in sorted({clean(f) for f in _alternatives(word)} - {""}):
            # The stem as a prefix covers the word's own prefix when the stem begins it (as on
            # SQLite); short words keep the plain prefix too (a stop word has no stem).
            configs = ("dutch",) if form.startswith(stem(form)) and len(form) > 4 else ("dutch", "simple")
            for config in configs:
                part = func.to_tsquery(config, f"{form}:*")
                group = part if group is None else group.op("||")(part)
        if group is not None:
            query = group if query is None else query.op("&&")(group)
    for word in {clean(w) for w in unwanted} - {""}:
        query = query.op("&&")(func.to_tsquery("simple", f"!{word}")) if query is not None else None
    return query


_BM25 = "bm25(vacancy_fts, 10.0, 4.0, 1.0, 2.0)"  # title, organisation, body, stems and tails


def _ranked_rows(stmt: Select, score, limit: int, offset: int):
    """SQLite, in relevance order: one page of (id, total) from a statement joined to the
    index by `_text_filter`. bm25 can only be called next to its MATCH, not beside a window
    function, so the passing hits are materialized with their score and sort keys first."""
    hits = (stmt.with_only_columns(Vacancy.id.label("id"), Vacancy.posted_on.label("posted_on"),
                                   score.label("score"))
            .order_by(None).cte("hits").prefix_with("MATERIALIZED"))
    return (select(hits.c.id, func.count().over().label("total"))
            .order_by(hits.c.score, hits.c.posted_on.desc(), hits.c.id.desc()).limit(limit).offset(offset))


def _fts_hits(match: str | None):
    """SQLite: every hit of the MATCH expression with its bm25 score, materialized once
    (`match` None: the expression is bound at execution as `match`)."""
    matches = text("vacancy_fts MATCH :match").bindparams(
        bindparam("match", type_=String) if match is None else bindparam("match", match, type_=String))
    return (
        select(literal_column("rowid").label("vacancy_id"),
               literal_column(_BM25).label("score"))
        .select_from(table("vacancy_fts"))
        .where(matches)
        # Materialized first: otherwise SQLite walks every active vacancy and probes the
        # FTS table per row (seconds at 10,000 vacancies instead of milliseconds).
        .cte("fts").prefix_with("MATERIALIZED")
        )


def _text_filter(stmt: Select, query: str, dialect: str):
    """Add the full-text condition; returns (statement, score column or None)."""
    if dialect == "sqlite":
        match = fts5_query(query)
        if not match:
            return stmt, None
        # The index drives the join (the unary + keeps SQLite from probing it per vacancy by
        # rowid), so the filters run on each hit and bm25 is computed only for the hits
        # that pass them, not for every hit of the words (see `_ranked_rows`).
        stmt = (stmt.join(table("vacancy_fts"), Vacancy.id == literal_column("+vacancy_fts.rowid"))
                .where(text("vacancy_fts MATCH :match").bindparams(match=match)))
        return stmt, literal_column(_BM25)
    if dialect == "postgresql":
        wanted, unwanted = words(query)
        tsquery = func.websearch_to_tsquery("dutch", query) if '"' in query else _pg_tsquery(wanted, unwanted)
        if not wanted or tsquery is None:
            return stmt, None
        stmt = stmt.where(Vacancy.search_document.op("@@")(tsquery))
        return stmt, -func.ts_rank_cd(Vacancy.search_document, tsquery)
    # Other databases: a plain LIKE over title and organisation.
    like = f"%{query}%"
    return stmt.where(or_(Vacancy.title.ilike(like), Vacancy.organisation.ilike(like))), None


# The narrow cut is the cheaper route at every number of hits measured (from 150 to 4,400
# hits of 10,000 vacancies, bench/jobs_search.py), so no count probe decides by default. A
# positive value restores the probe: fewer hits than this run the plain statement.
NARROW_MIN_HITS = 0
# How many hits past the page the narrow cut keeps (vacancies that are closed or private
# fall out after the cut; with fewer than a page left the search runs the plain way).
CUT_MARGIN = 40


def _unlisted(today: date | BindParameter):
    """The ids of the vacancies `listing` leaves out, each condition through its own index."""
    active = VacancyStatus.ACTIVE.value
    return union(
        select(Vacancy.id).where(Vacancy.status < active),
        select(Vacancy.id).where(Vacancy.status > active),
        select(Vacancy.id).where(Vacancy.closes_on < today),
        select(Vacancy.id).where(Vacancy.owner_trajectory_id.is_not(None)),
    )


def listed_count(today: date) -> int:
    """How many vacancies the listing shows: all of them minus the few it leaves out."""
    return db.session.scalar(
        select(select(func.count(Vacancy.id)).scalar_subquery()
               - select(func.count()).select_from(_unlisted(today).subquery()).scalar_subquery())) or 0


def _sqlite_text_page(match: str, today: date, limit: int, offset: int) -> tuple[list[int], int] | None:
    """A plain text search on SQLite, ranked and cut on the narrow hits first.

    The hits and their bm25 scores are materialized once. Only the hits scoring at least as
    well as the (offset + limit + CUT_MARGIN)-th hit are joined to the vacancies and sorted
    with the tie-breaks (newest first), instead of every hit of a broad word. The total is
    the number of hits minus those that are not on the listing (closed, past their closing
    date, private), found through their own indexes instead of looking up every hit.

    Gives the same page as the plain statement, or None when the cut left too few listed
    vacancies for this page (the caller then runs the plain statement).
    """
    rows = db.session.execute(_narrow_statement(), {
        "match": match, "today": today, "cut_at": offset + limit + CUT_MARGIN, "limit": limit, "offset": offset,
    }).all()
    if not rows:
        return None
    ids, hits = [row[0] for row in rows], rows[0].total
    if len(ids) < limit and hits > offset + len(ids):
        return None
    return ids, hits


@lru_cache(maxsize=1)
def _narrow_statement() -> Select:
    """The statement of `_sqlite_text_page`, built once per process: everything that changes
    per search (the MATCH expression, today, the cut and the page) is a bound parameter, so
    a search no longer spends its time building and hashing this statement again."""
    fts = _fts_hits(None)
    today = bindparam("today", type_=Date)
    unlisted = _unlisted(today).cte("unlisted")
    total = (select(func.count()).select_from(fts).scalar_subquery()
             - select(func.count()).select_from(unlisted)
             .where(unlisted.c.id.in_(select(fts.c.vacancy_id))).scalar_subquery())
    cut = (select(fts.c.score).order_by(fts.c.score).limit(1).offset(bindparam("cut_at", type_=Integer))
           .scalar_subquery())
    return (
        listing(today).with_only_columns(Vacancy.id, total.label("total"))
        .join(fts, fts.c.vacancy_id == Vacancy.id)
        .where(fts.c.score <= func.coalesce(cut, literal_column("1e300")))
        .order_by(fts.c.score, Vacancy.posted_on.desc(), Vacancy.id.desc())
        .limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer))
    )


@lru_cache(maxsize=1)
def _hit_count_statement() -> Select:
    """SQLite: how many documents the bound MATCH expression finds (no scores)."""
    return (select(func.count()).select_from(table("vacancy_fts"))
            .where(text("vacancy_fts MATCH :match").bindparams(bindparam("match", type_=String))))


@lru_cache(maxsize=1)
def _by_ids_statement() -> Select:
    """The vacancies of one page by their ids (an expanding IN, built once)."""
    return select(Vacancy).where(Vacancy.id.in_(bindparam("ids", expanding=True)))


def listing(today: date | BindParameter) -> Select:
    """Vacancies on the public listing: active, not past their closing date, not private."""
    return select(Vacancy).where(
        Vacancy.status == VacancyStatus.ACTIVE,
        or_(Vacancy.closes_on.is_(None), Vacancy.closes_on >= today),
        Vacancy.owner_trajectory_id.is_(None),
    )


def search_vacancies(
    params: SearchParams, today: date | None = None, rank: Callable[[Vacancy], tuple] | None = None
) -> SearchResult:
    """Run one search page (one query for the page and the count, one for the vacancies).

    With `rank` (a sort key, e.g. the fit with a search profile) and the automatic sort, the
    first `FIT_WINDOW` results in relevance or date order are re-ranked by that key (stable,
    so relevance or date breaks ties); later pages follow in the plain order. The page query
    is then one bounded query of `FIT_WINDOW` rows instead of `PER_PAGE`.
    """
    today = today or date.today()
    stmt = listing(today)
    dialect = db.session.get_bind().dialect.name
    score = None
    if params.q:
        stmt, score = _text_filter(stmt, params.q, dialect)
    filtered = bool(params.hours_max or params.hours_min or params.education or params.sectors
                    or params.posted_within)
    if params.hours_max:
        stmt = stmt.where(or_(Vacancy.hours_min.is_(None), Vacancy.hours_min <= params.hours_max))
    if params.hours_min:
        stmt = stmt.where(or_(Vacancy.hours_max.is_(None), Vacancy.hours_max >= params.hours_min))
    if params.education:
        allowed = EDUCATION_ORDER[: EDUCATION_ORDER.index(params.education) + 1]
        stmt = stmt.where(Vacancy.education_level.in_(allowed))
    if params.sectors:
        stmt = stmt.where(Vacancy.sector.in_(params.sectors))
    if params.posted_within:
        stmt = stmt.where(Vacancy.posted_on >= today - timedelta(days=params.posted_within))

    home = params.home()
    radius = params.distance_km or (DEFAULT_PLACE_RADIUS_KM if home and params.place and not params.postcode else None)
    approx = None
    if home:
        k = math.cos(math.radians(home.lat))
        # Squared equirectangular distance in "degrees of latitude": good to <1% in NL.
        approx = (Vacancy.lat - home.lat) * (Vacancy.lat - home.lat) + (
            (Vacancy.lon - home.lon) * k * (Vacancy.lon - home.lon) * k
        )
        if radius:
            min_lat, max_lat, min_lon, max_lon = bounding_box(home.lat, home.lon, radius)
            stmt = stmt.where(
                and_(Vacancy.lat.between(min_lat, max_lat), Vacancy.lon.between(min_lon, max_lon)),
                approx <= (radius / 111.2) ** 2,
            )
            filtered = True
    elif params.place:
        stmt = stmt.where(Vacancy.city.ilike(params.place))
        filtered = True
    if home is None and params.place:
        params.problems.setdefault("plaats", "Deze plaats kennen we niet. We zoeken op precies deze plaatsnaam, "
                                             "zonder afstand.")
    elif home is None and params.distance_km:
        params.problems.setdefault("afstand", "Vul een plaats of postcode in om op afstand te zoeken.")

    sort = params.sort or ("relevantie" if score is not None else "datum")
    if sort == "afstand" and approx is not None:
        order = [Vacancy.lat.is_(None), approx, Vacancy.posted_on.desc(), Vacancy.id.desc()]
    elif sort == "relevantie" and score is not None:
        order = [score, Vacancy.posted_on.desc(), Vacancy.id.desc()]
    else:
        sort = "datum"
        order = [Vacancy.posted_on.desc(), Vacancy.id.desc()]

    # The page and the total come from one statement: a window count over all hits (the
    # database scans the hits once instead of twice; on PostgreSQL a broad text search
    # reads every vacancy). Only a page past the end needs a second look.
    total_hits = func.count().over().label("total")

    def fit_ranked(number: int) -> bool:
        return rank is not None and not params.sort and number * PER_PAGE <= FIT_WINDOW

    # A plain text search on SQLite (nothing but the words) ranks and cuts on the narrow
    # hits first: see `_sqlite_text_page`.
    match = fts5_query(params.q) if score is not None and dialect == "sqlite" and sort == "relevantie" else ""
    narrow_first = bool(match) and not filtered and (
        NARROW_MIN_HITS <= 0 or db.session.scalar(_hit_count_statement(), {"match": match}) >= NARROW_MIN_HITS)

    def count() -> int:
        if score is None and not filtered and home is None:
            return listed_count(today)
        return db.session.scalar(
            select(func.count()).select_from(stmt.with_only_columns(Vacancy.id).order_by(None).subquery())) or 0

    def rows_for(number: int) -> tuple[list[int], int | None]:
        """The ids of one page (or of the fit window) in order, and the total when known."""
        limit, offset = (FIT_WINDOW, 0) if fit_ranked(number) else (PER_PAGE, (number - 1) * PER_PAGE)
        if narrow_first and (found := _sqlite_text_page(match, today, limit, offset)) is not None:
            return found
        if score is None and sort == "datum":
            # Without a text score the newest-first order comes from an index: the page stops after 20
            # rows, and the count is its own query (a window count would read every row).
            ids = list(db.session.scalars(stmt.with_only_columns(Vacancy.id).order_by(*order)
                                          .limit(limit).offset(offset)))
            return ids, (offset + len(ids) if ids and len(ids) < limit else None)
        if dialect == "sqlite" and sort == "relevantie":
            rows = db.session.execute(_ranked_rows(stmt, score, limit, offset)).all()
        else:
            rows = db.session.execute(stmt.with_only_columns(Vacancy.id, total_hits).order_by(*order)
                                      .limit(limit).offset(offset)).all()
        return [row[0] for row in rows], (rows[0].total if rows else None)

    ids, total = rows_for(params.page)
    if total is None:
        total = count()
    pages = max(1, min(MAX_PAGE, math.ceil(total / PER_PAGE)))
    page = min(params.page, pages)
    if page != params.page and total:  # asked past the last page: show the last one
        ids, _ = rows_for(page)
    # Sort and cut only the narrow (id, sort keys) rows, then load the whole vacancies:
    # sorting every hit with its description made a broad search several times slower.
    by_id = {v.id: v for v in db.session.scalars(_by_ids_statement(), {"ids": ids})} if ids else {}
    loaded = [by_id[i] for i in ids if i in by_id]
    if fit_ranked(page):
        window = sorted(loaded, key=rank)
        items = window[(page - 1) * PER_PAGE: page * PER_PAGE]
        sort = "passend"
    else:
        items = loaded
    distances = {}
    if home:
        distances = {
            v.id: haversine_km(home.lat, home.lon, v.lat, v.lon) for v in items if v.lat is not None and v.lon is not None
        }
    return SearchResult(items, total, page, pages, home, distances, sort)
