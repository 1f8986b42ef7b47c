"""Upload bodies for the test client that tell how much of them the server read."""

import io


class WatchedBody(io.BytesIO):
    """A request body of `size` bytes; bytes_read is how far the server read into it."""

    def __init__(self, size: int):
        super().__init__(b"x" * size)

    @property
    def bytes_read(self) -> int:
        return self.tell()


def post_watched(client, url: str, body: WatchedBody, *, announce: bool = True):
    """POST body as a multipart upload; announce=False sends it chunked, without a
    Content-Length."""
    headers = {} if announce else {"Transfer-Encoding": "chunked"}
    return client.post(url, input_stream=body, content_length=len(body.getvalue()),
                       content_type="multipart/form-data; boundary=watched", headers=headers)
