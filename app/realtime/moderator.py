"""The moderator console: every event here changes the café, so each needs the secret token."""

from app.extensions import db
from app.models import Cafe
from app.realtime.base import AudienceNamespace, ok
from app.realtime.publisher import MODERATOR_NS, cafe_room
from app.services import cafes, people, rounds, seating, snapshots, votes
from app.web.links import cafe_links


class ModeratorNamespace(AudienceNamespace):
    def authenticate(self, auth):
        cafe = cafes.cafe_for_moderator(auth.get("token"))
        return {"cafe_id": cafe.id}, [cafe_room(cafe.id)]

    def _cafe(self) -> Cafe:
        return db.session.get(Cafe, self.identity()["cafe_id"])

    def current_state(self):
        cafe = self._cafe()
        return {**snapshots.moderator_state(cafe), "links": cafe_links(cafe)}

    def on_start_round(self, _payload):
        return ok(timer=snapshots.timer(rounds.start_round(self._cafe())))

    def on_pause_round(self, _payload):
        return ok(timer=snapshots.timer(rounds.pause(self._cafe())))

    def on_resume_round(self, _payload):
        return ok(timer=snapshots.timer(rounds.resume(self._cafe())))

    def on_extend_round(self, payload):
        return ok(timer=snapshots.timer(rounds.extend(self._cafe(), payload)))

    def on_end_round(self, _payload):
        return ok(timer=snapshots.timer(rounds.end_round(self._cafe())))

    def on_finish_cafe(self, _payload):
        return ok(timer=snapshots.timer(rounds.finish(self._cafe())))

    def on_replan(self, _payload):
        return ok(timer=snapshots.timer(rounds.replan(self._cafe())))

    def on_get_plan(self, _payload):
        return ok(plan=seating.plan_view(self._cafe()))

    def on_open_voting(self, payload):
        return ok(timer=snapshots.timer(votes.open_voting(self._cafe(), payload)))

    def on_close_voting(self, _payload):
        return ok(timer=snapshots.timer(votes.close_voting(self._cafe())))

    def on_set_present(self, payload):
        participant = people.set_present(self._cafe(), payload)
        return ok(participant=snapshots.participant_dict(participant))

    def on_set_host(self, payload):
        participant = people.set_host(self._cafe(), payload)
        return ok(participant=snapshots.participant_dict(participant))


namespace = ModeratorNamespace(MODERATOR_NS)
