from app.extensions import db
from app.services import people, printouts


def test_route_cards_leave_out_people_marked_absent(make_cafe, make_participant):
    cafe = make_cafe()
    anna, ben = make_participant(cafe, "Anna"), make_participant(cafe, "Ben")
    people.set_present(cafe, {"participant_id": ben.id, "present": False})
    assert [card["name"] for card in printouts.route_cards(cafe)] == [anna.name]


def test_route_cards_without_phone_leave_out_connected_phones(make_cafe, make_participant):
    cafe = make_cafe()
    anna = make_participant(cafe, "Anna")
    make_participant(cafe, "Ben")
    anna.connections = 1
    db.session.commit()
    assert [card["name"] for card in printouts.route_cards(cafe)] == ["Anna", "Ben"]
    assert [card["name"] for card in printouts.route_cards(cafe, without_phone=True)] == ["Ben"]
