"""The facilitators' guide page: docs/guide.md read as CommonMark, raw HTML shown as text."""

from app.web.guide import render


def test_the_guide_page_has_its_sections_lists_links_and_screenshots(client):
    html = client.get("/guide?lang=de").get_data(as_text=True)
    assert '<h2 id="deutsch">Deutsch</h2>' in html and '<h2 id="english">English</h2>' in html
    assert '<a href="#english">English</a>' in html
    assert "<ol>\n<li>" in html and "<strong>Set-up</strong>" in html
    assert '<img src="/guide/screenshots/console-1-lobby.png" alt="Moderation vor dem Start" ' \
           'loading="lazy">' in html
    assert "<code>./deploy/run.sh</code>" in html


def test_raw_html_and_script_links_stay_text():
    html = str(render("# A <b>bold</b> title\n\n<script>alert(1)</script>\n\n"
                      "[x](javascript:alert(1)) ![s](screenshots/a.png)\n\n| a | b |\n|---|---|\n"
                      "| 1 | 2 |\n"))
    assert '<h1 id="a-b-bold-b-title">A &lt;b&gt;bold&lt;/b&gt; title</h1>' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert '<img src="/guide/screenshots/a.png" alt="s" loading="lazy">' in html
    assert "<td>1</td>" in html  # tables, should the guide need one
