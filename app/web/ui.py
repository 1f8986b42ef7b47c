"""Template helpers, and the translated texts, limits and lists the page scripts need."""

from flask_babel import get_locale, get_translations
from flask_babel import gettext as _

from app.bounds import LENGTHS, RANGES, SCREEN_VIEWS, for_scripts


def template_globals() -> dict:
    """What every template may use; create_app installs it."""
    return {"client_strings": client_strings, "client_bounds": for_scripts(),
            "current_locale": current_locale, "lengths": LENGTHS, "ranges": RANGES,
            "screen_views": screen_views}


def current_locale() -> str:
    return str(get_locale())


def screen_views() -> list[tuple[str, str]]:
    """The console's choices for the screen: each view with its name (a view without one is
    a KeyError here, not a blank choice)."""
    names = {
        "join": _("how to join (QR code)"),
        "walls": _("idea walls"),
        "cloud": _("word clouds"),
        "where": _("where to sit"),
        "results": _("vote results"),
        "themes": _("themes per pillar"),
        "summaries": _("hosts' summaries"),
        "thanks": _("thank you"),
    }
    return [(view, names[view]) for view in SCREEN_VIEWS]


def ngettext(singular: str, plural: str) -> dict[str, str]:
    """A counted text in both forms, placeholders left for the script: lib/i18n.js `t` picks
    the form by the count (German and English use "one" for 1 and "other" for any other
    number). Named after gettext's function so that pybabel extract finds both forms."""
    translations = get_translations()
    return {"one": translations.ungettext(singular, plural, 1),
            "other": translations.ungettext(singular, plural, 2)}


def client_strings() -> dict[str, str | dict[str, str]]:
    """Every text a script shows, translated on the server; %(name)s marks a value."""
    return {
        "conn_online": _("connected"),
        "conn_connecting": _("connecting …"),
        "conn_reconnecting": _("reconnecting …"),
        "conn_offline": _("offline"),
        "conn_closed": _("disconnected"),
        "no_answer": _("No answer from the server. Your idea is kept and sent again."),
        "join_offline": _("No connection. Please try again in a moment."),
        "round_of": _("Round %(round)s of %(rounds)s"),
        "round_short": _("R%(round)s"),
        "round_count": _("Round %(round)s: %(count)s"),
        "table_n": _("Table %(number)s"),
        "table_named": _("Table %(number)s · %(name)s"),
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
        "organisation": _("Organisation"),
        "role": _("Role"),
        "edit_person": _("Change the details of %(name)s"),
        "cafe_deleted": _("This café has been deleted, with everything in it."),
        "revoked": _("The moderator has signed this phone out of the café. To take part "
                     "again, open your personal link or join with the café's code."),
        "phone_since": _("Phone %(number)s, since %(time)s"),
        "revoke_phone": _("Sign out phone %(number)s of %(name)s"),
        "revoke_phone_confirm": _("Sign out phone %(number)s of %(name)s? It forgets the "
                                  "café; their other phones and their personal link keep "
                                  "working."),
        "revoke_all": _("sign out all, new link"),
        "revoke_phones": _("Sign out every phone of %(name)s"),
        "revoke_confirm": _("Sign out every phone of %(name)s? Their personal link is "
                            "replaced by a new one (print it again)."),
        "not_here": ngettext("%(count)s person on the list is not checked in and gets no "
                             "seat when the café starts: %(names)s. Tick them if they are "
                             "here; whoever checks in later is seated as a latecomer.",
                             "%(count)s people on the list are not checked in and get no "
                             "seat when the café starts: %(names)s. Tick them if they are "
                             "here; whoever checks in later is seated as a latecomer."),
        "names_and_more": _("%(names)s and %(count)s more"),
        "personal_link": _("Personal link of %(name)s"),
        "merge_person": _("Merge %(name)s into another person (listed twice)"),
        "merge_person_title": _("Merge %(name)s into …"),
        "merge_pick_keep": _("Choose the person to keep."),
        "merge_confirm": _("Merge %(duplicate)s into %(keep)s? Everything of %(duplicate)s "
                           "goes to %(keep)s, and the entry %(duplicate)s is deleted. This "
                           "cannot be undone."),
        "merge_done": _("%(duplicate)s was merged into %(keep)s."),
        "merge_dots_trimmed": ngettext("%(count)s dot did not fit the limits and was dropped.",
                                       "%(count)s dots did not fit the limits and were "
                                       "dropped."),
        "merge_host_dropped": _("The table %(duplicate)s hosted has no host now."),
        "merged_phone": _("You are now listed once, under %(name)s."),
        "pick_search": _("Type at least 2 letters of your name."),
        "pick_none": _("No one on the list starts like this. Please type your name below."),
        "pick_more": _("More people match: type more letters."),
        "own_link": _("own link"),
        "checked_in_count": _("%(count)s of %(expected)s checked in"),
        "checked_in_of": _("%(name)s is checked in"),
        "listed_one": _("Are you %(person)s?"),
        "listed_many": _("Are you one of these people on the list?"),
        "listed_yes": _("Yes, I am %(person)s"),
        "pick_me": _("I am %(person)s"),
        "person_of": _("%(name)s (%(organisation)s)"),
        "all": _("all"),
        "merge_count": _("%(count)s ideas chosen: the first one chosen stays"),
        "merge_choose": _("merge"),
        "hidden": _("hidden"),
        "merged": _("merged"),
        "original": _("First posted as: %(text)s"),
        "pin": _("Pin"),
        "unpin": _("Unpin"),
        "hide": _("Hide"),
        "unhide": _("Show again"),
        "online": _("online"),
        "not_online": _("not online"),
        "online_count": _("%(count)s online"),
        "waiting_for_seat": _("Waiting for a seat: %(names)s"),
        "idea_for_button": _("Write idea"),
        "idea_for_title": _("Idea for %(name)s"),
        "imported": _("%(count)s people imported."),
        "import_twins": _("Possibly the same person twice: %(name)s, lines %(lines)s."),
        "setup_locked": _("The café has started: only the title, times, roles, language and "
                          "anonymity can still change."),
        "setup_open": _("Pillars, tables and rounds can be changed until the first round "
                        "starts."),
        "agenda_round": _("Round %(round)s · %(count)s min"),
        "agenda_round_label": _("Round %(round)s"),
        "agenda_round_minutes": _("Minutes of round %(round)s"),
        "agenda_change_label": _("Changing tables"),
        "agenda_change_minutes": _("Minutes for changing tables after round %(round)s"),
        "minutes_short": _("min"),
        "agenda_total": _("%(count)s min in all"),
        "agenda_total_until": _("%(count)s min in all, the last round ends at %(time)s"),
        "agenda_end": _("Last round planned to end at %(time)s"),
        "agenda_start_on": _("Planned start: %(time)s"),
        "agenda_starts_in": _("Planned start at %(time)s, in %(count)s min"),
        "agenda_on_time": _("On schedule"),
        "agenda_behind": _("%(count)s min behind schedule"),
        "agenda_ahead": _("%(count)s min ahead of schedule"),
        "colour": _("Colour"),
        "move_up": _("Move up"),
        "remove": _("Remove"),
        "pillar_title": _("Pillar title"),
        "question": _("Guiding question"),
        "table_name": _("Table name (optional)"),
        "seats": _("Seats"),
        "pillar": _("Pillar"),
        "announcement_now": _("Showing now: %(text)s"),
        "open_voting": _("Open voting"),
        "reopen_voting": _("Open voting again"),
        "phase_voting": _("Harvest: voting is open"),
        "phase_voted": _("Harvest: voting closed"),
        "votes_n": ngettext("%(count)s dot", "%(count)s dots"),
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
        "dots_left": ngettext("%(left)s of %(total)s dot left", "%(left)s of %(total)s dots left"),
        "voting_closed": _("Voting is closed. Thank you!"),
        "dot_add": _("Add a dot"),
        "dot_remove": _("Take a dot back"),
        "dots_on_idea": ngettext("%(count)s dot on this idea", "%(count)s dots on this idea"),
        "dots_on_theme": ngettext("%(count)s dot on this theme",
                                  "%(count)s dots on this theme"),
        "theme_ideas_show": ngettext("Show its idea", "Show its %(count)s ideas"),
        "theme_ideas_hide": ngettext("Hide its idea", "Hide its %(count)s ideas"),
        "no_themes_yet": _("No themes in this pillar yet."),
        "host_stay": _("You stay and welcome the next group at"),
        "banner_host_stays": _("The round has ended. You stay at table %(number)s and welcome "
                               "the next group."),
        "changeover": _("Change tables"),
        "changeover_to": _("Change tables · then table %(number)s"),
        "changeover_host": _("Change tables · you stay at table %(number)s"),
        "idea_chars_left": ngettext("%(count)s character left", "%(count)s characters left"),
        "idea_chars_over": ngettext("%(count)s character too many",
                                    "%(count)s characters too many"),
        "idea_too_long": _("Your idea is longer than %(max)s characters. Please shorten it, "
                           "then send it."),
        "last_announcement": _("Last announcement, %(time)s"),
        "harvest_title": _("Harvest: which ideas matter most?"),
        "left_cafe": _("You are marked as gone. Ask the moderator if you are back."),
        "banner_harvest": _("Voting is open: give your dots to the ideas that matter most."),
        "banner_harvest_themes": _("Voting is open: give your dots to the themes that matter "
                                   "most."),
        "harvest_title_themes": _("Harvest: which themes matter most?"),
        "present_of": _("%(name)s takes part"),
        "plan_figures": _("Most rounds one pair shares: %(max)s · extra meetings: "
                          "%(repeats)s · pillar repeats: %(pillars)s · imbalance: "
                          "%(imbalance)s · same organisation or role at a table beyond the "
                          "least possible: %(diversity)s"),
        "plan_searching": _("Improving the plan in the background… Phones and route cards "
                            "show the best plan so far."),
        "plan_printed": _("This plan is on the printed route cards and stays as printed. "
                          "Latecomers get free seats."),
        "replan_printed_confirm": _("This plan is on the printed route cards. Plan anew "
                                    "and make the printed cards wrong?"),
        "plan_none": _("No round planned yet."),
        "screen_no_ideas": _("No ideas yet. The first ones will appear here."),
        "screen_no_summaries": _("No summary from these tables yet."),
        "other_tables": _("Tables without a pillar"),
        "screen_round_paused": _("Round %(round)s of %(rounds)s · paused"),
        "screen_next_round": _("Coming up: round %(round)s of %(rounds)s"),
        "screen_rounds_done": _("All rounds played"),
        "screen_voting_open": _("Voting is open: which ideas matter most?"),
        "screen_results": _("The ideas with the most dots"),
        "screen_voting_open_themes": _("Voting is open: which themes matter most?"),
        "screen_results_themes": _("The themes with the most dots"),
        "screen_results_held": _("Results after voting closes"),
        "no_dots_yet": _("No dots yet"),
        "bridging_ideas": _("Bridging ideas: backed alike across the roles"),
        "bridging_themes": _("Bridging themes: backed alike across the roles"),
        "bridging_role": _("%(role)s: %(percent)s"),
        "cloud_empty": _("The words of the ideas will gather here."),
        "where_next": _("Where do I go next?"),
        "where_now": _("Who sits where in round %(round)s"),
        "where_wait": _("Change tables: your phone shows where you sit next."),
        "where_done": _("All rounds are played. Thank you, and please stay for the harvest."),
        "page_of": _("Page %(page)s of %(pages)s"),
        "ideas_n": ngettext("%(count)s idea", "%(count)s ideas"),
        "summaries_done": _("%(done)s of %(tables)s tables have written one"),
        "summary_host": _("Host: %(name)s"),
        "summary_no_host": _("No host"),
        "summary_missing": _("Not written yet."),
        "summary_saved_at": _("Saved at %(time)s"),
        "merged_copies": _("%(count)s ideas merged into one"),
        "announcement_last": _("Last shown at %(time)s: %(text)s"),
        "words_hidden": _("Removed from the word clouds:"),
        "word_show_again": _("show again"),
        "word_show_again_named": _("Show “%(word)s” in the word clouds again"),
        "themes_pillar_option": _("%(pillar)s (themes: %(themes)s, suggestions: "
                                  "%(suggestions)s)"),
        "themes_chosen": ngettext("%(count)s idea chosen for a new theme",
                                  "%(count)s ideas chosen for a new theme"),
        "basis_meaning": _("similar meaning"),
        "basis_wording": _("similar wording"),
        "quoted": _("“%(text)s”"),
        "suggestion_group_title": ngettext("%(count)s idea says the same",
                                           "%(count)s ideas say the same"),
        "suggestion_label": _("Merge suggestion: %(texts)s. Enter merges them, Delete keeps "
                              "them apart."),
        "suggestion_accept": _("Merge"),
        "suggestion_reject": _("Keep apart"),
        "suggestion_not_same": _("Doesn't belong"),
        "suggestion_not_same_named": _("“%(text)s” doesn't belong with the others"),
        "suggestion_accepted": _("Merged."),
        "suggestion_rejected": _("Kept apart; these ideas will not be suggested together "
                                 "again."),
        "suggestion_taken_out": _("Taken out; this idea will not be suggested with the others "
                                  "again."),
        "key_delete": _("Del"),
        "theme_drag_hint": _("Drag onto another theme to join the two"),
        "theme_number_hint": _("Press %(number)s on an idea to move it here"),
        "theme_tables": ngettext("Table %(tables)s", "Tables %(tables)s"),
        "theme_rounds": ngettext("round %(rounds)s", "rounds %(rounds)s"),
        "theme_rename": _("Rename"),
        "theme_rename_named": _("Rename the theme “%(name)s”"),
        "theme_lock_hint": _("Locked: the automatic grouping puts no new idea here, only "
                             "you do"),
        "theme_locked": _("locked"),
        "theme_open": _("open"),
        "theme_join": _("Join with …"),
        "theme_join_named": _("Join the theme “%(name)s” with another theme"),
        "theme_move": _("Move to …"),
        "theme_move_named": _("Move the idea “%(text)s” to another theme"),
        "theme_new": _("New theme"),
        "theme_choose": _("choose"),
        "theme_idea_keys": _("A theme's number moves this idea there, N into a new theme"),
        "screen_themes": _("Themes"),
        "screen_no_themes": _("No themes yet"),
        "screen_more_themes": ngettext("and %(count)s more theme", "and %(count)s more themes"),
        "colour_1d5fbf": _("blue"),
        "colour_b0197e": _("magenta"),
        "colour_1a7f6b": _("green"),
        "colour_c2410c": _("orange"),
        "colour_6d28d9": _("violet"),
        "colour_0e7490": _("petrol blue"),
        "colour_a16207": _("ochre"),
        "colour_be123c": _("red"),
        "colour_4d7c0f": _("olive green"),
        "colour_334155": _("slate grey"),
        "colour_9333ea": _("lilac"),
        "colour_0f766e": _("teal"),
    }
