"""Phones: a participant acts only as themself, identified by the token their phone keeps."""

from flask import g, session

from app.extensions import idea_writer, phone_states, presence_writer
from app.models import Participant
from app.realtime.base import AudienceNamespace, ok
from app.realtime.publisher import PARTICIPANT_NS, cafe_room, participant_room, phone_room
from app.services import ideas, phones, snapshots, summaries, votes
from app.services.errors import ServiceError


class ParticipantNamespace(AudienceNamespace):
    def authenticate(self, auth):
        phone = phones.phone_by_token(auth.get("token"), auth.get("code"))
        participant = g.participant = phone.participant
        rooms = [cafe_room(participant.cafe_id), participant_room(participant.id),
                 phone_room(phone.id)]
        return {"token": phone.token, "participant_id": participant.id}, rooms

    def on_connect(self, auth=None):
        super().on_connect(auth)
        self._count_connection(+1)

    def on_disconnect(self, reason=None):
        super().on_disconnect(reason)
        if self.namespace in session:
            self._count_connection(-1)

    def _count_connection(self, change: int) -> None:
        # Written with other phones' comings and goings in one transaction (group commit).
        # Counted by the person's id, not the token: a phone signed out (its token gone)
        # still takes back the connection it counted.
        presence_writer.submit((self.identity()["participant_id"], change))

    def _me(self) -> Participant:
        # Looked up by token once per event: a phone signed out meanwhile acts no more.
        if "participant" not in g:
            g.participant = phones.participant_by_token(self.identity()["token"])
        return g.participant

    def current_state(self):
        # Built together with the states of other phones connecting at the same moment.
        state = phone_states.submit(self.identity()["token"])
        if isinstance(state, ServiceError):
            raise state
        return state

    def on_post_idea(self, payload):
        # Written with the ideas of other phones in one transaction (group commit).
        answer = idea_writer.submit((self.identity()["token"], payload))
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

    def on_vote_theme(self, payload):
        return ok(my_theme_votes=votes.set_theme_vote(self._me(), payload))


namespace = ParticipantNamespace(PARTICIPANT_NS)
