"""Packets written to JSON once are the packets python-socketio would send."""

import pytest
from socketio import packet

from app.extensions import socketio
from app.realtime.packets import OnceEncodedPacket

PAYLOADS = [
    (packet.EVENT, ["state", {"me": {"name": "Jürgen"}, "ideas": [{"id": 1, "text": "a\"b"}]}],
     "/participant", None),
    (packet.EVENT, ["presence", [{"id": 3, "online": True}]], "/moderator", None),
    (packet.ACK, [{"ok": True, "server_now": 1764633600000}], "/moderator", 17),
    (packet.CONNECT_ERROR, {"message": "x", "data": {"code": "busy"}}, "/participant", None),
    (packet.EVENT, ["cafe", {}], "/", None),
]


@pytest.mark.parametrize(("kind", "data", "namespace", "ack_id"), PAYLOADS)
def test_the_wire_format_is_python_socketios(kind, data, namespace, ack_id):
    ours = OnceEncodedPacket(kind, data=data, namespace=namespace, id=ack_id)
    theirs = packet.Packet(kind, data=data, namespace=namespace, id=ack_id)
    assert ours.packet_type == theirs.packet_type
    assert ours.encode() == theirs.encode()


def test_bytes_still_travel_as_attachments():
    data = ["file", {"name": "a", "body": b"\x00\x01"}]
    ours = OnceEncodedPacket(packet.EVENT, data=data, namespace="/moderator")
    assert ours.packet_type == packet.BINARY_EVENT
    assert ours.encode() == packet.Packet(packet.EVENT, data=data, namespace="/moderator").encode()


def test_a_received_packet_decodes_as_before():
    text = '2/participant,5["post_idea",{"text":"x"}]'
    ours = OnceEncodedPacket(encoded_packet=text)
    assert (ours.packet_type, ours.namespace, ours.id, ours.data) == (
        packet.EVENT, "/participant", 5, ["post_idea", {"text": "x"}])


def test_the_app_sends_them(app):
    assert socketio.server.packet_class is OnceEncodedPacket
