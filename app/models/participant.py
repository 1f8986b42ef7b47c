"""People at a café and where they sit in each round."""

import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import NEVER_REUSE_IDS, Base, UTCDateTime, utcnow
from app.models.cafe import Cafe, CafeTable


def new_personal_code() -> str:
    return secrets.token_urlsafe(12)  # 96 bits, 16 characters: a QR code that scans at 3 cm


class Participant(Base):
    __tablename__ = "participant"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafe.id", ondelete="CASCADE"), index=True)
    # The secret of the person's own link (badge, route card, mail merge): claiming it gives a
    # phone a token of its own (Phone). Printed on paper, so it is no token itself: signing
    # out all phones makes a new one.
    personal_code: Mapped[str] = mapped_column(String(32), unique=True,
                                               default=lambda: new_personal_code())
    # Here in the room: a phone became this person, or the moderator ticked them at the door.
    checked_in: Mapped[bool] = mapped_column(default=False, server_default=false())
    name: Mapped[str] = mapped_column(String(60))
    organisation: Mapped[str] = mapped_column(String(120), default="")
    role: Mapped[str] = mapped_column(String(60), default="")
    host_table_id: Mapped[int | None] = mapped_column(
        ForeignKey("cafe_table.id", ondelete="SET NULL"), unique=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the person leaves early: the last round index they took part in (-1: none).
    left_after_round: Mapped[int | None]
    # Open socket connections of this person (phones, tabs): > 0 means online.
    connections: Mapped[int] = mapped_column(default=0, server_default="0")

    cafe: Mapped[Cafe] = relationship()

    def present_in(self, round_index: int) -> bool:
        return self.left_after_round is None or round_index <= self.left_after_round
    host_table: Mapped[CafeTable | None] = relationship()


class Phone(Base):
    """A phone that became a person (joined, or claimed their personal link): its own token,
    so the moderator can sign out one phone and leave the others. Nothing about the device
    is kept (data minimisation): the console names it by its number and when it came."""

    __tablename__ = "phone"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    # The café's own, so deleting a café removes its phones without a join (privacy.py).
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafe.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    token: Mapped[str] = mapped_column(String(64), unique=True)
    # "Phone 2" on the console: one more than the highest of the person's phones.
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant] = relationship()


class Seat(Base):
    """Participant p sits at table t in round r; absent rounds have no row."""

    __tablename__ = "seat"
    __table_args__ = (UniqueConstraint("participant_id", "round_index"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafe.id", ondelete="CASCADE"), index=True)
    round_index: Mapped[int]
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    table_id: Mapped[int] = mapped_column(ForeignKey("cafe_table.id", ondelete="CASCADE"))

    table: Mapped[CafeTable] = relationship()
    cafe: Mapped[Cafe] = relationship()


class MergedLink(Base):
    """The printed personal link of a person merged into another (a duplicate): it claims
    the kept person. (The duplicate's phones need nothing here: they moved to the kept person
    with their tokens.) Signing the kept person's phones out deletes these rows too."""

    __tablename__ = "merged_link"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafe.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    personal_code: Mapped[str] = mapped_column(String(32), unique=True)

    participant: Mapped[Participant] = relationship()
