"""The invitation mail: plain text, German, with the one-time link.

Sent after the commit with the token in memory only. Logs name the account id, never a name
or an address; a failed delivery is logged and the invitation can be sent again.
"""

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

from kausa.core.models import User

logger = logging.getLogger(__name__)


def invitation_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("administration:invitation", args=[token])


def _render_text(template: str, context: dict[str, object]) -> str:
    """Templates escape for HTML also in .txt files; the body is text/plain, so the entities
    are turned back into the characters typed."""
    text = html.unescape(str(render_to_string(template, context)))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def send_invitation(user_id: int, token: str) -> None:
    from kausa.administration.services.invitations import INVITATION_DAYS

    member = User.objects.select_related("office", "organisation").filter(pk=user_id).first()
    if member is None or not member.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "name": member.get_full_name() or member.username,
            "username": member.username,
            "organisation": member.organisation.name if member.organisation else "",
            "office": member.office.name if member.office else "",
            "url": invitation_url(token),
            "days": INVITATION_DAYS,
        }
        message = EmailMessage(
            subject=_("Your access to KAUSA Hub"),
            body=_render_text("administration/mail/invitation.txt", context),
            to=[member.email],
        )
    try:
        message.send(fail_silently=False)
    except OSError as error:  # smtplib's errors and refused connections
        logger.error("invitation mail for user %s failed: %s", user_id, type(error).__name__)
        return
    logger.info("invitation mail sent for user %s", user_id)
