"""The whole café as JSON, for the archive and for re-use (schema version 2).

`setup` is exactly what `services.setup.setup_of` returns: on its own it starts a new café.
Everything else records what happened: people, seats, ideas, dots and summaries, linked by
`ref` numbers (1, 2, ... in the order stored) instead of database ids. No secret is in it:
no moderator, screen or phone token; `app.services.archive.restore` makes new ones.
Exporting a restored café again gives the same file, byte for byte.
"""

import json
from collections.abc import Iterator

from app.models import Cafe
from app.services import seating, setup, snapshots
from app.services.exports import common

JSON_SCHEMA_VERSION = 2
CHUNK = 64 * 1024


def cafe_json(cafe: Cafe, anonymous: bool = False) -> dict:
    anonymous = common.is_anonymous(cafe, anonymous)
    pillars = {p.id: p for p in cafe.pillars}
    position = {p.id: i for i, p in enumerate(cafe.pillars)}
    tables = {t.id: t.number for t in cafe.tables}
    people = common.participants(cafe)
    person_ref = {p.id: n for n, p in enumerate(people, start=1)}
    records = common.load_ideas(cafe, anonymous)
    idea_ref = {r.id: r.ref for r in records}
    data = {
        "schema_version": JSON_SCHEMA_VERSION,
        "anonymous_export": anonymous,
        "setup": setup.setup_of(cafe),
        "cafe": {
            "code": cafe.code,
            "title": cafe.title,
            "language": cafe.language,
            "anonymous": cafe.anonymous,
            "roles": list(cafe.roles),
            "rounds": cafe.rounds,
            "round_minutes": cafe.round_minutes,
            "created_at": common.iso(cafe.created_at),
            "phase": cafe.phase,
            "rounds_started": max(0, cafe.current_round + 1),
            "pillars": [{"title": p.title, "question": p.question, "color": p.color}
                        for p in cafe.pillars],
            "tables": [{"number": t.number, "name": t.name, "capacity": t.capacity,
                        "pillar": t.pillar.title if t.pillar else None}
                       for t in cafe.tables],
        },
        "participants": [
            {
                "ref": person_ref[p.id],
                "name": None if anonymous else p.name,
                "organisation": None if anonymous else p.organisation,
                "role": p.role,
                "host_table": tables.get(p.host_table_id),
                "joined_at": common.iso(p.joined_at),
                # The last round (1-based) the person took part in; 0: left before round 1.
                "left_after_round": (None if p.left_after_round is None
                                     else p.left_after_round + 1),
            }
            for p in people
        ],
        "plan": _plan(cafe, people, person_ref, tables),
        "ideas": [
            {
                "ref": r.ref,
                "pillar": pillars[r.pillar_id].title if r.pillar_id in pillars else "",
                "question": pillars[r.pillar_id].question if r.pillar_id in pillars else "",
                "pillar_index": position.get(r.pillar_id),
                "table": r.table_number,
                "round": r.round,
                "time": common.iso(r.created_at),
                "author": r.author,
                "participant": person_ref[r.participant_id],
                "text": r.text,
                "status": r.status,
                "hidden": r.hidden,
                "pinned": r.pinned,
                "merged_into": r.merged_into,
                "original_text": r.original_text,
                "edited_at": common.iso(r.edited_at),
                "votes": r.votes,
            }
            for r in records
        ],
        "votes": _votes(cafe, person_ref, idea_ref),
        "summaries": [
            {
                "table": tables[s.table_id],
                "author": person_ref.get(s.author_id),
                "text": s.text,
                "updated_at": common.iso(s.updated_at),
            }
            for s in sorted(common.summaries(cafe), key=lambda s: tables.get(s.table_id, 0))
            if s.table_id in tables
        ],
    }
    if anonymous:
        organisations = {p.organisation for p in people if p.organisation}
        data["organisations"] = {
            "count": len(organisations),
            "participants_with_one": sum(1 for p in people if p.organisation),
        }
    return data


def _plan(cafe: Cafe, people, person_ref: dict, tables: dict) -> list[dict]:
    """Per person the table number in every round (null: no seat in that round)."""
    by_round = seating.seatings(cafe)
    plan = []
    for person in people:
        row = [tables.get(by_round.get(r, {}).get(person.id)) for r in range(cafe.rounds)]
        if any(number is not None for number in row):
            plan.append({"participant": person_ref[person.id], "tables": row})
    return plan


def _votes(cafe: Cafe, person_ref: dict, idea_ref: dict) -> list[dict]:
    rows = [
        {"participant": person_ref[pid], "idea": idea_ref[idea_id], "dots": dots}
        for pid, ideas in snapshots.votes_by_participant(cafe).items()
        for idea_id, dots in ideas.items()
        if pid in person_ref and idea_id in idea_ref and dots > 0
    ]
    return sorted(rows, key=lambda v: (v["participant"], v["idea"]))


def json_chunks(cafe: Cafe, anonymous: bool = False) -> Iterator[str]:
    """The file in pieces of about CHUNK characters, as the encoder writes it."""
    data = cafe_json(cafe, anonymous)

    def pieces() -> Iterator[str]:
        buffer, size = [], 0
        for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
            buffer.append(piece)
            size += len(piece)
            if size >= CHUNK:
                yield "".join(buffer)
                buffer, size = [], 0
        buffer.append("\n")
        yield "".join(buffer)

    return pieces()


def json_text(cafe: Cafe, anonymous: bool = False) -> str:
    return "".join(json_chunks(cafe, anonymous))
