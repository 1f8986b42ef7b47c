"""Batcher: many callers, one batch, each caller its own answer (threading mode here;
tests/e2e and bench/load.py run it under eventlet and gevent)."""

import threading
import time

import pytest

from app.realtime.batching import Batcher


def submit_all(writer: Batcher, app, items) -> dict:
    answers, errors = {}, {}

    def call(item):
        with app.app_context():
            try:
                answers[item] = writer.submit(item)
            except Exception as exc:  # the test looks at what each caller got
                errors[item] = exc

    threads = [threading.Thread(target=call, args=(item,)) for item in items]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return {"answers": answers, "errors": errors}


def test_callers_waiting_together_share_a_batch_and_get_their_own_answers(app):
    batches = []

    def write(items):
        batches.append(list(items))
        time.sleep(0.05)  # while this batch is written, the other callers queue up
        return [item * 10 for item in items]

    outcome = submit_all(Batcher(app, write), app, range(30))
    assert outcome["answers"] == {item: item * 10 for item in range(30)}
    assert sorted(item for batch in batches for item in batch) == list(range(30))
    assert len(batches) < 30 and max(len(batch) for batch in batches) > 1


def test_a_failed_batch_fails_each_of_its_callers_and_the_next_batch_works(app):
    calls = []

    def write(items):
        calls.append(list(items))
        if len(calls) == 1:
            raise RuntimeError("disk full")
        return list(items)

    writer = Batcher(app, write)
    first = submit_all(writer, app, ["a"])
    assert isinstance(first["errors"]["a"], RuntimeError)
    assert submit_all(writer, app, ["b"])["answers"] == {"b": "b"}


@pytest.mark.parametrize("answers", [[], [1, 2]])
def test_a_writer_answering_the_wrong_number_of_items_is_an_error(app, answers):
    outcome = submit_all(Batcher(app, lambda items: answers), app, ["x"])
    assert isinstance(outcome["errors"]["x"], ValueError)


def test_a_caller_waits_at_most_the_limit_and_hears_busy(app, monkeypatch):
    monkeypatch.setattr("app.realtime.batching.WAIT_LIMIT", 0.2)
    release = threading.Event()

    def stuck(items):
        release.wait(5)  # a lock held far longer than the caller waits
        return list(items)

    outcome = submit_all(Batcher(app, stuck), app, ["late"])
    release.set()
    assert outcome["errors"]["late"].code == "busy"
