"""The portal side of the small demo: places on the public map, company users who sign in to
the company portal, and places waiting for the office's approval.

Company users sign in at /de/account/login/ with their e-mail address and the demo password.
"""

from __future__ import annotations

from django.utils import timezone

from kausa.companies.models import Company
from kausa.core.models import Office, Organisation
from kausa.demo.context import DemoContext
from kausa.demo.names import demo_email
from kausa.portal.accounts.models import PortalAccount
from kausa.portal.places.models import PlacePublication, PublicationStatus
from kausa.vacancies.models import Vacancy, VacancyStatus

PUBLISHED_SHARE = 0.7  # of the open places that still start: approved for the portal
COMPANY_USERS = 3
PENDING_PLACES = 4


def create_portal(
    ctx: DemoContext, organisation: Organisation, offices: list[Office], password: str
) -> list[PortalAccount]:
    open_places = list(
        Vacancy.objects.filter(
            company__organisation=organisation,
            status=VacancyStatus.OPEN,
            start_date__gte=ctx.today,
        ).order_by("pk")
    )
    now = timezone.now()
    publications = []
    for index, vacancy in enumerate(open_places):
        if index < PENDING_PLACES:
            status = PublicationStatus.PENDING
        elif ctx.chance(PUBLISHED_SHARE):
            status = PublicationStatus.APPROVED
        else:
            continue
        publications.append(
            PlacePublication(
                vacancy=vacancy,
                status=status,
                decided_at=now if status == PublicationStatus.APPROVED else None,
            )
        )
    PlacePublication.objects.bulk_create(publications, batch_size=500)
    for publication in PlacePublication.objects.filter(vacancy__in=open_places).select_related(
        "vacancy__company"
    ):
        ctx.log_created(publication)

    companies = list(
        Company.objects.filter(vacancies__in=open_places[:PENDING_PLACES]).distinct().order_by("pk")
    )
    companies += [
        company
        for company in Company.objects.filter(organisation=organisation).order_by("pk")
        if company not in companies
    ][: max(0, COMPANY_USERS - len(companies))]
    accounts = []
    for number, company in enumerate(companies[:COMPANY_USERS], start=1):
        account = PortalAccount(
            organisation=organisation,
            email=demo_email(f"betrieb{number}", 2),
            name=" ".join(ctx.person_name(None, female=ctx.chance(0.5))),
            company=company,
            language="de",
            email_verified_at=now,
        )
        account.set_password(password)
        account.save()
        ctx.log_created(account)
        accounts.append(account)
    return accounts


REQUEST_QUESTIONS = (
    ("ar", "Ich möchte Koch werden. Wie finde ich einen Betrieb in meiner Nähe?"),
    ("uk", "Wird mein Schulabschluss aus der Ukraine anerkannt?"),
    ("fa", "Kann ich mit B1 eine Ausbildung als Elektroniker beginnen?"),
)


def create_portal_requests(
    ctx: DemoContext, organisation: Organisation, offices: list[Office]
) -> None:
    """New counselling requests from the portal on the start pages (one per office), the
    consent texts of the request form in seven languages, and a company registration the
    office still has to confirm."""
    from kausa.people.models import Person
    from kausa.portal.accounts.models import CompanyRegistration
    from kausa.portal.enquiries.models import Enquiry, EnquiryStatus
    from kausa.portal.enquiries.services import consent_texts_seed, current_consent_text

    consent_texts_seed(organisation=organisation)
    now = timezone.now()
    for office, (language, question) in zip(offices, REQUEST_QUESTIONS, strict=False):
        person = Person.objects.filter(office=office).order_by("-pk").first()
        if person is None:
            continue
        enquiry = Enquiry.objects.create(
            organisation=organisation,
            office=office,
            person=person,
            status=EnquiryStatus.OPEN,
            language=language,
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email or demo_email(f"anfrage{person.pk}", 0),
            postal_code=person.postal_code,
            birth_year=person.birth_date.year if person.birth_date else 2006,
            question=question,
            consent_text=current_consent_text(organisation, language),
            confirmed_at=now,
            opened_at=now,
        )
        ctx.log_created(enquiry, office)
    account = PortalAccount(
        organisation=organisation,
        email=demo_email("neuer.betrieb", 2),
        name=" ".join(ctx.person_name(None, female=ctx.chance(0.5))),
        language="tr",
        email_verified_at=now,
    )
    account.set_password(f"{ctx.rng.integers(10**12)}-unused")
    account.save()
    ctx.log_created(account)
    registration = CompanyRegistration.objects.create(
        organisation=organisation,
        account=account,
        company_name="Yıldız Kfz-Service",
        postal_code="39104",
        phone=ctx.phone(),
    )
    ctx.log_created(registration)
