"""Audit codes of events (see core.audit_registry). One section per sub-domain."""

from django.utils.translation import gettext_lazy as _

from kausa.core.audit_registry import register

# --- events and formats ---
EVENT = "events.event"
EVENT_CREATED = register("events.event.created", _("Event created"), EVENT)
EVENT_UPDATED = register("events.event.updated", _("Event changed"), EVENT)
EVENT_STATUS_CHANGED = register("events.event.status_changed", _("Event status changed"), EVENT)
EVALUATION_SAVED = register(
    "events.evaluation.saved", _("Event evaluation saved"), "events.eventevaluation"
)
FORMAT_CREATED = register("events.format.created", _("Event format added"), "events.eventformat")
CONSENT_TEXT_CREATED = register(
    "events.consent_text.created", _("Event consent text added"), "events.eventconsenttext"
)

# --- registrations, check-in, contacts ---
REGISTRATION = "events.registration"
REGISTERED = register("events.registration.created", _("Registered for an event"), REGISTRATION)
REGISTRATION_CANCELLED = register(
    "events.registration.cancelled", _("Event registration cancelled"), REGISTRATION
)
MOVED_UP = register(
    "events.registration.moved_up", _("Moved up from the waiting list"), REGISTRATION
)
CHECKED_IN = register("events.registration.checked_in", _("Checked in at an event"), REGISTRATION)
CHECK_IN_UNDONE = register(
    "events.registration.check_in_undone", _("Check-in undone"), REGISTRATION
)
CONTACT = "events.eventcontact"
CONTACT_RECORDED = register("events.contact.recorded", _("Event contact recorded"), CONTACT)
CONTACT_REMOVED = register("events.contact.removed", _("Event contact removed"), CONTACT)

# --- calendar and mails ---
CALENDAR_DOWNLOADED = register(
    "events.event.calendar_downloaded", _("Event calendar file downloaded"), EVENT
)

# --- awards and ambassadors ---
AWARD_ROUND = "events.awardround"
AWARD_ROUND_CREATED = register("events.award_round.created", _("Award round created"), AWARD_ROUND)
AWARD_ROUND_UPDATED = register("events.award_round.updated", _("Award round changed"), AWARD_ROUND)
AWARD_ROUND_STATUS_CHANGED = register(
    "events.award_round.status_changed", _("Award round moved to jury voting"), AWARD_ROUND
)
WINNERS_DECIDED = register(
    "events.award_round.winners_decided", _("Award winners decided"), AWARD_ROUND
)
NOMINATION_ADDED = register(
    "events.nomination.added", _("Nomination for an award added"), "events.nomination"
)
JURY_VOTE_CAST = register("events.jury_vote.cast", _("Jury vote cast"), "events.juryvote")
AMBASSADOR = "events.ambassador"
AMBASSADOR_CREATED = register("events.ambassador.created", _("Ambassador added"), AMBASSADOR)
AMBASSADOR_UPDATED = register("events.ambassador.updated", _("Ambassador changed"), AMBASSADOR)
AMBASSADOR_DEACTIVATED = register(
    "events.ambassador.deactivated", _("Ambassador deactivated"), AMBASSADOR
)
AMBASSADOR_REACTIVATED = register(
    "events.ambassador.reactivated", _("Ambassador reactivated"), AMBASSADOR
)
APPEARANCE_ADDED = register(
    "events.ambassador_appearance.added",
    _("Ambassador appearance recorded"),
    "events.ambassadorappearance",
)

# --- routes ---
ROUTE_STOP = "events.routestop"
ROUTE_STOP_ADDED = register("events.route_stop.added", _("Route stop added"), ROUTE_STOP)
ROUTE_STOP_REMOVED = register("events.route_stop.removed", _("Route stop removed"), ROUTE_STOP)
ROUTE_STOP_MOVED = register("events.route_stop.moved", _("Route stop moved"), ROUTE_STOP)
ROUTE_OPTIMISED = register("events.route.optimised", _("Route order optimised"), EVENT)
ROUTE_GPX_DOWNLOADED = register("events.route.gpx_downloaded", _("Route GPX downloaded"), EVENT)

# --- speed dating ---
SPEED_DATING_SETUP = "events.speeddatingsetup"
SPEED_DATING_WISH = "events.speeddatingwish"
SPEED_DATING_SETUP_SAVED = register(
    "events.speed_dating.setup_saved", _("Speed dating settings saved"), SPEED_DATING_SETUP
)
SPEED_DATING_WISH_SET = register(
    "events.speed_dating.wish_set", _("Speed dating wish saved"), SPEED_DATING_WISH
)
SPEED_DATING_WISH_REMOVED = register(
    "events.speed_dating.wish_removed", _("Speed dating wish removed"), SPEED_DATING_WISH
)
SPEED_DATING_SCHEDULED = register(
    "events.speed_dating.scheduled", _("Speed dating schedule calculated"), SPEED_DATING_SETUP
)
