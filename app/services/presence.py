"""Phones' connections counted: who has the café open right now (presence on the console).

Counts arrive through the presence batcher (realtime/batching.py): a Wi-Fi hiccup brings a
thousand comings and goings, written in one transaction.
"""

from sqlalchemy import bindparam, case, select, update

from app.extensions import db
from app.models import Participant
from app.services import notify


def connections_changed(changes: list[tuple[int, int]]) -> list[None]:
    """Phones opened (+1) or closed (-1) connections, as (participant id, change): a whole
    batch in one transaction (a Wi-Fi hiccup brings a thousand at once), then each person's
    new presence to the consoles. Ids of people deleted meanwhile change nothing (ids are
    never reused). One result per change, as the presence batcher wants them."""
    total: dict[int, int] = {}
    for participant_id, change in changes:
        total[participant_id] = total.get(participant_id, 0) + change
    if not total:
        return []
    table = Participant.__table__
    counted = table.c.connections + bindparam("change")
    # One statement for the whole batch (executemany), on the table: no ORM objects.
    db.session.execute(
        update(table).where(table.c.id == bindparam("participant_id"))
        .values(connections=case((counted < 0, 0), else_=counted)),
        [{"participant_id": pid, "change": change} for pid, change in total.items()])
    db.session.commit()
    notify.presence_changed(list(db.session.execute(
        select(Participant.id, Participant.cafe_id, Participant.connections)
        .where(Participant.id.in_(total)).order_by(Participant.id))))
    return [None] * len(changes)


def reset_presence() -> None:
    """On a fresh start of the only server process nobody is connected yet."""
    db.session.execute(update(Participant).values(connections=0))
    db.session.commit()

