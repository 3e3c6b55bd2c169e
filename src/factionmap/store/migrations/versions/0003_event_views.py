"""Views of the events: as extracted, and as an analyst sees them (reviews applied, dates as intervals).

``extracted_events`` joins each event to its document and its latest review,
and turns its (partial) date into a ``date_start``/``date_end`` interval of
ISO days: "2016" is 2016-01-01..2016-12-31, "2016-08" 2016-08-01..2016-08-31,
a decade ("2010", granularity decade) 2010-01-01..2019-12-31.
``analyst_events`` is the same with the latest review applied: a "wrong"
verdict hides the event, a "corrected" one replaces its type, actor or
recipient (the extracted values stay in ``extracted_*``). The store, the map,
the API, the CLI and Datasette all read these views.

The PLOVER quad groups are written out here because a migration is a snapshot:
it must build the same view whatever the package's data files say later.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_QUADS = {
    "verbal cooperation": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE"),
    "material cooperation": ("COOPERATE", "AID", "RETREAT"),
    "verbal conflict": ("REQUEST", "ACCUSE", "REJECT", "THREATEN"),
    "material conflict": ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}


def _matches(dialect: str, col: str, form: str) -> str:
    """``col`` has the shape of a day (possibly followed by a time), a month or a year."""
    if dialect == "postgresql":
        rx = {"day": "^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].*)?$", "month": "^[0-9]{4}-[0-9]{2}$", "year": "^[0-9]{4}$"}
        return f"{col} ~ '{rx[form]}'"
    glob = {"day": "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]", "month": "[0-9][0-9][0-9][0-9]-[0-9][0-9]",
            "year": "[0-9][0-9][0-9][0-9]"}
    day_tail = f" OR {col} GLOB '{glob['day']}[T ]*'" if form == "day" else ""
    return f"({col} GLOB '{glob[form]}'{day_tail})"


def _interval(dialect: str, d: str, g: str) -> tuple[str, str]:
    """SQL for the first and last ISO day of the partial date ``d`` (granularity ``g``)."""
    day, month, year = (_matches(dialect, d, f) for f in ("day", "month", "year"))
    mm = f"substr({d}, 6, 2)"
    dd = f"substr({d}, 9, 2)"
    valid_month = f"{mm} BETWEEN '01' AND '12'"
    valid_day = f"{valid_month} AND {dd} BETWEEN '01' AND '31'"
    y = f"CAST(substr({d}, 1, 4) AS INTEGER)"
    leap = f"({y} % 4 = 0 AND ({y} % 100 <> 0 OR {y} % 400 = 0))"
    last_day = (f"CASE {mm} WHEN '02' THEN (CASE WHEN {leap} THEN '29' ELSE '28' END)"
                " WHEN '04' THEN '30' WHEN '06' THEN '30' WHEN '09' THEN '30' WHEN '11' THEN '30' ELSE '31' END")
    decade_end = f"CAST({y} + 9 AS TEXT) || '-12-31'"
    start = (f"CASE WHEN {day} AND {valid_day} THEN substr({d}, 1, 10)"
             f" WHEN {month} AND {valid_month} THEN {d} || '-01'"
             f" WHEN {year} THEN {d} || '-01-01' END")
    end = (f"CASE WHEN {day} AND {valid_day} THEN substr({d}, 1, 10)"
           f" WHEN {month} AND {valid_month} THEN {d} || '-' || ({last_day})"
           f" WHEN {year} AND {g} = 'decade' THEN {decade_end}"
           f" WHEN {year} THEN {d} || '-12-31' END")
    return start, end


def _extracted_sql(dialect: str) -> str:
    d = "COALESCE(e.date, d.date)"
    start, end = _interval(dialect, d, "e.date_granularity")
    return f"""
SELECT e.id AS id, e.doc_id AS doc_id,
  e.actor AS actor, e.recipient AS recipient, e.type AS type, e.quad AS quad, e.polarity AS polarity,
  e.mode AS mode, e.mutual AS mutual, e.status AS status, e.claimed_by AS claimed_by, e.aux AS aux,
  {d} AS date, {start} AS date_start, {end} AS date_end, e.date_granularity AS date_granularity,
  e.location AS location, e.place AS place, e.country AS country, e.admin1 AS admin1, e.lat AS lat, e.lon AS lon,
  e.evidence AS evidence, e.evidence_start AS evidence_start, e.evidence_end AS evidence_end,
  e.sentence AS sentence, e.trigger AS trigger, e.trigger_start AS trigger_start, e.confidence AS confidence,
  e.actor AS extracted_actor, e.recipient AS extracted_recipient, e.type AS extracted_type,
  d.title AS doc_title, d.date AS doc_date, d.outlet AS doc_outlet, d.url AS doc_url,
  rv.id AS review_id, rv.verdict AS review_verdict, rv.reviewer AS review_reviewer,
  rv.created_at AS review_created_at, rv.note AS review_note, rv.type AS review_type,
  rv.actor AS review_actor, rv.recipient AS review_recipient
FROM events e
JOIN documents d ON d.id = e.doc_id
LEFT JOIN (
  SELECT r.* FROM reviews r
  JOIN (SELECT event_id, MAX(id) AS mid FROM reviews GROUP BY event_id) lr ON lr.mid = r.id
) rv ON rv.event_id = e.id"""


def _analyst_sql() -> str:
    def eff(col: str) -> str:
        return f"CASE WHEN review_verdict = 'corrected' AND review_{col} IS NOT NULL THEN review_{col} ELSE {col} END"

    t = eff("type")
    quad = "CASE " + " ".join(f"WHEN {t} IN ({', '.join(repr(x) for x in ts)}) THEN '{q}'"
                              for q, ts in _QUADS.items()) + " END"
    polarity = (f"CASE WHEN ({quad}) LIKE '%cooperation' THEN 'cooperation' "
                f"WHEN ({quad}) LIKE '%conflict' THEN 'conflict' END")
    return f"""
SELECT id, doc_id, {eff('actor')} AS actor, {eff('recipient')} AS recipient, {t} AS type,
  {quad} AS quad, {polarity} AS polarity,
  mode, mutual, status, claimed_by, aux, date, date_start, date_end, date_granularity,
  location, place, country, admin1, lat, lon, evidence, evidence_start, evidence_end,
  sentence, trigger, trigger_start, confidence, extracted_actor, extracted_recipient, extracted_type,
  doc_title, doc_date, doc_outlet, doc_url,
  review_id, review_verdict, review_reviewer, review_created_at, review_note, review_type,
  review_actor, review_recipient
FROM extracted_events
WHERE review_verdict IS NULL OR review_verdict <> 'wrong'"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.execute(f"CREATE VIEW extracted_events AS {_extracted_sql(dialect)}")
    op.execute(f"CREATE VIEW analyst_events AS {_analyst_sql()}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS analyst_events")
    op.execute("DROP VIEW IF EXISTS extracted_events")
