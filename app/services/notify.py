"""What each audience is told after a change has been committed."""

from flask import current_app

from app.extensions import db, publisher
from app.models import Cafe, Idea, Participant, Phase, TableSummary
from app.services import harvesting, reads, snapshots

# Phones' states are built this many at a time from one read of the café, with a
# turn for other clients in between: a thousand at once held the whole server (in eventlet
# and gevent) for over a second, and the moderator waited that long (voting opened, issue 17).
PHONE_STATES_AT_ONCE = snapshots.BULK
# The change of each café whose states are being sent: one that is overtaken by a newer
# change stops, since the newer one sends every phone a later state (never an older after it).
_sending: dict[int, object] = {}


def cafe_changed(cafe: Cafe, *, settings: bool = True) -> None:
    """Phase, seating or settings changed: every phone gets its own state, consoles and
    screens their full state.

    Phones' states come without the café summary, which is the same for all: after a change
    of settings it goes once to the whole room (`cafe`); when only phase, round or clock
    changed (settings=False) each state carries just the new timer.
    """
    shared = {}
    if settings:
        publisher.to_participants(cafe.id, "cafe", snapshots.cafe_summary(cafe))
    else:
        shared["timer"] = snapshots.timer(cafe)
    participants = reads.participants(cafe)
    # Read once for all portions (the transaction stays open between them: on SQLite they
    # would read the same anyway); each portion is then built without a query.
    found = snapshots.phone_reads(cafe)
    sending = _sending[cafe.id] = object()
    try:
        for start in range(0, len(participants), PHONE_STATES_AT_ONCE):
            chunk = participants[start:start + PHONE_STATES_AT_ONCE]
            for participant_id, state in snapshots.phone_states(
                cafe, chunk, found, with_cafe=False
            ).items():
                publisher.to_participant(participant_id, "state", {**state, **shared})
            # The states so far go out, and the console's events get their turn.
            publisher.flush()
            if _sending.get(cafe.id) is not sending:
                return  # a newer change of this café is being sent to everyone
    finally:
        if _sending.get(cafe.id) is sending:
            del _sending[cafe.id]
    publisher.to_moderators(cafe.id, "state",
                            snapshots.moderator_state(cafe, participants, found))
    publisher.to_screens(cafe.id, "state", snapshots.screen_state(cafe, participants))


def timer_changed(cafe: Cafe) -> None:
    timer = snapshots.timer(cafe)
    publisher.to_participants(cafe.id, "timer", timer)
    publisher.to_moderators(cafe.id, "timer", timer)
    publisher.to_screens(cafe.id, "timer", timer)


# Pillars whose word cloud changed, per café, waiting for the next update of the screen.
_words_due: dict[int, set[int]] = {}


def words_changed(idea: Idea) -> None:
    """The word cloud of the idea's pillar, after the idea came, changed or went.

    Counting words means reading the pillar's ideas, so in a burst the clouds are sent once
    per WORD_CLOUD_DELAY seconds rather than once per idea.
    """
    if idea.pillar_id is None:
        return
    delay = current_app.config["WORD_CLOUD_DELAY"]
    if not delay:
        _send_words(idea.cafe_id, {idea.pillar_id})
        return
    due = _words_due.setdefault(idea.cafe_id, set())
    first = not due
    due.add(idea.pillar_id)
    if first:
        publisher.later(delay, _send_due_words, idea.cafe_id)


def _send_due_words(cafe_id: int) -> None:
    _send_words(cafe_id, _words_due.pop(cafe_id, set()))


def _send_words(cafe_id: int, pillar_ids: set[int]) -> None:
    cafe = db.session.get(Cafe, cafe_id)
    if cafe is None:
        return
    for pillar_id, words in snapshots.words_of_pillars(cafe, pillar_ids).items():
        publisher.to_screens(cafe_id, "words", {"pillar_id": pillar_id, "words": words})


def themes_changed(cafe: Cafe) -> None:
    """The harvest's themes or merge suggestions changed (a regrouping, a moderator's
    decision, votes on themes): consoles and screens get every theme again."""
    ideas = reads.cafe_ideas(cafe)
    publisher.to_moderators(cafe.id, "themes", snapshots.themes_dict(cafe, moderator=True,
                                                                      ideas=ideas))
    publisher.to_screens(cafe.id, "themes", snapshots.themes_dict(cafe, moderator=False,
                                                                   ideas=ideas))
    if cafe.phase == Phase.HARVEST and cafe.vote_on == "themes":
        # Phones voting on themes fetch the idea list, which holds the themes, again.
        publisher.to_participants(cafe.id, "themes_changed", {})


def hidden_words_changed(cafe: Cafe) -> None:
    """The moderator hid a word or showed it again: every console's list and every cloud."""
    publisher.to_moderators(cafe.id, "hidden_words", {"words": cafe.hidden_words})
    _send_words(cafe.id, {pillar.id for pillar in cafe.pillars})


def ideas_posted(ideas: list[Idea]) -> None:
    """Newly stored ideas, one list per café and audience: a hall posting at once (a group
    commit of up to 200) reaches each console and screen as a few messages rather than a
    thousand, each of which it would have to take in and draw for."""
    by_cafe: dict[int, list[Idea]] = {}
    for idea in ideas:
        by_cafe.setdefault(idea.cafe_id, []).append(idea)
    for cafe_id, posted in by_cafe.items():
        anonymous = db.session.get(Cafe, cafe_id).anonymous
        # Read from each object once for both audiences.
        records = [reads.as_record(idea, authors=not anonymous) for idea in posted]
        publisher.to_moderators(cafe_id, "ideas:new", [
            snapshots.moderator_idea_dict(record, anonymous=anonymous) for record in records])
        publisher.to_screens(cafe_id, "ideas:new", [snapshots.idea_dict(r) for r in records])
        for idea in posted:
            words_changed(idea)
            harvesting.idea_posted(idea)


def idea_changed(idea: Idea, *, was_visible: bool = True) -> None:
    """Text, flags or visibility changed: the console sees all, the screen only what shows."""
    anonymous = db.session.get(Cafe, idea.cafe_id).anonymous
    publisher.to_moderators(idea.cafe_id, "idea:update",
                      snapshots.moderator_idea_dict(idea, anonymous=anonymous))
    if idea.visible:
        if was_visible:
            publisher.to_screens(idea.cafe_id, "idea:update", snapshots.idea_dict(idea))
        else:
            publisher.to_screens(idea.cafe_id, "ideas:new", [snapshots.idea_dict(idea)])
    elif was_visible:
        publisher.to_screens(idea.cafe_id, "idea:removed", {"id": idea.id})
    publisher.to_participant(idea.participant_id, "idea:update", snapshots.idea_dict(idea))
    if idea.visible or was_visible:
        words_changed(idea)
        # Its text or whether it shows changed: its theme may be another now.
        harvesting.regroup_soon(idea.cafe_id)


def idea_withdrawn(idea: Idea) -> None:
    gone = {"id": idea.id, "client_id": idea.client_id}
    publisher.to_moderators(idea.cafe_id, "idea:withdrawn", gone)
    publisher.to_screens(idea.cafe_id, "idea:removed", {"id": idea.id})
    publisher.to_participant(idea.participant_id, "idea:withdrawn", gone)
    words_changed(idea)
    harvesting.regroup_soon(idea.cafe_id)


def participant_changed(cafe: Cafe, participant: Participant) -> None:
    publisher.to_moderators(cafe.id, "participant", snapshots.person_dict(cafe, participant))
    took_part, phones = reads.head_counts(cafe.id)
    publisher.to_screens(cafe.id, "participant_count", {"count": took_part})
    publisher.to_screens(cafe.id, "phone_count", {"count": phones})
    publisher.to_participant(participant.id, "state", snapshots.participant_state(participant))


def phones_revoked(cafe: Cafe, participant: Participant) -> None:
    """The person's phones hear `revoked` and are closed (their tokens are gone; no state is
    sent to them any more); the consoles get the person with no phone, the screens the
    phone count."""
    publisher.close_participant(participant.id)
    _phones_changed(cafe, participant)


def phone_revoked(cafe: Cafe, participant: Participant, phone_id: int) -> None:
    """One phone of the person hears `revoked` and is closed; their other phones stay."""
    publisher.close_phone(phone_id)
    _phones_changed(cafe, participant)


def _phones_changed(cafe: Cafe, participant: Participant) -> None:
    publisher.to_moderators(cafe.id, "participant", snapshots.person_dict(cafe, participant))
    publisher.to_screens(cafe.id, "phone_count", {"count": reads.head_counts(cafe.id)[1]})


def people_merged(cafe: Cafe, duplicate_id: int) -> None:
    """The duplicate's phones (the kept person's now) hear `merged` and are closed, to come
    back as the kept person; then everyone gets the café as it is now (seats, votes and the
    list changed)."""
    publisher.hand_over_participant(duplicate_id)
    cafe_changed(cafe, settings=False)


def votes_changed(cafe: Cafe, idea_id: int) -> None:
    """The new total of one idea, for the console and (unless results are held back while
    voting is open) the screen; phones never see totals."""
    total = reads.vote_totals(cafe, [idea_id]).get(idea_id, 0)
    publisher.to_moderators(cafe.id, "votes", {"idea_id": idea_id, "total": total})
    if not snapshots.results_held(cafe):
        publisher.to_screens(cafe.id, "votes", {"idea_id": idea_id, "total": total})


def theme_votes_changed(cafe: Cafe, theme_id: int) -> None:
    """The new total of one theme (the café votes on themes), as votes_changed does for an
    idea: consoles always, the screen unless results are held; phones never see totals."""
    total = reads.theme_vote_totals(cafe, [theme_id]).get(theme_id, 0)
    publisher.to_moderators(cafe.id, "theme_votes", {"theme_id": theme_id, "total": total})
    if not snapshots.results_held(cafe):
        publisher.to_screens(cafe.id, "theme_votes", {"theme_id": theme_id, "total": total})


def summary_changed(cafe: Cafe, summary: TableSummary, table_mates: list[int]) -> None:
    data = snapshots.summary_dict(summary)
    publisher.to_moderators(cafe.id, "summary", data)
    publisher.to_screens(cafe.id, "summary", data)
    for participant_id in table_mates:
        publisher.to_participant(participant_id, "summary", data)


def announcement_made(cafe: Cafe) -> None:
    data = snapshots.announcement_dict(cafe)
    publisher.to_participants(cafe.id, "announcement", data)
    publisher.to_screens(cafe.id, "announcement", data)
    publisher.to_moderators(cafe.id, "announcement", data)


def screen_view_changed(cafe: Cafe) -> None:
    publisher.to_screens(cafe.id, "screen_view", {"view": cafe.screen_view})
    publisher.to_moderators(cafe.id, "screen_view", {"view": cafe.screen_view})


def presence_changed(participants) -> None:
    """Phones came or went (people, or rows of id, cafe_id, connections): one message per café
    for a whole batch (after a Wi-Fi hiccup a thousand single messages would queue up before
    the console's own answers)."""
    by_cafe: dict[int, list[dict]] = {}
    for participant in participants:
        by_cafe.setdefault(participant.cafe_id, []).append(
            {"id": participant.id, "online": participant.connections > 0})
    for cafe_id, changes in by_cafe.items():
        publisher.to_moderators(cafe_id, "presence", changes)
        # The join view counts the phones that are here.
        _, phones = reads.head_counts(cafe_id)
        publisher.to_screens(cafe_id, "phone_count", {"count": phones})


def replan_failed(cafe_id: int, error: dict) -> None:
    """A re-planning in the background was refused: the consoles hear why."""
    publisher.to_moderators(cafe_id, "replan_failed", error)


def planning(cafe_id: int, *, searching: bool, printed: bool) -> None:
    """The consoles hear when a background search for a better plan starts and ends, and
    when the plan went onto route cards."""
    publisher.to_moderators(cafe_id, "planning", {"searching": searching, "printed": printed})


def cafe_deleted(cafe_id: int) -> None:
    """Every socket of the café hears `cafe_deleted` and is then closed."""
    publisher.close_cafe(cafe_id)
