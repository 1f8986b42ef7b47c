"""The phone's offline copy of its café page (service worker cache) goes with the café.

The cached /j/<code> page carries the café's title and roles: once the café is deleted, no
copy of it may stay on the phone for an offline reload.
"""

import time

import pytest
import requests
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.support.clients import create_cafe

pytestmark = [pytest.mark.browser, pytest.mark.server]
GONE = "Dieses Café wurde mit allem, was darin war, gelöscht."
TITLE = "Geheimer Workshop"

# Every request in every cache of this origin, as paths with their query.
CACHED = """async () => {
  const paths = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) {
      const url = new URL(request.url);
      paths.push(url.pathname + url.search);
    }
  }
  return paths.sort();
}"""


def cafe_pages(paths: list[str], code: str) -> list[str]:
    return [p for p in paths if p.upper().startswith(f"/J/{code}")]


def cached_when(page, condition, timeout: float = 10) -> list[str]:
    """The cached paths once condition(paths) holds (the cache changes after the page's
    requests and events); fails with what is cached after the timeout."""
    deadline = time.monotonic() + timeout
    while not condition(paths := page.evaluate(CACHED)):
        assert time.monotonic() < deadline, paths
        time.sleep(0.1)
    return paths


def cached_phone(open_page, server, code: str, other_code: str):
    """A phone that joined, with its page cached as it was fetched several ways (another
    language, the code in small letters) and, for contrast, another café's page."""
    phone = open_page(f"{server.url}/j/{code}")
    phone.fill("#name", "Anna")
    phone.click("#join-form button[type=submit]")
    expect(phone.locator("#connection")).to_have_attribute("data-state", "online")
    # Let the service worker take control, so the page's fetches pass through it.
    cached_when(phone, lambda paths: f"/j/{code}" in paths)
    phone.wait_for_function("() => navigator.serviceWorker.controller !== null")
    phone.evaluate("""async ([code, other]) => {
      for (const path of [`/j/${code}?lang=en`, `/j/${code.toLowerCase()}`, `/j/${other}`]) {
        await fetch(path);
      }
    }""", [code, other_code])
    cached_when(phone, lambda paths: len(cafe_pages(paths, code)) == 3
                and f"/j/{other_code}" in paths)
    return phone


def delete(links) -> None:
    response = requests.post(links["moderator_url"] + "/delete",
                             data={"confirmation": links["code"]}, timeout=10)
    assert response.status_code == 200


def assert_only_this_cafe_forgotten(phone, code: str, other_code: str) -> None:
    paths = cached_when(phone, lambda paths: cafe_pages(paths, code) == [])
    assert f"/j/{other_code}" in paths and "/static/js/participant.js" in paths


def phone_with_two_cafes(live_server, open_page):
    """A server with two cafés whose pages one phone has cached; the first is to go."""
    server = live_server()
    links = create_cafe(server, title=TITLE, tables=2, seats_per_table=4)
    other = create_cafe(server, tables=2, seats_per_table=4)["code"]
    return server, links, other, cached_phone(open_page, server, links["code"], other)


def test_the_phone_forgets_the_cached_page_when_it_hears_the_cafe_is_gone(live_server,
                                                                          open_page):
    server, links, other, phone = phone_with_two_cafes(live_server, open_page)

    delete(links)
    expect(phone.locator("main")).to_contain_text(GONE)
    assert_only_this_cafe_forgotten(phone, links["code"], other)

    # Offline, the link no longer opens the café's page from the cache.
    phone.context.set_offline(True)
    with pytest.raises(PlaywrightError):
        phone.goto(f"{server.url}/j/{links['code']}")


def test_a_phone_away_during_the_deletion_forgets_the_page_when_it_hears_410(live_server,
                                                                             open_page):
    server, links, other, phone = phone_with_two_cafes(live_server, open_page)
    context = phone.context
    phone.close()  # the browser keeps the service worker and its cache

    delete(links)
    later = context.new_page()
    response = later.goto(f"{server.url}/j/{links['code']}")
    assert response.status == 410
    assert_only_this_cafe_forgotten(later, links["code"], other)
