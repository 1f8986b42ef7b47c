"""What stays of a deleted café: digests of its links, so they can say 'deleted'."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import NEVER_REUSE_IDS, Base, UTCDateTime, utcnow


class DeletedLink(Base):
    """The SHA-256 of a deleted café's join code, console, screen or phone token.

    A link of a deleted café then answers 410 "deleted" instead of looking like a mistyped
    one, and a phone that comes back learns to forget the café. A digest of a random token
    tells nothing about anybody; no name, title or text is kept.
    """

    __tablename__ = "deleted_link"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    deleted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
