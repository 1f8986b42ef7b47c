"""An idea posted to a pillar, at a table, in a round."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, and_, false
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import NEVER_REUSE_IDS, Base, UTCDateTime, utcnow
from app.models.cafe import CafeTable, Pillar
from app.models.participant import Participant


class Idea(Base):
    __tablename__ = "idea"
    # The phone makes the id; the constraint is what makes a resend store nothing twice.
    __table_args__ = (UniqueConstraint("participant_id", "client_id"),
                      Index("ix_idea_table_round", "table_id", "round_index"),
                      NEVER_REUSE_IDS)

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
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Withdrawn by its author during the round: kept for the record, shown and exported nowhere.
    withdrawn: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Moderation: hidden from phones and screen; the text as first posted, once edited;
    # highlighted on the screen; folded into another idea as a duplicate.
    hidden: Mapped[bool] = mapped_column(default=False, server_default=false())
    original_text: Mapped[str | None] = mapped_column(Text)
    pinned: Mapped[bool] = mapped_column(default=False, server_default=false())
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("idea.id", ondelete="SET NULL"), index=True
    )
    # The harvest's theme (docs/harvest.md); theme_pinned: the moderator put it there, and no
    # automatic regrouping moves it out again.
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("theme.id", ondelete="SET NULL"), index=True
    )
    theme_pinned: Mapped[bool] = mapped_column(default=False, server_default=false())

    participant: Mapped[Participant] = relationship()

    @hybrid_property
    def visible(self) -> bool:
        """Shown to phones, the screen and the results: not withdrawn, hidden or merged."""
        return not (self.withdrawn or self.hidden or self.merged_into_id)

    @visible.inplace.expression
    @classmethod
    def _visible_in_sql(cls):
        return and_(cls.withdrawn.is_(False), cls.hidden.is_(False),
                    cls.merged_into_id.is_(None))
    pillar: Mapped[Pillar | None] = relationship()
    table: Mapped[CafeTable | None] = relationship()


class Vote(Base):
    """The dots one person put on one idea in the harvest."""

    __tablename__ = "vote"
    __table_args__ = (UniqueConstraint("participant_id", "idea_id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafe.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    idea_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    dots: Mapped[int]


class TableSummary(Base):
    """What the table host writes down for the table; newcomers at the table read it."""

    __tablename__ = "table_summary"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafe.id", ondelete="CASCADE"), index=True)
    table_id: Mapped[int] = mapped_column(
        ForeignKey("cafe_table.id", ondelete="CASCADE"), unique=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Theme(Base):
    """A theme of one pillar's ideas in the harvest: made by the grouping (key "auto:<id of
    its first idea>", as app.harvest names it) or by the moderator (key "m:<n>")."""

    __tablename__ = "theme"
    __table_args__ = (UniqueConstraint("cafe_id", "key"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafe.id", ondelete="CASCADE"), index=True)
    pillar_id: Mapped[int] = mapped_column(ForeignKey("pillar.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(120))
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The moderator named it: regrouping keeps the name instead of naming it afresh.
    renamed: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Takes no idea in automatically, only those the moderator moves there.
    locked: Mapped[bool] = mapped_column(default=False, server_default=false())


class MergeSuggestion(Base):
    """Two ideas of a pillar the harvest takes for the same idea in other words. Accepting
    merges them (moderation.merge); a rejected pair is kept, so that it never comes back."""

    __tablename__ = "merge_suggestion"
    __table_args__ = (UniqueConstraint("first_id", "second_id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafe.id", ondelete="CASCADE"), index=True)
    # first_id < second_id: a pair is stored one way only.
    first_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"), index=True)
    second_id: Mapped[int] = mapped_column(ForeignKey("idea.id", ondelete="CASCADE"),
                                           index=True)
    rejected: Mapped[bool] = mapped_column(default=False, server_default=false())


class ThemeVote(Base):
    """The dots one person put on one theme, when the café votes on themes (Cafe.vote_on)."""

    __tablename__ = "theme_vote"
    __table_args__ = (UniqueConstraint("participant_id", "theme_id"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafe.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("theme.id", ondelete="CASCADE"), index=True)
    dots: Mapped[int]
