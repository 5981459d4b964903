"""Requests for the tests: one already passed to an office, as the portal leaves it."""

from __future__ import annotations

from django.utils import timezone

from kausa.core.models import Office
from kausa.core.tests.factories import PersonFactory
from kausa.portal.enquiries.models import Enquiry, EnquiryStatus
from kausa.portal.enquiries.services import consent_texts_seed, current_consent_text


def open_enquiry(office: Office, **fields: object) -> Enquiry:
    organisation = office.organisation
    consent_texts_seed(organisation=organisation)
    person = PersonFactory(office=office, first_name="Lina", last_name="Sayed")
    values: dict[str, object] = {
        "organisation": organisation,
        "status": EnquiryStatus.OPEN,
        "language": "ar",
        "first_name": "Lina",
        "last_name": "Sayed",
        "email": "lina@example.org",
        "postal_code": "39104",
        "birth_year": 2006,
        "consent_text": current_consent_text(organisation, "ar"),
        "confirmed_at": timezone.now(),
        "opened_at": timezone.now(),
        "office": office,
        "person": person,
        "question": "Wie finde ich eine Ausbildung?",
    }
    values.update(fields)
    return Enquiry.objects.create(**values)


def enquiry_for_payloads(office: Office, person: object) -> Enquiry:
    """An open request of `person` (kausa/core/tests/test_payload_everywhere.py fills its texts)."""
    return open_enquiry(office, person=person)
