"""Admission of phones' connects: a fixed number at once, the next one told busy with a wait."""

import pytest

from app.realtime.admission import Admission
from app.services.errors import ServiceError


def test_one_place_too_many_is_busy_with_the_wait_and_places_come_back(app):
    admission = Admission(limit=2, retry_ms=750)
    with admission.admitted(), admission.admitted():
        with pytest.raises(ServiceError) as refused, admission.admitted():
            pass
        assert refused.value.code == "busy"
        assert refused.value.to_dict()["details"] == {"retry_ms": 750}
        assert admission.in_flight == 2
    assert admission.in_flight == 0


def test_a_connect_that_fails_gives_its_place_back(app):
    admission = Admission(limit=1, retry_ms=500)
    with pytest.raises(RuntimeError), admission.admitted():
        raise RuntimeError("state could not be built")
    with admission.admitted():
        assert admission.in_flight == 1
