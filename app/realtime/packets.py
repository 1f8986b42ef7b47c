"""Socket.IO packets written to JSON once.

python-socketio looks through every list and dict of an outgoing payload for bytes (to send
them as attachments) before writing it as JSON, in Python, without stopping at the first
find: for a phone's state that walk cost more than the JSON itself, and it was the largest
share of sending states to a hall of reconnecting phones (profiled, issue 18). Here the
payload is written to JSON first, which fails on bytes, and that text is what is sent; only
a payload with bytes takes python-socketio's own way. The bytes on the wire are the same.
"""

from socketio import packet


class OnceEncodedPacket(packet.Packet):
    def __init__(self, packet_type=packet.EVENT, data=None, namespace=None, id=None,
                 binary=None, encoded_packet=None):
        self.json_text = None
        if binary is None and encoded_packet is None and data is not None:
            try:
                self.json_text = self.json.dumps(data, separators=(",", ":"))
                binary = False
            except TypeError:  # bytes in it (or something JSON cannot write): as before
                self.json_text = None
        super().__init__(packet_type, data, namespace, id, binary, encoded_packet)

    def encode(self):
        if self.json_text is None:
            return super().encode()
        # As Packet.encode writes a packet without attachments.
        encoded = str(self.packet_type)
        if self.namespace is not None and self.namespace != "/":
            encoded += self.namespace + ","
        if self.id is not None:
            encoded += str(self.id)
        return encoded + self.json_text
