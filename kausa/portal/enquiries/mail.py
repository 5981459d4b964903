"""The two mails of a request: the confirmation link to the visitor and the consent link to a
parent. Plain text in the visitor's language, sent after the commit; the signed token lives
only in the mail. Logs name the enquiry id, never a name or an address."""

from __future__ import annotations

import html
import logging
import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kausa.portal.enquiries.models import Enquiry

logger = logging.getLogger(__name__)


def _link(route: str, token: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL.rstrip("/") + reverse(route, args=[token])


def _render_text(template: str, context: dict[str, object]) -> str:
    text = html.unescape(str(render_to_string(template, context)))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _send(enquiry_id: int, subject: str, body: str, to: str) -> None:
    message = EmailMessage(subject=subject, body=body, to=[to])
    try:
        message.send(fail_silently=False)
    except OSError as error:  # smtplib's errors and refused connections
        logger.error("enquiry mail for enquiry %s failed: %s", enquiry_id, type(error).__name__)


def send_confirmation(enquiry_id: int, token: str, days: int) -> None:
    enquiry = Enquiry.objects.filter(pk=enquiry_id).first()
    if enquiry is None:
        return
    with translation.override(enquiry.language):
        context = {
            "first_name": enquiry.first_name,
            "url": _link("portal_enquiries:confirm", token, enquiry.language),
            "days": days,
            "needs_parent": enquiry.needs_parent,
        }
        subject = _("Please confirm your request for counselling")
        body = _render_text("portal_enquiries/mail/confirm.txt", context)
    _send(enquiry.pk, subject, body, enquiry.email)


def send_parent_request(enquiry_id: int, token: str, days: int) -> None:
    enquiry = Enquiry.objects.filter(pk=enquiry_id).first()
    if enquiry is None or not enquiry.parent_email:
        return
    with translation.override(enquiry.language):
        context = {
            "child": enquiry.first_name,
            "url": _link("portal_enquiries:parent", token, enquiry.language),
            "days": days,
        }
        subject = _("Your child asks for counselling: please agree")
        body = _render_text("portal_enquiries/mail/parent.txt", context)
    _send(enquiry.pk, subject, body, enquiry.parent_email)
