"""Exports of a café, one module per format; all read the same records (`common`).

- `report`: the documentation report as data; `html_report`, `docx_report` and
  `markdown_report` render it (`wording` holds their shared sentences, `chart` the bar chart)
- `xlsx_export`: the workbook for further work
- `csv_export`: every idea one row
- `json_export`: the whole café as a file: the archive (`services.archive`), which restores it
"""
