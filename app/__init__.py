"""The World-Café server.

Importing this package stays cheap on purpose: the seating engine runs as
`python -m app.rotation` in a child process, and Python imports this file first.
The app factory lives in app.factory.
"""


def create_app(config=None):
    from app.factory import create_app as build

    return build(config)
