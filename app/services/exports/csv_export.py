"""Every idea one row: semicolon-separated UTF-8 with BOM, so German Excel keeps the umlauts.

Produced row by row from a batched query: a large café streams instead of piling up.
"""

import csv
import io
from collections.abc import Iterator

from flask_babel import force_locale
from flask_babel import gettext as _

from app.models import Cafe
from app.services.exports import common

BOM = "\ufeff"


def _line(values) -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerow(
        [common.neutralise(v) for v in values])
    return out.getvalue()


def csv_chunks(cafe: Cafe, anonymous: bool = False) -> Iterator[str]:
    """The file in pieces: the header first, then the ideas in batches, in posting order."""
    with force_locale(cafe.language):
        # Every word is translated now: the rows may be produced after the locale is gone.
        header = [_("Pillar"), _("Question"), _("Table"), _("Round"), _("Time"), _("Author"),
                  _("Idea"), _("Status"), _("Theme")]
        status = {"shown": _("shown"), "hidden": _("hidden"), "merged": _("merged")}
        nobody = _("anonymous")
    pillars = {p.id: (p.title, p.question) for p in cafe.pillars}
    themes = common.theme_names(cafe)

    def rows() -> Iterator[str]:
        yield BOM + _line(header)
        batch = []
        for idea in common.iter_ideas(cafe, anonymous):
            title, question = pillars.get(idea.pillar_id, ("", ""))
            posted = common.iso(common.local_time(idea.created_at))
            batch.append(_line((title, question, idea.table_number, idea.round_number, posted,
                                idea.author or nobody, idea.text, status[idea.status],
                                common.theme_of(idea, themes))))
            if len(batch) == common.BATCH:
                yield "".join(batch)
                batch = []
        if batch:
            yield "".join(batch)

    return rows()


def ideas_csv(cafe: Cafe, anonymous: bool = False) -> str:
    return "".join(csv_chunks(cafe, anonymous))
