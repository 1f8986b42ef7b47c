"""The projection screen: read-only. It may ask for state and the time, nothing else."""

from app.extensions import db
from app.models import Cafe
from app.realtime.base import AudienceNamespace
from app.realtime.publisher import SCREEN_NS, cafe_room
from app.services import cafes, snapshots
from app.web.links import public_links


class ScreenNamespace(AudienceNamespace):
    def authenticate(self, auth):
        cafe = cafes.cafe_for_screen(auth.get("token"))
        return {"cafe_id": cafe.id}, [cafe_room(cafe.id)]

    def current_state(self):
        cafe = db.session.get(Cafe, self.identity()["cafe_id"])
        return {**snapshots.screen_state(cafe), "links": public_links(cafe)}


namespace = ScreenNamespace(SCREEN_NS)
