"""Writing a checked export into the database: one transaction, one bulk insert per table.

The columns an entry copies as they are come from `schema` (`Section.columns`); the links
(refs to new ids, table numbers to table ids) are made here.
"""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import insert, select, update

from app.extensions import db, socketio
from app.models import (
    Cafe,
    Idea,
    MergeSuggestion,
    Participant,
    Phase,
    Seat,
    TableSummary,
    Theme,
    ThemeVote,
    Vote,
)
from app.models.participant import new_personal_code
from app.services import cafes, setup
from app.services.archive.schema import (
    IDEAS,
    PARTICIPANTS,
    SUMMARIES,
    THEME_VOTES,
    THEMES,
    VOTES,
)

# A batch takes a few ms (500 rows took 10-40 ms, too long for other clients' p95 under
# 100 ms); the pause after it lets requests that came meanwhile finish.
BATCH_ROWS = 100
BATCH_PAUSE_S = 0.005


def _code(wanted: str | None) -> str:
    """The café's own join code when it is free here, else a new one."""
    code = cafes.normalise_code(wanted)
    shape_ok = len(code) == cafes.JOIN_CODE_LENGTH and all(
        ch in cafes.JOIN_CODE_ALPHABET for ch in code)
    if shape_ok and db.session.scalar(select(Cafe.id).where(Cafe.code == code)) is None:
        return code
    return cafes._unique_code()


def _insert(model, rows: list[dict]) -> None:
    """Insert the rows BATCH_ROWS at a time, yielding to the other clients in between.

    One executemany per batch: an ORM object per row made writing 5,000 ideas take seconds.
    Even so 10,000 ideas take 0.5-1 s to insert, all of it stalling an eventlet or gevent
    server when done at once; in batches each stall stays a few milliseconds. The
    transaction stays one: a writer that meets its lock meanwhile waits and retries
    (services/locking.py).
    """
    for start in range(0, len(rows), BATCH_ROWS):
        socketio.sleep(BATCH_PAUSE_S)
        db.session.execute(insert(model.__table__), rows[start:start + BATCH_ROWS])


def _ids(column, cafe: Cafe) -> dict:
    """The new rows' ids by a key unique within the café (asking SQLite to return them in
    order would insert row by row)."""
    model = column.class_
    return dict(db.session.execute(select(column, model.id).where(model.cafe_id == cafe.id))
                .tuples().all())


def write(plan: dict) -> Cafe:
    """Add the café of a checked plan (check.read) to the session; the caller commits."""
    values = plan["setup"]
    cafe = Cafe(code=_code(plan["cafe"]["code"]), moderator_token=cafes.new_token(),
                screen_token=cafes.new_token())
    setup.apply_setup(cafe, values)
    cafe.created_at = plan["cafe"]["created_at"]
    cafe.phase = Phase.CLOSED
    cafe.current_round = plan["cafe"]["rounds_started"] - 1
    cafe.voting_open = False
    db.session.add(cafe)
    db.session.flush()
    table_id = {t.number: t.id for t in cafe.tables}
    pillar_id = [p.id for p in cafe.pillars]

    with force_locale(values["language"]):
        person_rows = [
            {**PARTICIPANTS.columns(p), "cafe_id": cafe.id,
             "personal_code": new_personal_code(),
             "name": p["name"] or _("Participant %(number)s", number=p["ref"]),
             "host_table_id": table_id.get(p["host_table"]),
             "left_after_round": (None if p["left_after_round"] is None
                                  else p["left_after_round"] - 1)}
            for p in plan["participants"]
        ]
    _insert(Participant, person_rows)
    by_code = _ids(Participant.personal_code, cafe)
    people = {p["ref"]: by_code[row["personal_code"]]
              for p, row in zip(plan["participants"], person_rows, strict=True)}
    _insert(Seat, [
        {"cafe_id": cafe.id, "round_index": r, "participant_id": people[row["participant"]],
         "table_id": table_id[number]}
        for row in plan["plan"] for r, number in enumerate(row["tables"]) if number
    ])
    _insert(Idea, [
        {**IDEAS.columns(i), "cafe_id": cafe.id, "participant_id": people[i["participant"]],
         "client_id": _client_id(i["ref"]),
         "pillar_id": None if i["pillar_index"] is None else pillar_id[i["pillar_index"]],
         "table_id": table_id.get(i["table"]), "round_index": i["round"] - 1}
        for i in plan["ideas"]
    ])
    by_client_id = _ids(Idea.client_id, cafe)
    ideas = {i["ref"]: by_client_id[_client_id(i["ref"])] for i in plan["ideas"]}
    merged = [{"id": ideas[i["ref"]], "merged_into_id": ideas[i["merged_into"]]}
              for i in plan["ideas"] if i["merged_into"] is not None]
    if merged:
        db.session.execute(update(Idea), merged)
    themes = _themes(cafe, plan["themes"], ideas, pillar_id)
    placed = [{"id": ideas[i["ref"]], "theme_id": themes[i["theme"]]}
              for i in plan["ideas"] if i["theme"] is not None]
    if placed:
        db.session.execute(update(Idea), placed)
    _insert(ThemeVote, [
        {**THEME_VOTES.columns(v), "cafe_id": cafe.id, "participant_id": people[v["participant"]],
         "theme_id": themes[v["theme"]]}
        for v in plan["theme_votes"]
    ])
    _insert(MergeSuggestion, [
        {"cafe_id": cafe.id, "rejected": True,
         "first_id": min(ideas[m["first"]], ideas[m["second"]]),
         "second_id": max(ideas[m["first"]], ideas[m["second"]])}
        for m in plan["rejected_merges"]
    ])
    _insert(Vote, [
        {**VOTES.columns(v), "cafe_id": cafe.id, "participant_id": people[v["participant"]],
         "idea_id": ideas[v["idea"]]}
        for v in plan["votes"]
    ])
    _insert(TableSummary, [
        {**SUMMARIES.columns(s), "cafe_id": cafe.id, "table_id": table_id[s["table"]],
         "author_id": None if s["author"] is None else people[s["author"]]}
        for s in plan["summaries"]
    ])
    return cafe


def _themes(cafe: Cafe, rows: list[dict], ideas: dict, pillar_id: list) -> dict:
    """Insert the themes in file order; returns theme ref -> new id. A grouping theme's key
    names its idea by the idea's new id again (schema.theme_key)."""
    keys = []
    for row in rows:
        kind, _, rest = row["key"].partition(":")
        keys.append(f"auto:{ideas[int(rest)]}" if kind == "auto" and rest.isdigit()
                    else row["key"])
    _insert(Theme, [
        {**THEMES.columns(row), "cafe_id": cafe.id, "key": key,
         "pillar_id": pillar_id[row["pillar_index"]]}
        for row, key in zip(rows, keys, strict=True)
    ])
    by_key = _ids(Theme.key, cafe)
    return {row["ref"]: by_key[key] for row, key in zip(rows, keys, strict=True)}


def _client_id(ref: int) -> str:
    return f"archive-{ref:08d}"
