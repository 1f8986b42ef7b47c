"""What each audience is told after a change has been committed."""

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import Cafe, Idea, Participant
from app.services import snapshots


def publisher():
    return current_app.extensions["publisher"]


def cafe_changed(cafe: Cafe) -> None:
    """Phase or seating changed: every phone gets its own full state, consoles and screens too."""
    pub = publisher()
    for participant_id, state in snapshots.participant_states(
        cafe, snapshots.cafe_participants(cafe)
    ).items():
        pub.to_participant(participant_id, "state", state)
    pub.to_moderators(cafe.id, "state", snapshots.moderator_state(cafe))
    pub.to_screens(cafe.id, "state", snapshots.screen_state(cafe))


def timer_changed(cafe: Cafe) -> None:
    timer = snapshots.timer(cafe)
    pub = publisher()
    pub.to_participants(cafe.id, "timer", timer)
    pub.to_moderators(cafe.id, "timer", timer)
    pub.to_screens(cafe.id, "timer", timer)


def idea_posted(cafe: Cafe, idea: Idea) -> None:
    pub = publisher()
    pub.to_moderators(
        cafe.id, "idea:new", snapshots.idea_dict(idea, with_author=not cafe.anonymous)
    )
    pub.to_screens(cafe.id, "idea:new", snapshots.idea_dict(idea, with_author=False))


def participant_changed(cafe: Cafe, participant: Participant) -> None:
    current = snapshots.seats_by_participant(cafe, cafe.current_round)
    upcoming = snapshots.seats_by_participant(cafe, cafe.current_round + 1)
    person = snapshots.participant_dict(participant)
    person["seat"] = snapshots.seat_dict(current.get(participant.id))
    person["next_seat"] = snapshots.seat_dict(upcoming.get(participant.id))
    pub = publisher()
    pub.to_moderators(cafe.id, "participant", person)
    joined = db.session.scalar(
        select(func.count(Participant.id)).where(Participant.cafe_id == cafe.id)
    )
    pub.to_screens(cafe.id, "participant_count", {"count": joined})
    pub.to_participant(participant.id, "state", snapshots.participant_state(participant))
