"""The documentation report as plain data: HTML, DOCX and Markdown all render this one model.

Per pillar the ideas shown, most dots first, each group of merged duplicates once with its
size; hidden and withdrawn ideas are left out. When the harvest made themes, a pillar lists
its themes (most dots first, each with its ideas), then the ideas in no theme. Then the
table hosts' summaries and how people took part. Nothing here is translated: each format
adds its own words.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from app import bridging as bridging_rule
from app.models import Cafe
from app.services import bridges, reads
from app.services.exports import common

NO_PILLAR_COLOR = "#4b5563"


@dataclass
class ReportIdea:
    text: str
    votes: int
    copies: int  # 1, or the number of ideas merged into this one plus itself
    table: int | None
    round: int


@dataclass
class ReportTheme:
    name: str
    keywords: list[str]
    votes: int  # on the theme (the café voted on themes) or on its ideas
    ideas: list[ReportIdea] = field(default_factory=list)


@dataclass
class ReportPillar:
    number: int  # 1-based position; 0 for ideas whose pillar is gone
    title: str
    question: str
    color: str
    ideas: list[ReportIdea] = field(default_factory=list)
    posted: int = 0  # every idea posted here, duplicates and hidden ones included
    votes: int = 0
    by_round: list[int] = field(default_factory=list)
    themes: list[ReportTheme] = field(default_factory=list)
    unthemed: list[ReportIdea] = field(default_factory=list)  # shown, in no theme

    @property
    def unassigned(self) -> bool:
        return self.number == 0


@dataclass
class ReportBridge:
    """A bridging idea or theme (app/bridging.py): backed alike across the roles."""

    text: str
    pillar: str
    supporters: int
    dots: int
    organisations: int | None
    roles: list[dict]  # {role, voters, supporters, percent}: groups of three voters or more


@dataclass
class ReportSummary:
    table: int
    table_name: str
    pillar: str
    host: str | None  # None when anonymous or nobody is on record
    text: str


@dataclass
class Share:
    label: str
    count: int
    percent: int


@dataclass
class Report:
    title: str
    place: str
    language: str
    anonymous: bool
    date: date
    participants: int
    tables: int
    rounds: int
    rounds_played: int
    contributors: int  # people who posted at least one idea
    voters: int
    ideas_posted: int
    ideas_shown: int
    dots: int
    pillars: list[ReportPillar]
    summaries: list[ReportSummary]
    roles: list[Share]
    roles_not_given: int
    organisations: list[Share]  # empty when anonymous: then only the counts below
    organisation_count: int
    with_organisation: int
    absent: int = 0  # marked absent before the first round: in no count above
    on_themes: bool = False  # the café voted on themes
    bridging: list[ReportBridge] = field(default_factory=list)
    role_groups: int = 0  # roles with at least three voters: bridging needs two

    @property
    def round_numbers(self) -> list[int]:
        return list(range(1, self.rounds + 1))

    @property
    def ideas_by_round(self) -> list[int]:
        return [sum(p.by_round[i] for p in self.pillars) for i in range(self.rounds)]


def _percent(count: int, total: int) -> int:
    return round(100 * count / total) if total else 0


def _place_themes(on_themes: bool, theme_rows: list, pillar_of: dict, themes: dict) -> None:
    """Each pillar's themes holding a shown idea, most dots first, then the most ideas (as the
    screen ranks them; equal: as made). When the café voted on themes, the pillar's dots are
    its themes' dots."""
    for theme_row in theme_rows:
        pillar, theme = pillar_of.get(theme_row.pillar_id), themes[theme_row.id]
        if pillar is None or not theme.ideas:
            continue
        pillar.themes.append(theme)
        if on_themes:
            pillar.votes += theme.votes
    for pillar in pillar_of.values():
        pillar.themes.sort(key=lambda t: (-t.votes, -len(t.ideas)))


def build_report(cafe: Cafe, anonymous: bool = False, records=None) -> Report:
    """records: the café's ideas from `common.load_ideas`, when the caller has them."""
    anonymous = common.is_anonymous(cafe, anonymous)
    if records is None:
        records = common.load_ideas(cafe, anonymous)
    everyone = reads.participants(cafe)
    # Counts mean the people who took part, not everyone on an imported list.
    people = [p for p in everyone if reads.took_part(p)]
    pillars = [
        ReportPillar(number=i, title=p.title, question=p.question, color=p.color,
                     by_round=[0] * cafe.rounds)
        for i, p in enumerate(cafe.pillars, start=1)
    ]
    pillar_of = {p.id: report for p, report in zip(cafe.pillars, pillars, strict=True)}
    orphans = ReportPillar(number=0, title="", question="", color=NO_PILLAR_COLOR,
                           by_round=[0] * cafe.rounds)
    on_themes = cafe.vote_on == "themes"
    theme_dots = reads.theme_vote_totals(cafe) if on_themes else {}
    theme_rows = reads.themes(cafe)
    themes = {t.id: ReportTheme(name=t.name, keywords=list(t.keywords or []),
                                votes=theme_dots.get(t.id, 0)) for t in theme_rows}
    for record in common.by_votes(records):
        pillar = pillar_of.get(record.pillar_id, orphans)
        pillar.posted += 1
        pillar.votes += 0 if on_themes else record.votes
        if 1 <= record.round_number <= cafe.rounds:
            pillar.by_round[record.round_number - 1] += 1
        if record.shown:
            idea = ReportIdea(text=record.text, votes=record.votes, copies=record.copies,
                              table=record.table_number, round=record.round_number)
            pillar.ideas.append(idea)
            theme = themes.get(record.theme_id)
            if theme is None:
                pillar.unthemed.append(idea)
            else:
                theme.ideas.append(idea)
                theme.votes += 0 if on_themes else record.votes
    if orphans.posted:
        pillars.append(orphans)
    _place_themes(on_themes, theme_rows, pillar_of, themes)

    name_of = {p.id: p.name for p in everyone}
    tables = {t.id: t for t in cafe.tables}
    titles = {p.id: p.title for p in cafe.pillars}
    summaries = []
    for summary in reads.summaries(cafe):
        table = tables.get(summary.table_id)
        if table is None or not summary.text.strip():
            continue
        summaries.append(ReportSummary(
            table=table.number, table_name=table.name,
            pillar=titles.get(table.pillar_id, ""),
            host=None if anonymous else name_of.get(summary.author_id),
            text=summary.text,
        ))
    summaries.sort(key=lambda s: s.table)

    total = len(people)
    role_counts = Counter(p.role for p in people if p.role)
    order = {role: i for i, role in enumerate(cafe.roles)}
    roles = [Share(role, count, _percent(count, total)) for role, count in sorted(
        role_counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))]
    org_counts = Counter(p.organisation for p in people if p.organisation)
    organisations = [] if anonymous else [
        Share(name, count, _percent(count, total))
        for name, count in sorted(org_counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    first = min((r.created_at for r in records), default=cafe.created_at)
    return Report(
        title=cafe.title,
        place=cafe.place,
        language=cafe.language,
        anonymous=anonymous,
        date=common.local_time(first).date(),
        participants=total,
        tables=len(cafe.tables),
        rounds=cafe.rounds,
        rounds_played=max(0, min(cafe.current_round + 1, cafe.rounds)),
        contributors=len({r.participant_id for r in records}),
        voters=(len(reads.theme_votes_by_participant(cafe)) if on_themes
                else reads.voter_count(cafe)),
        ideas_posted=len(records),
        ideas_shown=sum(len(p.ideas) for p in pillars),
        dots=sum(p.votes for p in pillars),
        pillars=pillars,
        summaries=summaries,
        roles=roles,
        roles_not_given=total - sum(role_counts.values()),
        organisations=organisations,
        organisation_count=len(org_counts),
        with_organisation=sum(org_counts.values()),
        absent=len(everyone) - total,
        on_themes=on_themes,
        bridging=_bridging(cafe, records, titles),
        role_groups=len(bridging_rule.groups(
            {p.id: p.role for p in everyone},
            (reads.theme_votes_by_participant(cafe) if on_themes
             else reads.votes_by_participant(cafe)), cafe.roles)),
    )


def _bridging(cafe: Cafe, records, titles: dict) -> list[ReportBridge]:
    return [ReportBridge(text=item["text"], pillar=titles.get(item["pillar_id"], ""),
                         supporters=item["supporters"], dots=item["dots"],
                         organisations=item["organisations"], roles=item["roles"])
            for item in bridges.bridging_items(cafe, records, limit=None)]
