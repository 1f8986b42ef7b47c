"""Every source text has a German translation, with the same placeholders."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parents[2] / "app/translations/de/LC_MESSAGES/messages.po"
TEMPLATE = CATALOG.parents[2] / "messages.pot"


def load(path):
    with open(path, "rb") as handle:
        return read_po(handle)


def test_every_text_is_translated_to_german():
    german = load(CATALOG)
    missing = [m.id for m in load(TEMPLATE) if m.id and not (german.get(m.id) and
                                                               german.get(m.id).string)]
    assert missing == []


def test_placeholders_survive_translation():
    for message in load(CATALOG):
        if message.id:
            assert sorted(re.findall(r"%\(\w+\)\w", message.id)) == sorted(
                re.findall(r"%\(\w+\)\w", message.string)), message.id


def test_catalogue_is_not_marked_fuzzy():
    # pybabel compile silently skips a fuzzy catalogue: the whole UI would fall back to English.
    assert not load(CATALOG).fuzzy
