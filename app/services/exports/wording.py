"""The report's sentences, shared by HTML, DOCX and Markdown so that all three say the same.

Call these inside `force_locale(cafe.language)`: the report speaks the café's language.
"""

from flask_babel import format_date, format_percent
from flask_babel import gettext as _

from app.services.exports.report import (
    Report,
    ReportBridge,
    ReportIdea,
    ReportPillar,
    ReportSummary,
    ReportTheme,
    Share,
)


def document_title() -> str:
    return _("World Café documentation")


def facts(report: Report) -> list[tuple[str, str]]:
    """Label and value lines for the report's head."""
    return [
        (_("Date"), format_date(report.date, "long")),
        (_("Place"), report.place or _("not given (it can be set in the console's set-up)")),
        (_("Participants"), participants(report)),
        (_("Tables"), str(report.tables)),
        (_("Rounds"), _("%(played)s of %(rounds)s played", played=report.rounds_played,
                        rounds=report.rounds)),
        (_("Ideas"), _("%(posted)s posted, %(shown)s in this report",
                       posted=report.ideas_posted, shown=report.ideas_shown)),
        (_("Dots"), _("%(dots)s from %(voters)s people", dots=report.dots,
                      voters=report.voters)),
    ]


def participants(report: Report) -> str:
    if not report.absent:
        return str(report.participants)
    return _("%(count)s (not counted: %(absent)s marked absent before the first round)",
             count=report.participants, absent=report.absent)


def notes(report: Report) -> list[str]:
    lines = [_("Ideas are listed per pillar, most dots first. Duplicates merged by the "
               "moderator appear once, with their number, e.g. (3×). Hidden and withdrawn "
               "ideas are left out.")]
    if report.anonymous:
        lines.append(_("Anonymous export: no names; organisations only as counts."))
    return lines


def dots(count: int) -> str:
    # German and English both say "1" in the singular and every other number in the plural.
    return _("1 dot") if count == 1 else _("%(count)s dots", count=count)


class Words:
    """The texts repeated for every idea, translated once per report (a gettext call costs
    more than the rest of an idea's line). Make it inside the report's locale."""

    def __init__(self):
        # Without values gettext hands back the translated template itself.
        self._at_table = _("table %(table)s, round %(round)s")
        self._in_round = _("round %(round)s")
        self._dots: dict[int, str] = {}

    def dots(self, count: int) -> str:
        if count not in self._dots:
            self._dots[count] = dots(count)
        return self._dots[count]

    def meta(self, idea: ReportIdea) -> str:
        where = (self._at_table % {"table": idea.table, "round": idea.round} if idea.table
                 else self._in_round % {"round": idea.round})
        return f"{self.dots(idea.votes)} · {where}"

    @staticmethod
    def copies(idea: ReportIdea) -> str:
        return f"({idea.copies}×)" if idea.copies > 1 else ""


def pillar_heading(pillar: ReportPillar) -> str:
    return f"{pillar.number}. {pillar.title}" if pillar.number else no_pillar()


def no_pillar() -> str:
    return _("Ideas without a pillar")


def pillar_counts(pillar: ReportPillar) -> str:
    return _("%(posted)s ideas posted, %(shown)s in this report, %(dots)s in all",
             posted=pillar.posted, shown=len(pillar.ideas), dots=dots(pillar.votes))


def theme_meta(theme: ReportTheme) -> str:
    """Under a theme's name: its keywords, dots and number of ideas."""
    parts = []
    if theme.keywords:
        parts.append(_("Keywords: %(words)s", words=", ".join(theme.keywords)))
    parts.append(dots(theme.votes))
    parts.append(_("1 idea") if len(theme.ideas) == 1
                 else _("%(count)s ideas", count=len(theme.ideas)))
    return " · ".join(parts)


def no_theme() -> str:
    return _("Ideas in no theme")


def no_ideas() -> str:
    return _("No ideas for this pillar.")


def summary_heading(summary: ReportSummary) -> str:
    parts = [_("Table %(number)s", number=summary.table)]
    if summary.table_name:
        parts.append(summary.table_name)
    if summary.pillar:
        parts.append(summary.pillar)
    return " · ".join(parts)


def host_line(summary: ReportSummary) -> str | None:
    return _("Table host: %(name)s", name=summary.host) if summary.host else None


def chart_title() -> str:
    return _("Ideas posted and dots per pillar")


def chart_labels() -> dict[str, str]:
    return {"title": chart_title(), "ideas_label": _("Ideas posted"), "dots_label": _("Dots")}


def chart_caption(report: Report) -> str:
    """Under the PNG in the DOCX: what the image shows, as text a screen reader can read."""
    names = "; ".join(f"{p.number} = {p.title}" for p in report.pillars if p.number)
    return _("Per pillar: dark bar ideas posted, light bar dots. %(names)s", names=names)


def section_titles() -> dict[str, str]:
    return {
        "chart": _("Results at a glance"),
        "pillars": _("Ideas by pillar"),
        "summaries": _("Table hosts' summaries"),
        "no_summaries": _("No table host wrote a summary."),
        "participation": _("Participation"),
        "by_round": _("Ideas posted per pillar and round"),
        "roles": _("Roles"),
        "role": _("Role"),
        "organisations": _("Organisations"),
        "organisation": _("Organisation"),
        "pillar": _("Pillar"),
        "total": _("Total"),
        "people": _("People"),
        "share": _("Share"),
        "not_given": _("not given"),
        "generated": _("Made with the World-Café app."),
    }


def bridging_title(report: Report) -> str:
    return _("Bridging themes") if report.on_themes else _("Bridging ideas")


def bridging_note(report: Report) -> str:
    """What the list means, and why it may be empty."""
    rule = (_("Themes every role backed alike: each role with at least three voters gave "
              "them dots, none less than half as often as all voters did. Groups of fewer "
              "than three voters are not shown.") if report.on_themes else
            _("Ideas every role backed alike: each role with at least three voters gave "
              "them dots, none less than half as often as all voters did. Groups of fewer "
              "than three voters are not shown."))
    if report.bridging:
        return rule
    if report.role_groups < 2:
        return _("Too few voters per role to tell: it takes at least three voters in each "
                 "of two roles.")
    return rule + " " + _("None did in this café.")


def bridge_meta(bridge: ReportBridge) -> str:
    """Per role how many of its voters backed it, then supporters and organisations."""
    parts = [_("%(role)s: %(supporters)s of %(voters)s (%(percent)s %%)", role=r["role"],
               supporters=r["supporters"], voters=r["voters"], percent=r["percent"])
             for r in bridge.roles]
    if bridge.organisations:
        parts.append(_("%(people)s people from %(count)s organisations",
                       people=bridge.supporters, count=bridge.organisations))
    else:
        parts.append(_("%(people)s people", people=bridge.supporters))
    return " · ".join(parts)


def round_label(number: int) -> str:
    return _("Round %(number)s", number=number)


def participation_lines(report: Report) -> list[str]:
    lines = [_("%(contributors)s of %(participants)s participants posted ideas; "
               "%(voters)s gave dots.", contributors=report.contributors,
               participants=report.participants, voters=report.voters)]
    if report.with_organisation:
        lines.append(_("%(people)s participants named their organisation; %(count)s "
                       "organisations in all.", people=report.with_organisation,
                       count=report.organisation_count))
    return lines


def percent(share: Share) -> str:
    return format_percent(share.percent / 100)
