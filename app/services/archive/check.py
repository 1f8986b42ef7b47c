"""Reading and checking a café's JSON export before anything of it is written.

`read` turns the parsed file into a plan of plain values, or refuses it with the place and
the problem; each section is read by its description in `schema`. Uploads are checked in a
child process (`child`), as parsing and checking a large file is pure CPU work.
"""

from flask_babel import lazy_gettext as _l

from app.config import LANGUAGES
from app.services import setup, validate
from app.services.archive.schema import (
    CAFE,
    IDEAS,
    JSON_SCHEMA_VERSION,
    LISTS,
    PARTICIPANTS,
    PLAN,
    READABLE_VERSIONS,
    REJECTED_MERGES,
    SINCE_VERSION_3,
    SUMMARIES,
    THEME_VOTES,
    THEMES,
    VOTES,
    Scope,
    a_list,
    an_object,
    broken,
    known,
)
from app.services.errors import ServiceError

NOT_AN_EXPORT = _l("This file is not a café export of this app (JSON).")


def read(data, max_participants: int) -> dict:
    """The checked content of a parsed export, or a ServiceError naming what is wrong."""
    data = validate.payload(data)
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ServiceError("invalid_archive", NOT_AN_EXPORT, field="schema_version")
    if version not in READABLE_VERSIONS:
        raise ServiceError(
            "unsupported_version",
            _l("This export has schema version %(found)d; this app restores versions "
               "%(oldest)d to %(wanted)d only.", found=version, oldest=READABLE_VERSIONS[0],
               wanted=JSON_SCHEMA_VERSION),
            field="schema_version",
        )
    for section in ("setup", "cafe"):
        an_object(data.get(section), section)
    if version == 2:
        data = _as_version_3(data)
    for section in LISTS:
        a_list(data.get(section.name), section.name)
    raw_setup = data["setup"]
    a_list(raw_setup.get("pillars"), "setup.pillars")
    a_list(raw_setup.get("tables"), "setup.tables")
    language = raw_setup.get("language")
    if language not in LANGUAGES:
        raise broken("setup.language", _l("Choose German (de) or English (en)."))
    try:
        values = setup.read_setup(raw_setup, setup.default_setup(language))
    except ServiceError as exc:
        raise broken(f"setup.{exc.details.get('field', '')}".rstrip("."), exc.message) from None
    scope = Scope(rounds=values["rounds"], tables=len(values["tables"]),
                  pillars=len(values["pillars"]))
    plan = {"setup": values, "cafe": CAFE.read_entry(data["cafe"], "cafe", scope)}
    if len(data["participants"]) > max_participants:
        raise broken("participants", _l("a café holds at most %(max)d people.",
                                        max=max_participants))
    plan["participants"] = PARTICIPANTS.read_entries(data["participants"], scope)
    scope.people = {p["ref"] for p in plan["participants"]}
    plan["plan"] = PLAN.read_entries(data["plan"], scope)
    plan["ideas"] = _ideas(data["ideas"], scope)
    scope.ideas = {i["ref"] for i in plan["ideas"]}
    plan["themes"] = THEMES.read_entries(data["themes"], scope)
    scope.themes = {t["ref"] for t in plan["themes"]}
    _idea_themes(plan["ideas"], plan["themes"])
    plan["votes"] = _votes(data["votes"], scope)
    plan["theme_votes"] = _pairs(THEME_VOTES, data["theme_votes"], scope, "theme",
                                 _l("this person's dots on this theme are listed twice."))
    plan["rejected_merges"] = _rejected(data["rejected_merges"], scope, plan["ideas"])
    plan["summaries"] = SUMMARIES.read_entries(data["summaries"], scope)
    return plan


def _as_version_3(data: dict) -> dict:
    """A version 2 file as version 3 says it: no themes, no theme votes, no rejected merge
    pairs, and no idea in a theme."""
    ideas = data.get("ideas")
    if isinstance(ideas, list):
        ideas = [{"theme": None, "theme_pinned": False, **idea} if isinstance(idea, dict)
                 else idea for idea in ideas]
    return {**data, "ideas": ideas, **{section.name: [] for section in SINCE_VERSION_3}}


def _idea_themes(ideas: list[dict], themes: list[dict]) -> None:
    """Each idea's theme is a theme of the file, of the idea's own pillar."""
    pillar_of = {theme["ref"]: theme["pillar_index"] for theme in themes}
    for i, idea in enumerate(ideas):
        theme = idea["theme"]
        if theme is None:
            continue
        where = f"ideas[{i}].theme"
        known(theme, where, pillar_of)
        if pillar_of[theme] != idea["pillar_index"]:
            raise broken(where, _l("an idea can only be in a theme of its own pillar."))


def _pairs(section, items: list, scope, key: str, twice) -> list[dict]:
    rows = section.read_entries(items, scope)
    seen: set[tuple[int, int]] = set()
    for i, row in enumerate(rows):
        pair = (row["participant"], row[key])
        if pair in seen:
            raise broken(f"{section.name}[{i}]", twice)
        seen.add(pair)
    return rows


def _rejected(items: list, scope, ideas: list[dict]) -> list[dict]:
    """Rejected merge pairs: two different ideas of one pillar, each pair once."""
    rows = REJECTED_MERGES.read_entries(items, scope)
    pillar_of = {idea["ref"]: idea["pillar_index"] for idea in ideas}
    seen: set[tuple[int, int]] = set()
    for i, row in enumerate(rows):
        pair = tuple(sorted((row["first"], row["second"])))
        if pair[0] == pair[1] or pillar_of[pair[0]] != pillar_of[pair[1]] or pair in seen:
            raise broken(f"rejected_merges[{i}]",
                         _l("a rejected pair is two different ideas of one pillar, "
                            "listed once."))
        seen.add(pair)
    return rows


def _ideas(items: list, scope: Scope) -> list[dict]:
    ideas = IDEAS.read_entries(items, scope)
    merged = {idea["ref"]: idea["merged_into"] for idea in ideas}
    for i, idea in enumerate(ideas):
        target = idea["merged_into"]
        if target is None:
            continue
        where = f"ideas[{i}].merged_into"
        known(target, where, merged)
        # Duplicates point at the idea kept, which is itself merged into nothing.
        if target == idea["ref"] or merged[target] is not None:
            raise broken(where, _l("an idea can only be merged into an idea that is kept."))
    return ideas


def _votes(items: list, scope: Scope) -> list[dict]:
    return _pairs(VOTES, items, scope, "idea",
                  _l("this person's dots on this idea are listed twice."))
