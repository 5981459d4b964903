"""Mails of the my-data pages: the link to the person (in their language), the notice to the
office about a new request, and the office's answer to the person.

Called after the commit with ids only. Logs name ids and mail kinds, never names or addresses;
a mail server that is down is logged and does not turn the saved change into an error page.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kausa.people.models import Person
from kausa.portal.mydata.models import DataRequest

logger = logging.getLogger(__name__)


def _portal_language(language: str | None) -> str | None:
    return language if language in settings.PORTAL_LANGUAGES else None


def person_language(person: Person, fallback: str = "de") -> str:
    """The language the person last used with the office: their latest event registration
    (language for messages) or consent; else `fallback` (the language they asked in)."""
    from kausa.counselling.models import Consent

    registration = getattr(person, "registrations", None)
    if registration is not None:
        latest = registration.order_by("-created_at", "-id").values_list("language", flat=True)
        found = _portal_language(latest.first())
        if found:
            return found
    consent = (
        Consent.objects.filter(person=person)
        .order_by("-given_on", "-id")
        .values_list("language", flat=True)
        .first()
    )
    return _portal_language(consent) or _portal_language(fallback) or "de"


def _mail_refused() -> bool:
    """The console backend would print names and addresses into the server's output."""
    return settings.EMAIL_BACKEND.endswith("console.EmailBackend") and not settings.DEBUG


def _render_text(template: str, context: dict[str, Any]) -> str:
    # Templates escape for HTML; the body is text/plain, so the entities go back to text.
    text = html.unescape(str(render_to_string(template, context)))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _send(kind: str, *, to: str, subject: str, body: str, reply_to: str = "") -> bool:
    if not to:
        return False
    if _mail_refused():
        logger.warning("mydata mail %s not sent: no mail server configured", kind)
        return False
    try:
        EmailMessage(
            subject=subject, body=body, to=[to], reply_to=[reply_to] if reply_to else None
        ).send(fail_silently=False)
    except OSError as error:
        logger.error("mydata mail %s failed: %s", kind, type(error).__name__)
        return False
    logger.info("mydata mail %s sent", kind)
    return True


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send_link(person_id: int, token: str, *, fallback_language: str = "de") -> bool:
    person = Person.objects.select_related("office").filter(pk=person_id).first()
    if person is None:
        return False
    with translation.override(person_language(person, fallback_language)):
        context = {
            "url": _site(reverse("portal_mydata:open", args=[token])),
            "office_name": person.office.name,
        }
        return _send(
            "link",
            to=person.email,
            subject=_("Your link to your data at KAUSA"),
            body=_render_text("portal_mydata/mail/link.txt", context),
            reply_to=person.office.email,
        )


def send_office_notice(request_id: int) -> bool:
    """To the office's address: a new request to decide (no name in the mail)."""
    request = DataRequest.objects.select_related("office").filter(pk=request_id).first()
    if request is None:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "kind": request.get_kind_display(),
            "url": _site(reverse("portal_mydata_staff:request", args=[request.pk])),
        }
        return _send(
            "office_notice",
            to=request.office.email,
            subject=_("New data request from the portal"),
            body=_render_text("portal_mydata/mail/staff_office_notice.txt", context),
        )


def send_decision(request_id: int, *, address: str, language: str) -> bool:
    """To the person: the office did the request, or why it did not."""
    request = DataRequest.objects.select_related("office").filter(pk=request_id).first()
    if request is None:
        return False
    with translation.override(_portal_language(language) or "de"):
        office = request.office
        context = {
            "request": request,
            "office_name": office.name,
            "office_email": office.email,
            "office_phone": office.phone,
        }
        return _send(
            "decision",
            to=address,
            subject=_("Your data request at KAUSA"),
            body=_render_text("portal_mydata/mail/decision.txt", context),
            reply_to=office.email,
        )
