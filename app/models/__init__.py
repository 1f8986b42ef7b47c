from app.models.base import Base
from app.models.cafe import Cafe, CafeTable, Phase, Pillar
from app.models.deleted import DeletedLink
from app.models.idea import Idea, MergeSuggestion, TableSummary, Theme, ThemeVote, Vote
from app.models.participant import MergedLink, Participant, Phone, Seat
from app.models.presence import Presence, ServerProcess

__all__ = [
    "Base", "Cafe", "CafeTable", "DeletedLink", "Idea", "MergeSuggestion", "MergedLink",
    "Participant", "Phase", "Phone", "Pillar", "Presence", "Seat", "ServerProcess",
    "TableSummary", "Theme", "ThemeVote", "Vote",
]
