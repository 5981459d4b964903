"""The mails of portal accounts, in the account's language, plain text.

Logs name the account id, never an address. A failed delivery is logged; the visitor sees
the same page either way (the page never tells whether an address is known).
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

from kausa.portal.accounts import tokens
from kausa.portal.accounts.models import CompanyRegistration, PortalAccount

logger = logging.getLogger(__name__)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _render_text(template: str, context: dict[str, object]) -> str:
    """Templates escape for HTML also in .txt files; the body is text/plain."""
    text = html.unescape(str(render_to_string(template, context)))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _language(account: PortalAccount) -> str:
    return account.language if account.language in settings.PORTAL_LANGUAGES else "de"


def _send(account: PortalAccount, kind: str, subject: str, template: str, **extra: object) -> None:
    with translation.override(_language(account)):
        context: dict[str, object] = {
            "name": account.name,
            "login_url": _absolute(reverse("portal_accounts:login")),
            "reset_url": _absolute(reverse("portal_accounts:reset_request")),
            **extra,
        }
        message = EmailMessage(
            subject=str(subject), body=_render_text(template, context), to=[account.email]
        )
    try:
        message.send(fail_silently=False)
    except OSError as error:
        logger.error("portal %s mail for account %s failed: %s", kind, account.pk, type(error))
        return
    logger.info("portal %s mail sent for account %s", kind, account.pk)


def send_verification(account: PortalAccount) -> None:
    with translation.override(_language(account)):
        url = _absolute(reverse("portal_accounts:verify", args=[tokens.verify_token(account)]))
        subject = _("Please confirm your email address")
    _send(account, "verify", subject, "portal_accounts/mail/verify.txt", url=url, days=3)


def send_already_registered(account: PortalAccount) -> None:
    with translation.override(_language(account)):
        subject = _("You already have an account")
    _send(account, "already", subject, "portal_accounts/mail/already_registered.txt")


def send_reset(account: PortalAccount) -> None:
    with translation.override(_language(account)):
        url = _absolute(reverse("portal_accounts:reset", args=[tokens.reset_token(account)]))
        subject = _("Set a new password")
    _send(account, "reset", subject, "portal_accounts/mail/reset.txt", url=url, hours=2)


def send_decision(registration: CompanyRegistration) -> None:
    account = registration.account
    with translation.override(_language(account)):
        if registration.status == "confirmed":
            subject = _("Your company is confirmed")
            template = "portal_accounts/mail/confirmed.txt"
        else:
            subject = _("Your registration was not confirmed")
            template = "portal_accounts/mail/rejected.txt"
    _send(
        account,
        "decision",
        subject,
        template,
        company=registration.company.name if registration.company else "",
        reason=registration.reason,
    )
