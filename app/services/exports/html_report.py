"""The printable report: one HTML page with its own print stylesheet and an inline SVG chart.

The browser's "print to PDF" turns it into the PDF people file away.
"""

from flask import render_template
from flask_babel import force_locale

from app.models import Cafe
from app.services.exports import chart, wording
from app.services.exports.report import build_report


def report_html(cafe: Cafe, anonymous: bool = False) -> str:
    with force_locale(cafe.language):
        report = build_report(cafe, anonymous)
        svg = chart.svg(chart.bars(report.pillars, wording.no_pillar()),
                        **wording.chart_labels())
        return render_template(
            "report.html", report=report, w=wording, words=wording.Words(),
            facts=wording.facts(report),
            notes=wording.notes(report), titles=wording.section_titles(), chart_svg=svg,
        )
