"""Phones' connections counted: who has the café open right now (presence on the console).

Counts arrive through the presence batcher (realtime/batching.py): a Wi-Fi hiccup brings a
thousand comings and goings, written in one transaction.

Each server process counts its own sockets per person (Presence rows under its process id)
and beats a heartbeat (ServerProcess); Participant.connections is the sum of a person's rows,
kept with them so that reads stay one column. A process killed without closing its sockets
stops beating: once its lease has run out, another process removes its rows and its phones
count no more (they reconnect to the others and count there).
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, func, insert, select, update

from app.extensions import db
from app.models import Participant, Presence, ServerProcess
from app.models.base import utcnow
from app.services import notify


def process_id() -> str:
    return current_app.config["PROCESS_ID"]


def connections_changed(changes: list[tuple[int, int]]) -> list[None]:
    """Phones opened (+1) or closed (-1) connections on this process, as (participant id,
    change): a whole batch in one transaction (a Wi-Fi hiccup brings a thousand at once), then
    each person's new presence to the consoles. Ids of people deleted meanwhile change nothing
    (ids are never reused). One result per change, as the presence batcher wants them."""
    total: dict[int, int] = {}
    for participant_id, change in changes:
        total[participant_id] = total.get(participant_id, 0) + change
    total = {pid: change for pid, change in total.items() if change}
    existing = set(db.session.scalars(select(Participant.id).where(Participant.id.in_(total))))
    # A deleted person's closes still take back this process's rows; nothing is added.
    total = {pid: change for pid, change in total.items() if change < 0 or pid in existing}
    if not total:
        return [None] * len(changes)
    me = process_id()
    # Its rows exist only under a live process row: the beat is written with them.
    _beat(me)
    # Only this process writes its own rows (one presence writer each): read, add, write.
    counted = dict(db.session.execute(
        select(Presence.participant_id, Presence.connections)
        .where(Presence.process_id == me, Presence.participant_id.in_(total))).all())
    # A close counted more often than its opening (its row removed meanwhile) stays at 0.
    new = {pid: max(0, counted.get(pid, 0) + change) for pid, change in total.items()}
    gone = [pid for pid, count in new.items() if count == 0 and pid in counted]
    changed = [{"pid": pid, "count": count} for pid, count in new.items()
               if count and pid in counted]
    added = [{"process_id": me, "participant_id": pid, "connections": count}
             for pid, count in new.items() if count and pid not in counted]
    table = Presence.__table__
    if gone:
        db.session.execute(delete(Presence).where(Presence.process_id == me,
                                                  Presence.participant_id.in_(gone)))
    if changed:
        # One statement for all of them (executemany), on the table: no ORM objects.
        db.session.execute(
            update(table).where(table.c.process_id == me,
                                table.c.participant_id == bindparam("pid"))
            .values(connections=bindparam("count")), changed)
    if added:
        db.session.execute(insert(table), added)
    _recount(list(total))
    db.session.commit()
    _announce(list(total))
    return [None] * len(changes)


def heartbeat(lease_seconds: float) -> None:
    """This process is alive; the rows of processes silent for longer than the lease are
    removed, and the people they counted are counted again and announced."""
    now = utcnow()
    _beat(process_id(), now)
    dead = list(db.session.scalars(select(ServerProcess.id).where(
        ServerProcess.heartbeat_at < now - timedelta(seconds=lease_seconds))))
    people = []
    if dead:
        people = list(db.session.scalars(select(Presence.participant_id).distinct()
                                         .where(Presence.process_id.in_(dead))))
        db.session.execute(delete(Presence).where(Presence.process_id.in_(dead)))
        db.session.execute(delete(ServerProcess).where(ServerProcess.id.in_(dead)))
        _recount(people)
    db.session.commit()
    if people:
        _announce(people)


def start_process(only_process: bool) -> None:
    """This process starts: its row is there before any of its phones counts (a beat written
    by two of its tasks at once could otherwise insert it twice). The only process (no
    MESSAGE_QUEUE) starts from nobody connected: counts left over from a crash are stale."""
    if only_process:
        db.session.execute(delete(Presence))
        db.session.execute(delete(ServerProcess))
        db.session.execute(update(Participant).values(connections=0))
    _beat(process_id())
    db.session.commit()


def forget_person(participant_id: int) -> None:
    """Every phone of a person was signed out (in the caller's transaction): offline at once,
    on every process; the closes that follow find nothing left to count down."""
    db.session.execute(delete(Presence).where(Presence.participant_id == participant_id))
    db.session.execute(update(Participant).where(Participant.id == participant_id)
                       .values(connections=0))


def _beat(me: str, now=None) -> None:
    now = now or utcnow()
    if not db.session.execute(update(ServerProcess).where(ServerProcess.id == me)
                              .values(heartbeat_at=now)).rowcount:
        db.session.execute(insert(ServerProcess).values(id=me, heartbeat_at=now))


def _recount(people: list[int]) -> None:
    """Participant.connections = the sum of the person's rows over all processes."""
    rows = select(func.coalesce(func.sum(Presence.connections), 0)).where(
        Presence.participant_id == Participant.id).scalar_subquery()
    db.session.execute(update(Participant).where(Participant.id.in_(people))
                       .values(connections=rows))


def _announce(people: list[int]) -> None:
    notify.presence_changed(list(db.session.execute(
        select(Participant.id, Participant.cafe_id, Participant.connections)
        .where(Participant.id.in_(people)).order_by(Participant.id))))
