"""Template helpers, and the translated texts the page scripts need."""

from flask_babel import get_locale
from flask_babel import gettext as _


def current_locale() -> str:
    return str(get_locale())


def client_strings() -> dict[str, str]:
    """Every text a script shows, translated on the server; %(name)s marks a value."""
    return {
        "conn_online": _("connected"),
        "conn_connecting": _("connecting …"),
        "conn_reconnecting": _("reconnecting …"),
        "conn_offline": _("offline"),
        "no_answer": _("No answer from the server. Your idea is kept and sent again."),
        "join_offline": _("No connection. Please try again in a moment."),
        "round_of": _("Round %(round)s of %(rounds)s"),
        "round_short": _("R%(round)s"),
        "round_count": _("Round %(round)s: %(count)s"),
        "table_n": _("Table %(number)s"),
        "time_left": _("%(time)s left"),
        "sit_now": _("Sit now at"),
        "sit_next": _("Next, go to"),
        "wait_start": _("The café starts soon. You will see your table here."),
        "no_seat": _("No seat yet. Please ask the moderator."),
        "closed_title": _("The café has ended."),
        "closed_text": _("Thank you for your ideas!"),
        "hint_wait_round": _("You can send ideas while a round runs. Your draft is kept."),
        "hint_closed": _("The café has ended; no more ideas can be sent."),
        "status_sending": _("sending …"),
        "status_stored": _("stored"),
        "status_waiting": _("waiting for connection"),
        "banner_round": _("Round %(round)s has started."),
        "banner_paused": _("The round is paused."),
        "banner_between": _("The round has ended. Go to your next table."),
        "banner_closed": _("The café has ended. Thank you!"),
        "banner_lobby": _("Welcome!"),
        "phase_lobby": _("Waiting to start"),
        "phase_round": _("Round %(round)s of %(rounds)s running"),
        "phase_paused": _("Round %(round)s of %(rounds)s paused"),
        "phase_between": _("Between rounds (round %(round)s of %(rounds)s ended)"),
        "phase_closed": _("Café finished"),
        "start_first": _("Start first round"),
        "start_next": _("Start next round"),
        "host_of": _("%(name)s hosts table"),
        "closed_counts": _("%(people)s participants · %(ideas)s ideas"),
        "name": _("Name"),
        "open_voting": _("Open voting"),
        "reopen_voting": _("Open voting again"),
        "phase_voting": _("Harvest: voting is open"),
        "phase_voted": _("Harvest: voting closed"),
        "votes_n": _("%(votes)s dots"),
        "results_title": _("Most dots"),
        "edit": _("Edit"),
        "edit_label": _("Change your idea"),
        "edited": _("edited"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "withdraw": _("Withdraw"),
        "withdraw_confirm": _("Withdraw this idea? It disappears for everyone."),
        "host_title": _("You host table %(number)s"),
        "summary_saved": _("Saved. The table sees it."),
        "dots_left": _("%(left)s of %(total)s dots left"),
        "voting_closed": _("Voting is closed. Thank you!"),
        "dot_add": _("Add a dot"),
        "dot_remove": _("Take a dot back"),
        "dots_on_idea": _("%(dots)s dots on this idea"),
        "harvest_title": _("Harvest: which ideas matter most?"),
        "left_cafe": _("You are marked as gone. Ask the moderator if you are back."),
        "banner_harvest": _("Voting is open: give your dots to the ideas that matter most."),
        "present_of": _("%(name)s is present"),
        "plan_figures": _("Repeated meetings: %(repeats)s · pillar repeats: %(pillars)s · "
                          "imbalance: %(imbalance)s · same organisation or role at a table "
                          "beyond the least possible: %(diversity)s"),
        "plan_none": _("No round planned yet."),
    }
