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


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)\w", text))


def test_placeholders_survive_translation():
    for message in load(CATALOG):
        if not message.id:
            continue
        # A counted text has a singular and a plural, each with its own translation.
        sources = message.id if message.pluralizable else (message.id,)
        targets = message.string if message.pluralizable else (message.string,)
        for source, target in zip(sources, targets, strict=True):
            assert placeholders(source) == placeholders(target), source


def test_catalogue_is_not_marked_fuzzy():
    # pybabel compile silently skips a fuzzy catalogue: the whole UI would fall back to English.
    assert not load(CATALOG).fuzzy
