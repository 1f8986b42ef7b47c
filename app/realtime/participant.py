"""Phones: a participant acts only as themself, identified by the token their phone keeps."""

from app.extensions import db
from app.models import Participant
from app.realtime.base import AudienceNamespace, ok
from app.realtime.publisher import PARTICIPANT_NS, cafe_room, participant_room
from app.services import ideas, people, snapshots


class ParticipantNamespace(AudienceNamespace):
    def authenticate(self, auth):
        participant = people.participant_by_token(auth.get("token"), auth.get("code"))
        rooms = [cafe_room(participant.cafe_id), participant_room(participant.id)]
        return {"participant_id": participant.id}, rooms

    def _me(self) -> Participant:
        return db.session.get(Participant, self.identity()["participant_id"])

    def current_state(self):
        return snapshots.participant_state(self._me())

    def on_post_idea(self, payload):
        idea, created = ideas.post_idea(self._me(), payload)
        return ok(idea=snapshots.idea_dict(idea, with_author=False), duplicate=not created)


namespace = ParticipantNamespace(PARTICIPANT_NS)
