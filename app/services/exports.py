"""Exports of a café's ideas: CSV for spreadsheets, JSON for archiving and re-use."""

import csv
import io

from flask_babel import gettext as _

from app.models import Cafe
from app.services import snapshots

JSON_SCHEMA_VERSION = 1
# A cell starting like this is a formula to a spreadsheet; a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def idea_records(cafe: Cafe) -> list[dict]:
    """Every idea with the context a reader needs, in the order they were posted."""
    pillars = {p.id: p for p in cafe.pillars}
    records = []
    for idea in snapshots.cafe_ideas(cafe):
        pillar = pillars.get(idea.pillar_id)
        records.append({
            "pillar": pillar.title if pillar else "",
            "question": pillar.question if pillar else "",
            "table": idea.table.number if idea.table else None,
            "round": idea.round_index + 1,
            "time": idea.created_at.isoformat(timespec="seconds"),
            "author": None if cafe.anonymous else idea.participant.name,
            "text": idea.text,
        })
    return records


def ideas_csv(cafe: Cafe) -> str:
    """Semicolon-separated UTF-8 with BOM: German Excel opens it with umlauts intact."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Pillar"), _("Question"), _("Table"), _("Round"), _("Time"),
                     _("Author"), _("Idea")])
    anonymous = _("anonymous")
    for r in idea_records(cafe):
        writer.writerow([neutralise(v) for v in (
            r["pillar"], r["question"], r["table"], r["round"], r["time"],
            r["author"] or anonymous, r["text"],
        )])
    return out.getvalue()


def cafe_json(cafe: Cafe) -> dict:
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "cafe": {
            "code": cafe.code,
            "title": cafe.title,
            "language": cafe.language,
            "anonymous": cafe.anonymous,
            "roles": cafe.roles,
            "rounds": cafe.rounds,
            "round_minutes": cafe.round_minutes,
            "created_at": cafe.created_at.isoformat(timespec="seconds"),
            "pillars": [{"title": p.title, "question": p.question, "color": p.color}
                        for p in cafe.pillars],
            "tables": [{"number": t.number, "capacity": t.capacity,
                        "pillar": t.pillar.title if t.pillar else None}
                       for t in cafe.tables],
        },
        "ideas": idea_records(cafe),
    }
