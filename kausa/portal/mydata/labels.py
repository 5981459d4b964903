"""Plain words for the portal: the staff app's labels are written for counsellors."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CONSENT_PURPOSES = {
    "counselling": _("Counselling by the KAUSA office"),
    "referral": _("Passing your data to a partner"),
    "matching": _("Suggesting you to companies"),
    "photos": _("Photos of you at events"),
    "newsletter": _("Newsletter by email"),
    "language_course": _("Your name in a request for a job language course (BAMF)"),
}

REGISTRATION_STATUSES = {
    "confirmed": pgettext_lazy("registration", "registered"),
    "waitlisted": _("on the waiting list"),
    "cancelled": pgettext_lazy("registration", "cancelled"),
}

ENQUIRY_STATUSES = {
    "pending": _("waiting for your email confirmation"),
    "awaiting_parent": _("waiting for your parent's consent"),
    "open": _("received by the office"),
    "in_progress": _("in progress"),
    "closed": _("finished"),
}


def consent_purpose(purpose: str) -> str:
    return str(CONSENT_PURPOSES.get(purpose, purpose))
