"""Restoring a café from its JSON export (schema version 2), for viewing it again.

The whole file is checked before anything is written; then the café is written in one
transaction, all or nothing. The restored café is closed: its console, report and exports
work, nobody can join or post. It gets new moderator, screen and phone tokens (the export
holds none) and keeps its join code when no café here uses it, so that exporting it again
gives the same file. People left out of an anonymous export come back as numbered
placeholders.
"""

from datetime import UTC, datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.config import LANGUAGES
from app.extensions import db
from app.models import Cafe, Idea, Participant, Phase, Seat, TableSummary, Vote
from app.services import cafes, setup, validate, votes
from app.services.errors import ServiceError
from app.services.exports.json_export import JSON_SCHEMA_VERSION
from app.services.ideas import MAX_IDEA_LENGTH
from app.services.summaries import MAX_SUMMARY_LENGTH

SECTIONS = ("participants", "plan", "ideas", "votes", "summaries")


def restore(data: dict) -> Cafe:
    """Check the export completely, then write the café in one commit; returns it."""
    plan = _read(data)
    try:
        cafe = _write(plan)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ServiceError(
            "restore_failed",
            _l("The café could not be restored because its data do not fit together. "
               "Nothing was stored."),
            status=409,
        ) from None
    return cafe


# ---- reading and checking -----------------------------------------------------------------

def _broken(where: str, problem) -> ServiceError:
    return ServiceError(
        "invalid_archive",
        _l("The file cannot be restored. At %(where)s: %(problem)s", where=where,
           problem=problem),
        field=where,
    )


def _object(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise _broken(where, _l("an object with fields was expected."))
    return value


def _list(value, where: str) -> list:
    if not isinstance(value, list):
        raise _broken(where, _l("a list was expected."))
    return value


def _integer(value, where: str, low: int, high: int, *, null: bool = False) -> int | None:
    if value is None and null:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _broken(where, _l("a whole number from %(low)d to %(high)d was expected.",
                                low=low, high=high))
    return value


def _flag(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise _broken(where, _l("true or false was expected."))
    return value


def _text(value, where: str, label, min_len: int, max_len: int, *, null: bool = False):
    if value is None and null:
        return None
    try:
        return validate.text({"value": value}, "value", label, min_len=min_len,
                             max_len=max_len)
    except ServiceError as exc:
        raise _broken(where, exc.message) from None


def _time(value, where: str, *, null: bool = False) -> datetime | None:
    if value is None and null:
        return None
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        moment = None
    if moment is None:
        raise _broken(where, _l("a date and time (ISO 8601) was expected."))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _ref(item: dict, where: str, seen: set) -> int:
    ref = _integer(item.get("ref"), f"{where}.ref", 1, validate.MAX_ROW_ID)
    if ref in seen:
        raise _broken(f"{where}.ref", _l("this number is used twice."))
    seen.add(ref)
    return ref


def _known(value, where: str, known) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value not in known:
        raise _broken(where, _l("this refers to an entry the file does not contain."))
    return value


def _read(data) -> dict:
    data = validate.payload(data)
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ServiceError("invalid_archive",
                           _l("This file is not a café export of this app (JSON)."),
                           field="schema_version")
    if version != JSON_SCHEMA_VERSION:
        raise ServiceError(
            "unsupported_version",
            _l("This export has schema version %(found)d; this app restores version "
               "%(wanted)d only.", found=version, wanted=JSON_SCHEMA_VERSION),
            field="schema_version",
        )
    for section in ("setup", "cafe"):
        _object(data.get(section), section)
    for section in SECTIONS:
        _list(data.get(section), section)
    raw_setup = data["setup"]
    _list(raw_setup.get("pillars"), "setup.pillars")
    _list(raw_setup.get("tables"), "setup.tables")
    language = raw_setup.get("language")
    if language not in LANGUAGES:
        raise _broken("setup.language", _l("Choose German (de) or English (en)."))
    try:
        values = setup.read_setup(raw_setup, setup.default_setup(language))
    except ServiceError as exc:
        raise _broken(f"setup.{exc.details.get('field', '')}".rstrip("."), exc.message) from None
    rounds, tables = values["rounds"], len(values["tables"])
    raw_cafe = data["cafe"]
    plan = {
        "setup": values,
        "code": raw_cafe.get("code") if isinstance(raw_cafe.get("code"), str) else None,
        "created_at": _time(raw_cafe.get("created_at"), "cafe.created_at"),
        "rounds_started": _integer(raw_cafe.get("rounds_started"), "cafe.rounds_started", 0,
                                   rounds),
    }
    plan["participants"] = _participants(data["participants"], tables, rounds)
    people = {p["ref"] for p in plan["participants"]}
    plan["plan"] = _seats(data["plan"], people, tables, rounds)
    plan["ideas"] = _ideas(data["ideas"], people, len(values["pillars"]), tables, rounds)
    ideas = {i["ref"] for i in plan["ideas"]}
    plan["votes"] = _votes(data["votes"], people, ideas)
    plan["summaries"] = _summaries(data["summaries"], people, tables)
    return plan


def _participants(items: list, tables: int, rounds: int) -> list[dict]:
    limit = current_app.config["MAX_PARTICIPANTS"]
    if len(items) > limit:
        raise _broken("participants", _l("a café holds at most %(max)d people.", max=limit))
    seen: set[int] = set()
    hosts: set[int] = set()
    people = []
    for i, raw in enumerate(items):
        where = f"participants[{i}]"
        item = _object(raw, where)
        host = _integer(item.get("host_table"), f"{where}.host_table", 1, tables, null=True)
        if host is not None:
            if host in hosts:
                raise _broken(f"{where}.host_table", _l("a table has one host only."))
            hosts.add(host)
        people.append({
            "ref": _ref(item, where, seen),
            "name": _text(item.get("name"), f"{where}.name", _l("Name"), 1, 60, null=True),
            "organisation": _text(item.get("organisation"), f"{where}.organisation",
                                  _l("Organisation"), 0, 120, null=True) or "",
            "role": _text(item.get("role"), f"{where}.role", _l("Role"), 0, 60,
                          null=True) or "",
            "host_table": host,
            "joined_at": _time(item.get("joined_at"), f"{where}.joined_at"),
            "left_after_round": _integer(item.get("left_after_round"),
                                         f"{where}.left_after_round", 0, rounds, null=True),
        })
    return people


def _seats(items: list, people: set, tables: int, rounds: int) -> list[dict]:
    seen: set[int] = set()
    rows = []
    for i, raw in enumerate(items):
        where = f"plan[{i}]"
        item = _object(raw, where)
        person = _known(item.get("participant"), f"{where}.participant", people)
        if person in seen:
            raise _broken(f"{where}.participant", _l("this person is in the plan twice."))
        seen.add(person)
        numbers = _list(item.get("tables"), f"{where}.tables")
        if len(numbers) != rounds:
            raise _broken(f"{where}.tables", _l("one table number (or null) per round was "
                                                "expected."))
        rows.append({"participant": person, "tables": [
            _integer(n, f"{where}.tables[{r}]", 1, tables, null=True)
            for r, n in enumerate(numbers)]})
    return rows


def _ideas(items: list, people: set, pillars: int, tables: int, rounds: int) -> list[dict]:
    seen: set[int] = set()
    ideas = []
    for i, raw in enumerate(items):
        where = f"ideas[{i}]"
        item = _object(raw, where)
        ideas.append({
            "ref": _ref(item, where, seen),
            "participant": _known(item.get("participant"), f"{where}.participant", people),
            "pillar_index": _integer(item.get("pillar_index"), f"{where}.pillar_index", 0,
                                     pillars - 1, null=True),
            "table": _integer(item.get("table"), f"{where}.table", 1, tables, null=True),
            "round": _integer(item.get("round"), f"{where}.round", 1, rounds),
            "time": _time(item.get("time"), f"{where}.time"),
            "text": _text(item.get("text"), f"{where}.text", _l("Idea"), 1, MAX_IDEA_LENGTH),
            "hidden": _flag(item.get("hidden"), f"{where}.hidden"),
            "pinned": _flag(item.get("pinned"), f"{where}.pinned"),
            "merged_into": item.get("merged_into"),
            "original_text": _text(item.get("original_text"), f"{where}.original_text",
                                   _l("Idea"), 1, MAX_IDEA_LENGTH, null=True),
            "edited_at": _time(item.get("edited_at"), f"{where}.edited_at", null=True),
        })
    merged = {idea["ref"]: idea["merged_into"] for idea in ideas}
    for i, idea in enumerate(ideas):
        target = idea["merged_into"]
        if target is None:
            continue
        where = f"ideas[{i}].merged_into"
        _known(target, where, seen)
        # Duplicates point at the idea kept, which is itself merged into nothing.
        if target == idea["ref"] or merged[target] is not None:
            raise _broken(where, _l("an idea can only be merged into an idea that is kept."))
    return ideas


def _votes(items: list, people: set, ideas: set) -> list[dict]:
    seen: set[tuple[int, int]] = set()
    rows = []
    for i, raw in enumerate(items):
        where = f"votes[{i}]"
        item = _object(raw, where)
        pair = (_known(item.get("participant"), f"{where}.participant", people),
                _known(item.get("idea"), f"{where}.idea", ideas))
        if pair in seen:
            raise _broken(where, _l("this person's dots on this idea are listed twice."))
        seen.add(pair)
        rows.append({"participant": pair[0], "idea": pair[1],
                     "dots": _integer(item.get("dots"), f"{where}.dots", 1, votes.MAX_DOTS)})
    return rows


def _summaries(items: list, people: set, tables: int) -> list[dict]:
    seen: set[int] = set()
    rows = []
    for i, raw in enumerate(items):
        where = f"summaries[{i}]"
        item = _object(raw, where)
        table = _integer(item.get("table"), f"{where}.table", 1, tables)
        if table in seen:
            raise _broken(f"{where}.table", _l("a table has one summary only."))
        seen.add(table)
        author = item.get("author")
        rows.append({
            "table": table,
            "author": None if author is None else _known(author, f"{where}.author", people),
            "text": _text(item.get("text"), f"{where}.text", _l("Summary"), 0,
                          MAX_SUMMARY_LENGTH),
            "updated_at": _time(item.get("updated_at"), f"{where}.updated_at"),
        })
    return rows


# ---- writing ------------------------------------------------------------------------------

def _code(wanted: str | None) -> str:
    """The café's own join code when it is free here, else a new one."""
    code = cafes.normalise_code(wanted)
    shape_ok = len(code) == cafes.JOIN_CODE_LENGTH and all(
        ch in cafes.JOIN_CODE_ALPHABET for ch in code)
    if shape_ok and db.session.scalar(select(Cafe.id).where(Cafe.code == code)) is None:
        return code
    return cafes._unique_code()


def _write(plan: dict) -> Cafe:
    values = plan["setup"]
    cafe = Cafe(code=_code(plan["code"]), moderator_token=cafes.new_token(),
                screen_token=cafes.new_token())
    setup.apply_setup(cafe, values)
    cafe.created_at = plan["created_at"]
    cafe.phase = Phase.CLOSED
    cafe.current_round = plan["rounds_started"] - 1
    cafe.voting_open = False
    db.session.add(cafe)
    db.session.flush()
    table_id = {t.number: t.id for t in cafe.tables}
    pillar_id = [p.id for p in cafe.pillars]

    with force_locale(values["language"]):
        people = {
            p["ref"]: Participant(
                cafe_id=cafe.id, token=cafes.new_token(),
                name=p["name"] or _("Participant %(number)s", number=p["ref"]),
                organisation=p["organisation"], role=p["role"],
                host_table_id=table_id.get(p["host_table"]), joined_at=p["joined_at"],
                left_after_round=(None if p["left_after_round"] is None
                                  else p["left_after_round"] - 1),
            )
            for p in plan["participants"]
        }
    db.session.add_all(people.values())
    db.session.flush()

    db.session.add_all(
        Seat(cafe_id=cafe.id, round_index=r, participant_id=people[row["participant"]].id,
             table_id=table_id[number])
        for row in plan["plan"] for r, number in enumerate(row["tables"]) if number
    )
    ideas = {
        i["ref"]: Idea(
            cafe_id=cafe.id, participant_id=people[i["participant"]].id,
            client_id=f"archive-{i['ref']:08d}",
            pillar_id=None if i["pillar_index"] is None else pillar_id[i["pillar_index"]],
            table_id=table_id.get(i["table"]), round_index=i["round"] - 1, text=i["text"],
            created_at=i["time"], edited_at=i["edited_at"], hidden=i["hidden"],
            pinned=i["pinned"], original_text=i["original_text"],
        )
        for i in plan["ideas"]
    }
    db.session.add_all(ideas.values())
    db.session.flush()
    for i in plan["ideas"]:
        if i["merged_into"] is not None:
            ideas[i["ref"]].merged_into_id = ideas[i["merged_into"]].id
    db.session.add_all(
        Vote(cafe_id=cafe.id, participant_id=people[v["participant"]].id,
             idea_id=ideas[v["idea"]].id, dots=v["dots"])
        for v in plan["votes"]
    )
    db.session.add_all(
        TableSummary(cafe_id=cafe.id, table_id=table_id[s["table"]],
                     author_id=None if s["author"] is None else people[s["author"]].id,
                     text=s["text"], updated_at=s["updated_at"])
        for s in plan["summaries"]
    )
    db.session.flush()
    return cafe
