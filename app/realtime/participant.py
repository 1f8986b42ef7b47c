"""Phones: a participant acts only as themself, identified by the token their phone keeps."""

from contextlib import suppress

from flask import current_app, session

from app.models import Participant
from app.realtime.base import AudienceNamespace, ok
from app.realtime.publisher import PARTICIPANT_NS, cafe_room, participant_room
from app.services import ideas, people, snapshots, summaries, votes
from app.services.errors import ServiceError


class ParticipantNamespace(AudienceNamespace):
    def authenticate(self, auth):
        participant = people.participant_by_token(auth.get("token"), auth.get("code"))
        rooms = [cafe_room(participant.cafe_id), participant_room(participant.id)]
        return {"token": participant.token}, rooms

    def on_connect(self, auth=None):
        super().on_connect(auth)
        people.connected(self._me(), +1)

    def on_disconnect(self, reason=None):
        super().on_disconnect(reason)
        if self.namespace in session:
            # The café may have been deleted while this phone was connected.
            with suppress(ServiceError):
                people.connected(self._me(), -1)

    def _me(self) -> Participant:
        # Looked up by token on every event: a deleted person's id may be reused later.
        return people.participant_by_token(self.identity()["token"])

    def current_state(self):
        return snapshots.participant_state(self._me())

    def on_post_idea(self, payload):
        # Written with the ideas of other phones in one transaction (group commit).
        answer = current_app.extensions["idea_writer"].submit(
            (self.identity()["token"], payload))
        if isinstance(answer, ServiceError):
            raise answer
        idea, created = answer
        return ok(idea=idea, duplicate=not created)

    def on_edit_idea(self, payload):
        return ok(idea=snapshots.idea_dict(ideas.edit_idea(self._me(), payload)))

    def on_withdraw_idea(self, payload):
        idea = ideas.withdraw_idea(self._me(), payload)
        return ok(client_id=idea.client_id)

    def on_save_summary(self, payload):
        return ok(summary=snapshots.summary_dict(summaries.save_summary(self._me(), payload)))

    def on_vote(self, payload):
        return ok(my_votes=votes.set_vote(self._me(), payload))


namespace = ParticipantNamespace(PARTICIPANT_NS)
