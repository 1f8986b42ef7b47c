"""Exports of a café, one module per format; all read the same records (`common`).

- `report`: the documentation report as data; `html_report`, `docx_report` and
  `markdown_report` render it (`wording` holds their shared sentences, `chart` the bar chart)
- `xlsx_export`: the workbook for further work
- `csv_export`: every idea one row
- `json_export`: the whole café, for the archive and for `services.archive.restore`
"""

from app.services.exports.common import FORMULA_STARTS, neutralise
from app.services.exports.csv_export import ideas_csv
from app.services.exports.json_export import JSON_SCHEMA_VERSION, cafe_json

__all__ = ["FORMULA_STARTS", "JSON_SCHEMA_VERSION", "cafe_json", "ideas_csv", "neutralise"]
