"""The moderator's downloads (exports of the café, its set-up as a template), deleting a café,
and restoring one from its JSON export.

Views only translate: the moderator's token opens the café (anything else is a 403), the
services make the files. `?anonymous=1` on any export leaves every name out.
"""

import json

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    render_template,
    request,
    stream_with_context,
)
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from app.links import cafe_links
from app.services import archive, cafes, printouts, privacy, setup, validate
from app.services.errors import ServiceError
from app.services.exports import (
    common,
    csv_export,
    docx_report,
    html_report,
    json_export,
    markdown_report,
    xlsx_export,
)
from app.web import uploads

blueprint = Blueprint("downloads", __name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _moderated(token: str):
    """The café of this moderator token, and whether the export is to be anonymous."""
    cafe = cafes.cafe_for_moderator(token)
    g.cafe_language = cafe.language
    anonymous = validate.boolean(request.args, "anonymous", _l("Anonymous"), default=False)
    return cafe, anonymous


@blueprint.get("/m/<token>/setup.json")
def setup_template(token: str):
    """The café's set-up as a template file for the next café."""
    cafe = cafes.cafe_for_moderator(token)
    template = setup.setup_of(cafe)
    # The next café meets on another day: its start is planned there.
    del template["planned_start"]
    body = json.dumps(template, ensure_ascii=False, indent=2)
    return _download(body, "application/json; charset=utf-8",
                     common.filename(cafe, "setup.json"))


@blueprint.get("/m/<token>/export.csv")
def export_csv(token: str):
    cafe, anonymous = _moderated(token)
    body = stream_with_context(csv_export.csv_chunks(cafe, anonymous))
    return _download(body, "text/csv; charset=utf-8", common.filename(cafe, "csv", anonymous))


@blueprint.get("/m/<token>/personal-links.csv")
def personal_links(token: str):
    """Everyone's personal link, for a mail merge. Personal by purpose: ?anonymous does not
    apply."""
    cafe = cafes.cafe_for_moderator(token)
    g.cafe_language = cafe.language
    return _download(printouts.personal_links_csv(cafe), "text/csv; charset=utf-8",
                     common.filename(cafe, "personal-links.csv"))


@blueprint.get("/m/<token>/export.json")
def export_json(token: str):
    cafe, anonymous = _moderated(token)
    body = stream_with_context(json_export.json_chunks(cafe, anonymous))
    return _download(body, "application/json; charset=utf-8",
                     common.filename(cafe, "json", anonymous))


@blueprint.get("/m/<token>/export.xlsx")
def export_xlsx(token: str):
    cafe, anonymous = _moderated(token)
    return _download(xlsx_export.workbook_xlsx(cafe, anonymous), XLSX,
                     common.filename(cafe, "xlsx", anonymous))


@blueprint.get("/m/<token>/export.docx")
def export_docx(token: str):
    cafe, anonymous = _moderated(token)
    return _download(docx_report.report_docx(cafe, anonymous), DOCX,
                     common.filename(cafe, "docx", anonymous))


@blueprint.get("/m/<token>/export.md")
def export_markdown(token: str):
    cafe, anonymous = _moderated(token)
    body = stream_with_context(markdown_report.report_markdown(cafe, anonymous))
    return _download(body, "text/markdown; charset=utf-8",
                     common.filename(cafe, "md", anonymous))


@blueprint.get("/m/<token>/report")
def report(token: str):
    """The printable report, shown in the browser: "print to PDF" makes the PDF."""
    cafe, anonymous = _moderated(token)
    response = Response(html_report.report_html(cafe, anonymous),
                        content_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/m/<token>/delete")
def confirm_delete(token: str):
    cafe = cafes.cafe_for_moderator(token)
    g.cafe_language = cafe.language
    return render_template("delete.html", cafe=cafe, error=None, deleted=None)


@blueprint.post("/m/<token>/delete")
def delete_cafe(token: str):
    cafe = cafes.cafe_for_moderator(token)
    g.cafe_language = cafe.language
    title = cafe.title
    try:
        scrubbed = privacy.delete_cafe(cafe, {"confirmation": request.form.get("confirmation",
                                                                                "")})
    except ServiceError as exc:
        if exc.status == 403:
            raise
        return render_template("delete.html", cafe=cafe, error=str(exc.message),
                               deleted=None), exc.status
    return render_template("delete.html", cafe=None, error=None, deleted=title,
                           scrubbed=scrubbed)


@blueprint.get("/restore")
def restore_form():
    return render_template("restore.html", error=None, restored=None)


@blueprint.post("/restore")
def restore_upload():
    def read_upload() -> bytes | None:
        return uploads.file_bytes("archive", current_app.config["MAX_RESTORE_BYTES"])

    try:
        cafe = archive.restore_file(read_upload, str(get_locale()), address=request.remote_addr)
    except ServiceError as exc:
        return render_template("restore.html", error=str(exc.message), restored=None), (
            exc.status)
    response = Response(render_template("restore.html", error=None, restored=cafe,
                                        links=cafe_links(cafe)))
    # The page shows the new console link, which is the key to the café.
    response.headers["Cache-Control"] = "no-store"
    return response


def _download(body, content_type: str, filename: str) -> Response:
    return Response(body, content_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    })
