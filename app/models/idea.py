"""An idea posted to a pillar, at a table, in a round."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, UTCDateTime, utcnow
from app.models.cafe import CafeTable, Pillar
from app.models.participant import Participant


class Idea(Base):
    __tablename__ = "idea"
    # The phone makes the id; the constraint is what makes a resend store nothing twice.
    __table_args__ = (UniqueConstraint("participant_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafe.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(64))
    pillar_id: Mapped[int | None] = mapped_column(ForeignKey("pillar.id", ondelete="SET NULL"))
    table_id: Mapped[int | None] = mapped_column(
        ForeignKey("cafe_table.id", ondelete="SET NULL")
    )
    round_index: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant] = relationship()
    pillar: Mapped[Pillar | None] = relationship()
    table: Mapped[CafeTable | None] = relationship()
