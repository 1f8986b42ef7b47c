"""What everyone is told after a change: phones' states in portions, never an older last."""

from app.services import notify, rounds


def phone_states(published) -> dict[int, list[dict]]:
    states: dict[int, list[dict]] = {}
    for _ns, room, event, data in published.sent:
        if event == "state" and room.startswith("participant:"):
            states.setdefault(data["me"]["id"], []).append(data)
    return states


def test_every_phone_gets_its_state_in_portions_then_consoles_and_screens(
        make_cafe, make_participant, published, monkeypatch):
    cafe = make_cafe(tables=6, seats_per_table=12, rounds=2)
    group = [make_participant(cafe) for _ in range(notify.PHONE_STATES_AT_ONCE + 10)]
    turns = []
    monkeypatch.setattr(published, "flush", lambda: turns.append(len(published.sent)))
    published.sent.clear()
    rounds.start_round(cafe)
    assert {pid: len(states) for pid, states in phone_states(published).items()} == {
        p.id: 1 for p in group}
    # Other clients got a turn after each portion of phones, before the consoles' state.
    assert len(turns) == 2
    order = [(ns, event) for ns, _room, event, _ in published.sent]
    assert order.index(("/moderator", "state")) >= turns[-1]
    assert published.events("state")[-1]["cafe"]["timer"]["phase"] == "round"


def test_a_change_overtaken_while_its_states_go_out_leaves_every_phone_the_newer(
        make_cafe, make_participant, published, monkeypatch):
    cafe = make_cafe(tables=6, seats_per_table=12, rounds=2)
    group = [make_participant(cafe) for _ in range(notify.PHONE_STATES_AT_ONCE + 10)]
    rounds.start_round(cafe)
    published.sent.clear()
    overtaken = []

    def flush():  # while the end of round 1 goes out, the moderator starts round 2
        if not overtaken:
            overtaken.append(True)
            rounds.start_round(cafe)

    monkeypatch.setattr(published, "flush", flush)
    rounds.end_round(cafe)
    last = {pid: states[-1] for pid, states in phone_states(published).items()}
    assert set(last) == {p.id for p in group}
    # The first portion heard both changes; the rest only the newer, which came last for all.
    assert {(state["timer"]["phase"], state["timer"]["round"]) for state in last.values()} == {
        ("round", 1)}
    moderator_states = [data for ns, _room, event, data in published.sent
                        if event == "state" and ns == "/moderator"]
    assert [state["cafe"]["timer"]["round"] for state in moderator_states] == [1]
