"""The projection screen: read-only. It may ask for state and the time, nothing else."""

from app.links import public_links
from app.realtime.base import AudienceNamespace
from app.realtime.publisher import SCREEN_NS, cafe_room
from app.services import cafes, snapshots


class ScreenNamespace(AudienceNamespace):
    def authenticate(self, auth):
        cafe = cafes.cafe_for_screen(auth.get("token"))
        return {"token": cafe.screen_token}, [cafe_room(cafe.id)]

    def current_state(self):
        cafe = cafes.cafe_for_screen(self.identity()["token"])
        return {**snapshots.screen_state(cafe), "links": public_links(cafe)}


namespace = ScreenNamespace(SCREEN_NS)
