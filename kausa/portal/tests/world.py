"""The portal's personas for the permission matrix and the sub-domains' tests.

An office A (organisation 1, the portal's), a company with a confirmed company user, a second
company with its own user, a company user still waiting for the office's confirmation, a young
person who opened a my-data link, a public place of the first company, and a counsellor of
office A (a staff session, which the portal must treat as an anonymous visitor).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client
from django.utils import timezone

from kausa.core.models import Office, Organisation, User
from kausa.core.tests.factories import CompanyFactory, PersonFactory, VacancyFactory
from kausa.portal import session
from kausa.portal.accounts.models import PortalAccount
from kausa.portal.places.models import PlacePublication, PublicationStatus

PASSWORD = "Sicheres-Passwort-2026"


def make_account(organisation: Organisation, email: str, company: Any = None) -> PortalAccount:
    account = PortalAccount(
        organisation=organisation,
        email=email,
        name="Kontakt " + email.split("@")[0],
        company=company,
        email_verified_at=timezone.now(),
    )
    account.set_password(PASSWORD)
    account.save()
    return account


@dataclass
class World:
    organisation: Organisation
    office: Office
    counsellor: User
    company: Any
    other_company: Any
    account: PortalAccount
    other_account: PortalAccount
    pending_account: PortalAccount
    person: Any
    vacancy: Any


def build_world(organisation: Organisation, office: Office, counsellor: User) -> World:
    company = CompanyFactory(organisation=organisation, name="Bäckerei Sonnenschein")
    other_company = CompanyFactory(organisation=organisation, name="Metallbau Nord")
    vacancy = VacancyFactory(company=company)
    PlacePublication.objects.create(vacancy=vacancy, status=PublicationStatus.APPROVED)
    return World(
        organisation=organisation,
        office=office,
        counsellor=counsellor,
        company=company,
        other_company=other_company,
        account=make_account(organisation, "ausbildung@sonnenschein.example", company),
        other_account=make_account(organisation, "info@metallbau-nord.example", other_company),
        pending_account=make_account(organisation, "neu@betrieb.example"),
        person=PersonFactory(office=office),
        vacancy=vacancy,
    )


def sign_in_account(client: Client, account: PortalAccount) -> None:
    """What the sign-in view leaves in the session (kausa.portal.session.account_login)."""
    store = client.session
    store[session.ACCOUNT_KEY] = account.pk
    store[session.ACCOUNT_HASH_KEY] = session._password_mark(account)
    store.save()


def grant_person(client: Client, person_id: int) -> None:
    """What a valid my-data link leaves in the session (kausa.portal.session.person_grant)."""
    store = client.session
    store[session.PERSON_KEY] = person_id
    store[session.PERSON_UNTIL_KEY] = int(timezone.now().timestamp()) + session.PERSON_GRANT_SECONDS
    store.save()


ROLES = (
    "anonymous",
    "young_person",
    "company_user",
    "other_company",
    "pending_company",
    "staff",
)


def client_for(role: str, world: World) -> Client:
    client = Client()
    if role == "young_person":
        grant_person(client, world.person.pk)
    elif role == "company_user":
        sign_in_account(client, world.account)
    elif role == "other_company":
        sign_in_account(client, world.other_account)
    elif role == "pending_company":
        sign_in_account(client, world.pending_account)
    elif role == "staff":
        client.force_login(world.counsellor)
    return client
