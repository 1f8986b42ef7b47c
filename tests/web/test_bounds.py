"""Limits and lists reach the pages from app/bounds.py: the templates' maxlength, min and max,
the scripts' JSON block and the console's screen views are the server's own numbers."""

import json
import re

from app.bounds import LENGTHS, MAX_PILLARS, RANGES, SCREEN_VIEWS, for_scripts


def bounds_block(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="bounds">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_every_page_hands_the_scripts_the_servers_bounds(client, make_cafe):
    cafe = make_cafe()
    for url in ("/", f"/j/{cafe.code}", f"/m/{cafe.moderator_token}", f"/s/{cafe.screen_token}"):
        got = bounds_block(client.get(url).get_data(as_text=True))
        assert got == json.loads(json.dumps(for_scripts())), url
    assert got["lengths"]["idea"] == LENGTHS.idea and got["max_pillars"] == MAX_PILLARS
    assert got["ranges"]["seats"] == {"low": RANGES.seats.low, "high": RANGES.seats.high}


def test_forms_take_their_limits_from_the_bounds(client, make_cafe):
    cafe = make_cafe()
    phone = client.get(f"/j/{cafe.code}").get_data(as_text=True)
    assert f'id="name" name="name" maxlength="{LENGTHS.name}"' in phone
    assert f'id="summary-text" maxlength="{LENGTHS.summary}"' in phone
    console = client.get(f"/m/{cafe.moderator_token}").get_data(as_text=True)
    assert f'id="idea-for-text" maxlength="{LENGTHS.idea}"' in console
    assert f'name="rounds" min="{RANGES.rounds.low}" max="{RANGES.rounds.high}"' in console
    create = client.get("/").get_data(as_text=True)
    assert f'name="tables" min="{RANGES.tables.low}" max="{RANGES.tables.high}"' in create


def test_the_console_offers_each_screen_view_by_name(client, make_cafe):
    cafe = make_cafe()
    console = client.get(f"/m/{cafe.moderator_token}?lang=en").get_data(as_text=True)
    choices = re.search(r'<select id="screen-view">(.*?)</select>', console, re.S).group(1)
    offered = re.findall(r'<option value="(\w*)">([^<]+)</option>', choices)
    assert [value for value, _name in offered] == ["", *SCREEN_VIEWS]
    assert ("walls", "idea walls") in offered
