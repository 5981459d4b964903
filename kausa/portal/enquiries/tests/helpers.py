"""Shared steps of the enquiry tests: a filled form, sending it, the link from the mail."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from kausa.portal.bots import started_token

LINK = re.compile(r"https?://[^/\s]+(/\S+)")


def form_data(**overrides: Any) -> dict[str, Any]:
    year = timezone.localdate().year
    data: dict[str, Any] = {
        "first_name": "Amal",
        "last_name": "Nasser",
        "email": "amal@example.org",
        "phone": "+49 391 123456",
        "postal_code": "39104",
        "birth_year": str(year - 20),
        "parent_email": "",
        "languages": ["ar", "de"],
        "german_level": "2",
        "wish_1": "",
        "wish_2": "",
        "wish_3": "",
        "question": "Ich suche eine Ausbildung als Koch.",
        "consent": "on",
        "website": "",
        "form_started": started_token(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def url(route: str, language: str, *args: Any, query: str = "") -> str:
    with translation.override(language):
        return reverse(route, args=args) + query


def submit(client: Any, capture: Any, language: str, query: str = "", **overrides: Any) -> Any:
    with capture(execute=True):
        return client.post(
            url("portal_enquiries:create", language, query=query), form_data(**overrides)
        )


def link_in(message: mail.EmailMessage) -> str:
    found = LINK.search(str(message.body))
    assert found, message.body
    return found.group(1)


def last_link_to(address: str) -> str:
    messages = [message for message in mail.outbox if address in message.to]
    assert messages, [message.to for message in mail.outbox]
    return link_in(messages[-1])
