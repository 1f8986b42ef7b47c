"""What is printed: a route card per person and a sign per table (the paper fallback), and
what makes a guest list personal: name badges and the personal links for a mail merge."""

import csv
import io

from flask_babel import force_locale
from flask_babel import gettext as _

from app.extensions import db
from app.links import personal_url
from app.models import Cafe
from app.services import notify, reads, replanning, seating
from app.services.exports import common


def print_route_cards(cafe: Cafe, without_phone: bool = False) -> list[dict]:
    """The route cards, for the moderator's print page: from now on the coming rounds' plan
    is on paper, so nothing re-plans it unasked (replanning, rounds.replan)."""
    cards = route_cards(cafe, without_phone)
    if not cafe.plan_printed and seating.is_planned(cafe, cafe.current_round + 1):
        cafe.plan_printed = True
        db.session.commit()
        replanning.cancel(cafe)
        notify.planning(cafe.id, searching=False, printed=True)
    return cards


def route_cards(cafe: Cafe, without_phone: bool = False) -> list[dict]:
    """One card per person present: their table and pillar in every round, or None if
    unplanned. Someone marked absent gets none; without_phone leaves out those whose phone
    is connected now (it shows them the way)."""
    pillars = {p.id: p for p in cafe.pillars}
    tables = {t.id: t for t in cafe.tables}
    by_round = reads.seatings(cafe)
    cards = []
    for person in reads.participants(cafe):
        if person.left_after_round is not None or (without_phone and person.connections > 0):
            continue
        stops = []
        for round_index in range(cafe.rounds):
            table = tables.get(by_round.get(round_index, {}).get(person.id))
            pillar = pillars.get(table.pillar_id) if table else None
            stops.append(table and {
                "round": round_index + 1,
                "table": table.number,
                "table_name": table.name,
                "pillar": pillar.title if pillar else "",
                "color": pillar.color if pillar else "#4b5563",
            })
        cards.append({"name": person.name, "organisation": person.organisation,
                      "host": person.host_table_id is not None, "stops": stops,
                      "personal_code": person.personal_code})
    return cards


def table_signs(cafe: Cafe) -> list[dict]:
    pillars = {p.id: p for p in cafe.pillars}
    return [
        {
            "number": table.number,
            "name": table.name,
            "pillar": pillars[table.pillar_id].title if table.pillar_id else "",
            "question": pillars[table.pillar_id].question if table.pillar_id else "",
            "color": pillars[table.pillar_id].color if table.pillar_id else "#4b5563",
        }
        for table in cafe.tables
    ]


def badges(cafe: Cafe) -> list[dict]:
    """A name badge per person not marked gone, in the list's order."""
    return [{"name": p.name, "organisation": p.organisation, "role": p.role,
             "personal_url": personal_url(cafe, p.personal_code)}
            for p in reads.participants(cafe) if p.left_after_round is None]


def personal_links_csv(cafe: Cafe) -> str:
    """Name, organisation, role and personal link of everyone, for a mail merge before the
    event: semicolon-separated UTF-8 with BOM like the idea export, formulas neutralised."""
    with force_locale(cafe.language):
        header = [_("Name"), _("Organisation"), _("Role"), _("Personal link")]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for person in reads.participants(cafe):
        writer.writerow([common.neutralise(value) for value in (
            person.name, person.organisation, person.role,
            personal_url(cafe, person.personal_code))])
    return "\ufeff" + out.getvalue()
