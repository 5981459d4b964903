"""Bot protection of public forms without third parties: a honeypot field, a minimum time to
fill the form (a signed timestamp), and per-address throttling (`throttle`).

Forms inherit `BotCheckedForm`; its template fields come from `portal/_bot_fields.html`.
A failed check is a form error in the visitor's language and nothing is stored.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.core.net import client_address
from kausa.portal.models import ThrottleHit

SALT = "kausa.portal.form-started"


def started_token() -> str:
    return signing.dumps(int(time.time()), salt=SALT)


class BotCheckedForm(forms.Form):
    # Hidden from people and screen readers by CSS (display: none, portal/_form.html);
    # bots that fill every field fill it.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Rendered apart from the other fields (portal/_form.html), never among them.
        self.fields["website"].honeypot = True  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["form_started"] = started_token()

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            raise forms.ValidationError(_("The form could not be sent. Please try again."))
        try:
            started = signing.loads(
                str(cleaned.get("form_started") or ""),
                salt=SALT,
                max_age=settings.PORTAL_FORM_MAX_AGE_SECONDS,
            )
        except signing.BadSignature:
            raise forms.ValidationError(
                _("The form was open too long or is incomplete. Please fill it in again.")
            ) from None
        if time.time() - int(started) < settings.PORTAL_MIN_SUBMIT_SECONDS:
            raise forms.ValidationError(
                _("The form was sent too quickly. Please check your entries and send it again.")
            )
        return cleaned


def keyed_hash(*parts: str) -> str:
    """A keyed hash of the parts (an address, an e-mail): counters find their rows again, and
    nobody who reads the table learns the address."""
    message = "\x00".join(parts).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _client_key(request: HttpRequest) -> str:
    return keyed_hash(client_address(request) or "unknown")


@transaction.atomic
def throttle(request: HttpRequest, scope: str, *, limit: int, window_seconds: int) -> bool:
    """Count this request; True when the client made more than `limit` in the window
    (the caller then answers with a message and stores nothing)."""
    now = timezone.now()
    since = now - datetime.timedelta(seconds=window_seconds)
    key = _client_key(request)
    recent = ThrottleHit.objects.filter(scope=scope, client_key=key, at__gte=since).count()
    if recent >= limit:
        return True
    ThrottleHit.objects.create(scope=scope, client_key=key, at=now)
    # Old rows of this client go now; a daily clean-up is not needed for correctness.
    ThrottleHit.objects.filter(scope=scope, client_key=key, at__lt=since).delete()
    return False
