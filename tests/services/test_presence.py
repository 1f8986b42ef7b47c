"""Presence counted per server process: a process that stops beating stops counting."""

from datetime import timedelta

from sqlalchemy import select, update

from app.extensions import db
from app.models import Presence, ServerProcess
from app.models.base import utcnow
from app.services import people, presence

LEASE = 30


def on_process(app, process_id: str, changes) -> None:
    """Connections opened or closed on another server process sharing the database."""
    own = app.config["PROCESS_ID"]
    app.config["PROCESS_ID"] = process_id
    try:
        presence.connections_changed(changes)
    finally:
        app.config["PROCESS_ID"] = own


def silent_for(process_id: str, seconds: float) -> None:
    db.session.execute(update(ServerProcess).where(ServerProcess.id == process_id)
                       .values(heartbeat_at=utcnow() - timedelta(seconds=seconds)))
    db.session.commit()


def test_a_person_is_online_while_any_process_counts_them(app, make_cafe, make_participant):
    cafe = make_cafe()
    anna = make_participant(cafe)
    on_process(app, "b" * 32, [(anna.id, +1), (anna.id, +1)])
    presence.connections_changed([(anna.id, +1)])
    db.session.expire_all()
    assert anna.connections == 3
    on_process(app, "b" * 32, [(anna.id, -1), (anna.id, -1)])
    db.session.expire_all()
    assert anna.connections == 1
    # Its last socket closed: the other process keeps no row for her.
    assert db.session.scalars(select(Presence.process_id)).all() == [app.config["PROCESS_ID"]]


def test_a_process_that_stopped_beating_counts_no_more(app, make_cafe, make_participant,
                                                       published):
    cafe = make_cafe()
    anna, ben = make_participant(cafe), make_participant(cafe)
    on_process(app, "dead" * 8, [(anna.id, +1), (ben.id, +1)])
    presence.connections_changed([(anna.id, +1)])
    silent_for("dead" * 8, LEASE + 1)
    presence.heartbeat(LEASE)
    db.session.expire_all()
    assert (anna.connections, ben.connections) == (1, 0)
    assert published.events("presence")[-1] == [{"id": anna.id, "online": True},
                                                 {"id": ben.id, "online": False}]
    assert published.events("phone_count")[-1] == {"count": 1}
    assert db.session.scalars(select(ServerProcess.id)).all() == [app.config["PROCESS_ID"]]
    assert db.session.scalars(select(Presence.participant_id)).all() == [anna.id]


def test_a_process_beating_within_its_lease_keeps_its_phones(app, make_cafe, make_participant,
                                                             published):
    cafe = make_cafe()
    anna = make_participant(cafe)
    on_process(app, "slow" * 8, [(anna.id, +1)])
    silent_for("slow" * 8, LEASE - 5)
    announced = len(published.events("presence"))
    presence.heartbeat(LEASE)
    db.session.expire_all()
    assert anna.connections == 1
    assert len(published.events("presence")) == announced


def test_signing_out_all_phones_clears_every_process_count(app, make_cafe, make_participant):
    cafe = make_cafe()
    anna = make_participant(cafe)
    on_process(app, "b" * 32, [(anna.id, +1)])
    presence.connections_changed([(anna.id, +1)])
    people.revoke_phones(cafe, {"participant_id": anna.id})
    db.session.expire_all()
    assert anna.connections == 0
    # The closes that follow find nothing left; a phone claiming her link anew counts again.
    on_process(app, "b" * 32, [(anna.id, -1)])
    presence.connections_changed([(anna.id, -1), (anna.id, +1)])
    presence.connections_changed([(anna.id, +1)])
    db.session.expire_all()
    assert anna.connections == 1


def test_closes_of_a_deleted_person_leave_no_row(app, make_cafe, make_participant, published):
    cafe = make_cafe()
    anna, ben = make_participant(cafe), make_participant(cafe)
    presence.connections_changed([(anna.id, +1), (ben.id, +1)])
    anna_id = anna.id
    db.session.delete(anna)  # merged into someone else, or her café deleted
    db.session.commit()
    announced = len(published.events("presence"))
    presence.connections_changed([(anna_id, -1), (anna_id + 1000, +1)])
    assert db.session.scalars(select(Presence.participant_id)).all() == [ben.id]
    assert len(published.events("presence")) == announced
