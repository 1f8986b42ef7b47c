"""`X-Content-Type-Options: nosniff` on every answer, also on those Flask never makes.

Flask-SocketIO puts Engine.IO in front of Flask, and Engine.IO answers /socket.io/ itself, so
Flask's after_request headers never reach those answers. A long-polling answer carries user
text (names, ideas) as text/plain, which a browser must not sniff into HTML.
"""

HEADER = "X-Content-Type-Options"


class NoSniff:
    """WSGI middleware: adds the header to answers that do not carry it already."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def start_with_header(status, headers, exc_info=None):
            if not any(name.lower() == HEADER.lower() for name, _value in headers):
                headers = [*headers, (HEADER, "nosniff")]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, start_with_header)
