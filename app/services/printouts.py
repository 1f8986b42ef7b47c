"""What the paper fallback prints: a route card per person and a sign per table."""

from app.models import Cafe
from app.services import reads


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
