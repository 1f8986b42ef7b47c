"""Phones: a participant acts only as themself, identified by the token their phone keeps."""

from flask import g, session
from flask_socketio import emit, join_room

from app.extensions import idea_writer, phone_admission, phone_states, presence_writer
from app.models import Participant
from app.realtime.base import AudienceNamespace, ok
from app.realtime.publisher import PARTICIPANT_NS, cafe_room, participant_room, phone_room
from app.services import ideas, phones, snapshots, summaries, votes
from app.services.errors import ServiceError


class ParticipantNamespace(AudienceNamespace):
    def connect_as(self, auth):
        # Refused with `busy` at once, before any work, while many phones are connecting.
        with phone_admission.admitted():
            token = auth.get("token")
            # The token checked and the state built together with those of other phones
            # connecting at the same moment: no query of this phone's own.
            connected = phone_states.submit((token, auth.get("code")))
            if isinstance(connected, ServiceError):
                raise connected
            session[self.namespace] = {"token": token,
                                       "participant_id": connected["participant_id"]}
            for room in (cafe_room(connected["cafe_id"]),
                         participant_room(connected["participant_id"]),
                         phone_room(connected["phone_id"])):
                join_room(room)
            emit("state", connected["state"])
        # Counted once the place is free again: the count waits for its group commit.
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
        connected = phone_states.submit((self.identity()["token"], None))
        if isinstance(connected, ServiceError):
            raise connected
        return connected["state"]

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
