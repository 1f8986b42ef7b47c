"""The moderator console: every event here changes the café, so each needs the secret token."""

from app.links import cafe_links
from app.models import Cafe
from app.realtime.base import AudienceNamespace, ok
from app.realtime.publisher import MODERATOR_NS, cafe_room
from app.services import (
    broadcast,
    cafes,
    ideas,
    merging,
    moderation,
    people,
    rounds,
    seating,
    setup,
    snapshots,
    themes,
    votes,
)


class ModeratorNamespace(AudienceNamespace):
    def authenticate(self, auth):
        cafe = cafes.cafe_for_moderator(auth.get("token"))
        return {"token": cafe.moderator_token}, [cafe_room(cafe.id)]

    def _cafe(self) -> Cafe:
        # Looked up by token on every event: a deleted café's id may be reused later.
        return cafes.cafe_for_moderator(self.identity()["token"])

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

    def on_replan(self, payload):
        return ok(timer=snapshots.timer(rounds.replan(self._cafe(), payload)))

    def on_get_plan(self, _payload):
        return ok(plan=seating.plan_view(self._cafe()))

    def on_open_voting(self, payload):
        return ok(timer=snapshots.timer(votes.open_voting(self._cafe(), payload)))

    def on_close_voting(self, _payload):
        return ok(timer=snapshots.timer(votes.close_voting(self._cafe())))

    def on_set_present(self, payload):
        participant = people.set_present(self._cafe(), payload)
        return ok(participant=snapshots.participant_dict(participant))

    def on_update_setup(self, payload):
        cafe = setup.update_setup(self._cafe(), payload)
        return ok(setup=setup.setup_of(cafe))

    def on_add_person(self, payload):
        participant = people.add_person(self._cafe(), payload)
        return ok(participant=snapshots.participant_dict(participant))

    def on_edit_person(self, payload):
        participant = people.edit_person(self._cafe(), payload)
        return ok(participant=snapshots.participant_dict(participant))

    def on_check_in(self, payload):
        participant = people.check_in(self._cafe(), payload)
        return ok(participant=snapshots.participant_dict(participant))

    def on_revoke_phones(self, payload):
        participant = people.revoke_phones(self._cafe(), payload)
        return ok(participant=snapshots.participant_dict(participant))

    def on_revoke_phone(self, payload):
        participant = people.revoke_phone(self._cafe(), payload)
        return ok(participant=snapshots.participant_dict(participant))

    def on_merge_people(self, payload):
        merged = merging.merge_people(self._cafe(), payload)
        return ok(participant=snapshots.participant_dict(merged.participant),
                  dots_trimmed=merged.dots_trimmed, host_dropped=merged.host_dropped)

    def on_post_idea_for(self, payload):
        idea, created = ideas.post_idea_for(self._cafe(), payload)
        return ok(idea=snapshots.idea_dict(idea), duplicate=not created)

    def on_hide_idea(self, payload):
        return ok(idea=self._idea(moderation.set_hidden(self._cafe(), payload)))

    def on_pin_idea(self, payload):
        return ok(idea=self._idea(moderation.set_pinned(self._cafe(), payload)))

    def on_edit_idea(self, payload):
        return ok(idea=self._idea(moderation.edit_text(self._cafe(), payload)))

    def on_merge_ideas(self, payload):
        return ok(idea=self._idea(moderation.merge(self._cafe(), payload)))

    def on_hide_word(self, payload):
        return ok(hidden_words=moderation.set_word_hidden(self._cafe(), payload))

    def on_announce(self, payload):
        cafe = broadcast.make_announcement(self._cafe(), payload)
        return ok(announcement=snapshots.announcement_dict(cafe))

    def on_set_screen_view(self, payload):
        return ok(view=broadcast.set_screen_view(self._cafe(), payload).screen_view)

    def on_rename_theme(self, payload):
        return ok(theme=self._theme(themes.rename(self._cafe(), payload)))

    def on_lock_theme(self, payload):
        return ok(theme=self._theme(themes.set_locked(self._cafe(), payload)))

    def on_move_to_theme(self, payload):
        return ok(theme=self._theme(themes.move_idea(self._cafe(), payload)))

    def on_split_theme(self, payload):
        return ok(theme=self._theme(themes.split(self._cafe(), payload)))

    def on_join_themes(self, payload):
        return ok(theme=self._theme(themes.join(self._cafe(), payload)))

    def on_accept_suggestion(self, payload):
        return ok(idea=self._idea(themes.accept_suggestion(self._cafe(), payload)))

    def on_reject_suggestion(self, payload):
        suggestion = themes.reject_suggestion(self._cafe(), payload)
        return ok(suggestion=snapshots.suggestion_ref(suggestion))

    def on_reject_suggested_idea(self, payload):
        themes.reject_suggested_idea(self._cafe(), payload)
        return ok()

    @staticmethod
    def _theme(theme) -> dict:
        return snapshots.theme_ref(theme)

    def _idea(self, idea) -> dict:
        return snapshots.moderator_idea_dict(idea, anonymous=self._cafe().anonymous)

    def on_set_host(self, payload):
        participant = people.set_host(self._cafe(), payload)
        return ok(participant=snapshots.participant_dict(participant))


namespace = ModeratorNamespace(MODERATOR_NS)
