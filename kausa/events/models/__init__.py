"""Events of an office, from invitation to outcome (one module per sub-domain)."""

from kausa.events.models.awards import (
    Ambassador,
    AmbassadorAppearance,
    AwardCategory,
    AwardRound,
    AwardRoundStatus,
    JuryVote,
    Nomination,
)
from kausa.events.models.events import (
    EVENT_LANGUAGES,
    Audience,
    Event,
    EventEvaluation,
    EventFormat,
    EventKind,
    EventStatus,
    TravelMode,
)
from kausa.events.models.registrations import (
    ContactSource,
    EventConsentText,
    EventContact,
    ParticipantKind,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from kausa.events.models.routes import RouteStop
from kausa.events.models.speeddating import SpeedDatingSetup, SpeedDatingWish

__all__ = [
    "EVENT_LANGUAGES",
    "Ambassador",
    "AmbassadorAppearance",
    "Audience",
    "AwardCategory",
    "AwardRound",
    "AwardRoundStatus",
    "ContactSource",
    "Event",
    "EventConsentText",
    "EventContact",
    "EventEvaluation",
    "EventFormat",
    "EventKind",
    "EventStatus",
    "JuryVote",
    "Nomination",
    "ParticipantKind",
    "Registration",
    "RegistrationSource",
    "RegistrationStatus",
    "RouteStop",
    "SpeedDatingSetup",
    "SpeedDatingWish",
    "TravelMode",
]
