"""Restoring a café from its JSON export (schema version 2), for viewing it again.

The whole file is checked before anything is written (archive_check, in a child process for
uploads); then the café is written in one short transaction, all or nothing, with one bulk
insert per table. The restored café is closed: its console, report and exports work, nobody
can join or post. It gets new moderator, screen and phone tokens (the export holds none) and
keeps its join code when no café here uses it, so that exporting it again gives the same
file. People left out of an anonymous export come back as numbered placeholders.
"""

import pickle
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db, socketio
from app.models import Cafe, Idea, Participant, Phase, Seat, TableSummary, Vote
from app.services import archive_check, cafes, setup
from app.services.errors import ServiceError, busy, invalid

APP_ROOT = Path(__file__).resolve().parents[2]
# Checking the largest allowed file takes a few seconds; far longer means something is wrong.
CHECK_TIMEOUT_S = 120
# A batch takes a few ms (500 rows took 10-40 ms, too long for other clients' p95 under
# 100 ms); the pause after it lets requests that came meanwhile finish.
BATCH_ROWS = 100
BATCH_PAUSE_S = 0.005
# A check of the largest file takes a child about 100 MB and a core: at most two at once,
# so that a burst of uploads (restoring is open to anyone) cannot exhaust the laptop.
# (Green under eventlet and gevent, which run.py patches in before this is imported.)
CHECKS_AT_ONCE = threading.BoundedSemaphore(2)
CHECK_QUEUE_WAIT_S = 30


def restore(data) -> Cafe:
    """Check a parsed export completely, then write the café in one commit; returns it."""
    return _store(archive_check.read(data, current_app.config["MAX_PARTICIPANTS"]))


def restore_file(raw: bytes | None, locale: str) -> Cafe:
    """Restore an uploaded export: parsed and checked in a child process, so that a large
    file never stalls the other clients; refusals are worded in `locale`."""
    if not raw:
        raise invalid("archive", archive_check.NOT_AN_EXPORT)
    # Files, not pipes, carry the upload and the answer: under eventlet or gevent a pipe is
    # fed 4 kB at a time, each step waiting for its turn among all clients (a busy server
    # took over a minute to hand a 3.6 MB file over).
    if not CHECKS_AT_ONCE.acquire(timeout=CHECK_QUEUE_WAIT_S):
        raise busy()
    try:
        answer = _checked_in_child(raw, locale)
    finally:
        CHECKS_AT_ONCE.release()
    if "error" in answer:
        error = answer["error"]
        raise ServiceError(error["code"], error["message"], error["status"], **error["details"])
    return _store(answer["plan"])


def _checked_in_child(raw: bytes, locale: str) -> dict:
    with tempfile.TemporaryFile() as upload, tempfile.TemporaryFile() as answer_file:
        upload.write(raw)
        upload.seek(0)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "app.services.archive_check", "--locale", locale,
                 "--max-participants", str(current_app.config["MAX_PARTICIPANTS"])],
                stdin=upload, stdout=answer_file, cwd=APP_ROOT, timeout=CHECK_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            done = None
        if done is None or done.returncode != 0:
            raise ServiceError("restore_failed",
                               _l("The file could not be checked. Nothing was stored."))
        answer_file.seek(0)
        # Our own child's output (see archive_check): never bytes from the upload itself.
        return pickle.load(answer_file)


def _store(plan: dict) -> Cafe:
    try:
        cafe = _write(plan)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError(
            "restore_failed",
            _l("The café could not be restored because its data do not fit together. "
               "Nothing was stored."),
            status=409,
        ) from None
    return cafe


# ---- writing ------------------------------------------------------------------------------

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


def _write(plan: dict) -> Cafe:
    values = plan["setup"]
    cafe = Cafe(code=_code(plan["code"]), moderator_token=cafes.new_token(),
                screen_token=cafes.new_token())
    setup.apply_setup(cafe, values)
    cafe.created_at = plan["created_at"]
    cafe.phase = Phase.CLOSED
    cafe.current_round = plan["rounds_started"] - 1
    cafe.voting_open = False
    db.session.add(cafe)
    db.session.flush()
    table_id = {t.number: t.id for t in cafe.tables}
    pillar_id = [p.id for p in cafe.pillars]

    with force_locale(values["language"]):
        person_rows = [
            {"cafe_id": cafe.id, "token": cafes.new_token(),
             "name": p["name"] or _("Participant %(number)s", number=p["ref"]),
             "organisation": p["organisation"], "role": p["role"],
             "host_table_id": table_id.get(p["host_table"]), "joined_at": p["joined_at"],
             "left_after_round": (None if p["left_after_round"] is None
                                  else p["left_after_round"] - 1)}
            for p in plan["participants"]
        ]
    _insert(Participant, person_rows)
    by_token = _ids(Participant.token, cafe)
    people = {p["ref"]: by_token[row["token"]]
              for p, row in zip(plan["participants"], person_rows, strict=True)}
    _insert(Seat, [
        {"cafe_id": cafe.id, "round_index": r, "participant_id": people[row["participant"]],
         "table_id": table_id[number]}
        for row in plan["plan"] for r, number in enumerate(row["tables"]) if number
    ])
    _insert(Idea, [
        {"cafe_id": cafe.id, "participant_id": people[i["participant"]],
         "client_id": _client_id(i["ref"]),
         "pillar_id": None if i["pillar_index"] is None else pillar_id[i["pillar_index"]],
         "table_id": table_id.get(i["table"]), "round_index": i["round"] - 1,
         "text": i["text"], "created_at": i["time"], "edited_at": i["edited_at"],
         "hidden": i["hidden"], "pinned": i["pinned"], "original_text": i["original_text"]}
        for i in plan["ideas"]
    ])
    by_client_id = _ids(Idea.client_id, cafe)
    ideas = {i["ref"]: by_client_id[_client_id(i["ref"])] for i in plan["ideas"]}
    merged = [{"id": ideas[i["ref"]], "merged_into_id": ideas[i["merged_into"]]}
              for i in plan["ideas"] if i["merged_into"] is not None]
    if merged:
        db.session.execute(update(Idea), merged)
    _insert(Vote, [
        {"cafe_id": cafe.id, "participant_id": people[v["participant"]],
         "idea_id": ideas[v["idea"]], "dots": v["dots"]}
        for v in plan["votes"]
    ])
    _insert(TableSummary, [
        {"cafe_id": cafe.id, "table_id": table_id[s["table"]],
         "author_id": None if s["author"] is None else people[s["author"]],
         "text": s["text"], "updated_at": s["updated_at"]}
        for s in plan["summaries"]
    ])
    return cafe


def _client_id(ref: int) -> str:
    return f"archive-{ref:08d}"
