"""Who has the café open, counted per server process (several processes share one database).

Each process counts its own sockets per person and keeps a heartbeat; a process that stops
beating (killed, its machine gone) no longer counts once its lease runs out: the others
remove its rows. Participant.connections holds the sum over these rows, so that the
console's and the screen's reads stay one column.
"""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime


class ServerProcess(Base):
    __tablename__ = "server_process"

    # A uuid made at start-up: a restarted process is a new one, its old rows expire.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Presence(Base):
    __tablename__ = "presence"

    # No foreign keys: a process writes only its own rows and removes them as its sockets
    # close; a person deleted meanwhile leaves a row that counts nothing anybody reads
    # (ids are never reused), and rows of a dead process are removed with it.
    process_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    participant_id: Mapped[int] = mapped_column(primary_key=True, index=True)
    connections: Mapped[int]
