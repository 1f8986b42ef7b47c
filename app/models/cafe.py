"""A café and its set-up: pillars (topics) and tables."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import NEVER_REUSE_IDS, Base, UTCDateTime, utcnow


class Phase:
    """Where a café stands: lobby -> round <-> paused -> between -> ... -> harvest -> closed."""

    LOBBY = "lobby"
    ROUND = "round"
    PAUSED = "paused"
    BETWEEN = "between"
    HARVEST = "harvest"
    CLOSED = "closed"
    # A round runs or is paused: people sit at the tables of the current round.
    RUNNING = (ROUND, PAUSED)
    # Everything but the end: people may still join and change things.
    OPEN = (LOBBY, ROUND, PAUSED, BETWEEN, HARVEST)


class Cafe(Base):
    __tablename__ = "cafe"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # Where the café takes place, for the report ("Rathaus Achern, Großer Saal").
    place: Mapped[str] = mapped_column(String(200), default="", server_default="")
    moderator_token: Mapped[str] = mapped_column(String(64), unique=True)
    screen_token: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str] = mapped_column(String(5), default="de")
    anonymous: Mapped[bool] = mapped_column(default=False)
    roles: Mapped[list[str]] = mapped_column(JSON, default=list)
    rounds: Mapped[int]
    # The agenda: each round's minutes (one per round) and each change-over's minutes (one
    # between round i and i+1). setup.read_setup keeps both lists as long as `rounds` says.
    round_minutes_list: Mapped[list[int]] = mapped_column(JSON)
    transition_minutes_list: Mapped[list[int]] = mapped_column(JSON)
    # When the first round is planned to start (UTC); None: no time planned.
    planned_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    phase: Mapped[str] = mapped_column(String(10), default=Phase.LOBBY)
    # -1 until the first round starts; then the index of the round running or last ended.
    current_round: Mapped[int] = mapped_column(default=-1)
    # Server clock, epoch milliseconds: clients count down against it.
    round_ends_at: Mapped[int | None] = mapped_column(BigInteger)
    paused_remaining_ms: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The harvest: each person spreads this many dots, at most max_dots_per_idea on one idea.
    dots_per_person: Mapped[int] = mapped_column(default=5, server_default="5")
    max_dots_per_idea: Mapped[int] = mapped_column(default=3, server_default="3")
    # What phones put their dots on in the harvest: "ideas" or "themes" (bounds.VOTE_ON).
    vote_on: Mapped[str] = mapped_column(String(6), default="ideas", server_default="ideas")
    voting_open: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Totals stay off the screen until voting closes: seen early, they steer later voters.
    hold_results: Mapped[bool] = mapped_column(default=True, server_default=true())
    # The coming rounds' seats are on route cards: nothing re-plans them unasked.
    plan_printed: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Phones may search the list's unclaimed people by name and pick themselves: off unless
    # the organiser turns it on, since it shows names on the list to anyone with the code.
    pick_from_list: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Words the moderator removed from the word cloud.
    hidden_words: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    # What the projection screen shows: None follows the phase, a view name pins it.
    screen_view: Mapped[str | None] = mapped_column(String(10))
    announcement: Mapped[str | None] = mapped_column(Text)
    announcement_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    pillars: Mapped[list["Pillar"]] = relationship(
        back_populates="cafe", order_by="Pillar.position", cascade="all, delete-orphan"
    )
    tables: Mapped[list["CafeTable"]] = relationship(
        back_populates="cafe", order_by="CafeTable.number", cascade="all, delete-orphan"
    )

    def is_running(self) -> bool:
        """A round runs or is paused: people sit at the tables of the current round."""
        return self.phase in Phase.RUNNING

    def round_to_show(self) -> int:
        """The round whose tables matter to people now: the one running, else the one they
        go to next (in the lobby the first)."""
        return self.current_round if self.is_running() else self.current_round + 1

    def round_length(self, round_index: int) -> int:
        """Minutes of a round (0-based)."""
        return self.round_minutes_list[round_index]

    def transition_after(self, round_index: int) -> int:
        """Minutes for changing tables after a round, before the next one (0 after the last)."""
        changeovers = self.transition_minutes_list
        return changeovers[round_index] if round_index < len(changeovers) else 0

    def stop_clock(self) -> None:
        self.round_ends_at = None
        self.paused_remaining_ms = None


class Pillar(Base):
    __tablename__ = "pillar"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafe.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(120))
    question: Mapped[str] = mapped_column(String(300))
    color: Mapped[str] = mapped_column(String(7))

    cafe: Mapped[Cafe] = relationship(back_populates="pillars")


class CafeTable(Base):
    __tablename__ = "cafe_table"
    __table_args__ = (UniqueConstraint("cafe_id", "number"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    cafe_id: Mapped[int] = mapped_column(ForeignKey("cafe.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(60), default="", server_default="")
    capacity: Mapped[int]
    pillar_id: Mapped[int | None] = mapped_column(ForeignKey("pillar.id", ondelete="SET NULL"))

    cafe: Mapped[Cafe] = relationship(back_populates="tables")
    pillar: Mapped["Pillar | None"] = relationship()
