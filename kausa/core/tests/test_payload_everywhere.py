"""Payload everywhere: attack strings in every text field, every staff page requested.

Every text a user can type (names, addresses, notes, messages, reasons, chain texts, topics,
office and staff names) is filled with payloads: a script, an attribute break-out with an
image, an htmx element that posts on load, a meta refresh, template code and a bidi
override. Then the owning counsellor, a read-only colleague and a team lead request every URL
pattern of the staff app (as a page and as an htmx partial; lists also with a payload as the
search term). The test fails when a payload comes back as markup, when template code was
evaluated, when a page fails, when text or JSON is served as HTML, when a header carries a
bidi control, or when an htmx element lacks the browser's mark (htmx_guard).

The record set is built from models and factories, so it survives services moving; a URL
pattern whose ids this file cannot name fails the test (extend SEGMENT_KINDS).
"""

from __future__ import annotations

import itertools
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import LocalePrefixPattern, URLResolver, get_resolver
from django.utils import timezone

from kausa.accounts.sessions import REAUTHENTICATED_AT
from kausa.core.models import Occupation
from kausa.core.tests.factories import (
    CompanyFactory,
    PartnerFactory,
    PersonFactory,
    VacancyFactory,
    district,
)

pytestmark = pytest.mark.django_db

# (full payload, a shorter variant for short columns); all must come back escaped.
PAYLOADS = [
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ('"><img src=x onerror=alert(1)>', '"><img src=x onerror=alert(1)>'),
    ('<b hx-post="/people/1/sharing/" hx-trigger="load">', "<b hx-post=/x hx-trigger=load>"),
    (
        '<meta http-equiv="refresh" content="0;url=https://evil.example">',
        "<meta http-equiv=refresh content=0>",
    ),
    ("calc{{ 7*7 }} calc{{ 7777|add:2222 }}", "calc{{ 7*7 }}"),
    ("{% debug %}", "{% debug %}"),
    ("\u202egnp.exe\u202c Amira", "\u202eexe.\u202c"),
]
URL_PAYLOAD = 'https://evil.example/"><img/src=x/onerror=alert(1)>'
# What a payload looks like when it was not escaped (or template code when it ran).
UNESCAPED = [
    "<script>alert",
    "<img src=x",
    "<img/src=x",
    "<b hx-post",
    "<meta http-equiv",
    "calc49",
    "calc9999",
    "'sys' (built-in)",
    "&#x27;sys&#x27; (built-in)",
]
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")

# Text columns that are not free text a user types, with the reason.
NOT_FREE_TEXT = {
    "core.User.password": "a hash",
    "core.User.username": "validated login name (letters, digits, @.+-_)",
    "counselling.Case.stage": "a stage key from the configured list",
    "counselling.CaseStageChange.stage": "a stage key from the configured list",
}
SKIPPED_MODELS = {
    "core.District": "reference data shipped with the package",
    "core.Occupation": "reference data shipped with the package",
    "core.AuditEntry": "registered action codes and field names only",
    "counselling.RetainedCount": "aggregate counts with stage keys",
}
SKIPPED_JSON = {
    "chains.ChainStep.condition": "evaluated against the run context, written by team leads",
    "chains.ChainRun.context": "the facts a run's conditions saw (keys and choice values)",
    "placements.Proposal.factors": "computed by the matching engine",
    "placements.MatchingRunPair.factors": "computed by the matching engine",
    "counselling.Referral.shared_fields": "field names from a fixed list",
}

# What an id in a URL pattern names: by (first path segment, segment before the id), else by
# the segment alone. "people/<pk>" is a person in every app, "runs/<pk>" depends on the app.
SEGMENT_KINDS = {
    ("chains", "steps"): "chain_step",
    ("chains", "runs"): "chain_run",
    ("chains", "templates"): "chain_template",
    ("placements", "runs"): "matching_run",
    ("ba", "runs"): "ba_import_run",
    ("placements", "accept"): "matching_run_pair",
    ("counselling", "steps"): "next_step",
    ("counselling", "sessions"): "session",
    ("account", "tokens"): "api_token",
    "people": "person",
    "person": "person",
    "companies": "company",
    "places": "vacancy",
    "place": "vacancy",
    "network": "partner",
    "partners": "partner",
    "cases": "case",
    "referrals": "referral",
    "consents": "consent",
    "proposals": "proposal",
    "run-steps": "chain_run_step",
    "topics": "topic",
    ("events", "events"): "event",
    ("events", "registrations"): "registration",
    ("events", "contacts"): "event_contact",
    ("events", "stops"): "route_stop",
    ("events", "award-rounds"): "award_round",
    ("events", "nominations"): "nomination",
    ("events", "ambassadors"): "ambassador",
    ("people", "guardians"): "guardian",
    ("administration", "staff"): "staff_member",
    ("administration", "offices"): "office",
    # the portal's staff pages (/staff/portal/<sub-domain>/…)
    ("portal-accounts", "registration"): "portal_registration",
    ("portal-content", "content"): "content_page",
    ("portal-content", "versions"): "content_version",
    ("portal-places", "approval"): "place_publication",
    ("portal-places", "publish"): "vacancy",
    ("portal-mydata", "mydata"): "mydata_request",
    ("portal-enquiries", "enquiries"): "enquiry",
}
# Patterns not requested, with the reason.
NOT_REQUESTED = {
    "logout": "ends the session; shows no stored data",
    # signed-token pages: requested with their tokens by test_public_event_pages_escape below
    "events:feed": "public iCal feed of an office (signed token)",
    "events:cancel": "public cancellation page (signed token)",
    "administration:invitation": "one-time invitation link (kausa/administration/tests)",
    "legacy_staff_redirect": "a redirect of old addresses to /staff/, shows nothing",
}
NOT_REQUESTED_NAMESPACES = {
    "admin": "Django's admin for superusers, rendered by Django's own escaping templates",
    # A session gets 401 there; kausa/api/tests/test_schema_and_matrix.py covers its routes.
    "api": "JSON only, for bearer tokens",
}
ID_PARAM = re.compile(r"([\w.-]+)/<(?:int:)?(\w+)>")


@dataclass(frozen=True)
class Route:
    name: str
    template: str  # joined patterns, e.g. "counselling/people/<int:pk>/open/"


def staff_routes(
    resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""
) -> Iterator[Route]:
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            # The portal's pages have their own escaping tests (kausa/portal/*/tests).
            if entry.namespace in NOT_REQUESTED_NAMESPACES or isinstance(
                entry.pattern, LocalePrefixPattern
            ):
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from staff_routes(entry, inner, prefix + str(entry.pattern))
        elif entry.name and f"{namespace}{entry.name}" not in NOT_REQUESTED:
            yield Route(f"{namespace}{entry.name}", prefix + str(entry.pattern))


def url_paths(route: Route, ids: dict[str, list[Any]]) -> list[str]:
    """Every path of the route for the records (a list of ids per kind: all are requested)."""
    first = route.template.removeprefix("staff/").replace("portal/", "portal-", 1).split("/")[0]
    params = ID_PARAM.findall(route.template)
    choices = []
    for segment, _param in params:
        kind = SEGMENT_KINDS.get((first, segment)) or SEGMENT_KINDS.get(segment)
        assert kind is not None, f"{route.name}: which record does {segment}/<id> name?"
        choices.append(ids[kind])
    paths = []
    for combination in itertools.product(*choices):
        path = route.template
        for value in combination:
            path = re.sub(r"<(?:int:)?\w+>", str(value), path, count=1)
        path = path.replace("<str:language>", "de")  # a content page's language
        assert "<" not in path, f"{route.name}: cannot fill {route.template}"
        paths.append("/" + path)
    return paths


def fitting(limit: int | None, start: int) -> str:
    """Payloads that fit the column, a different one first for each column."""
    if limit is None:
        return " ".join(full for full, _short in PAYLOADS)
    chosen: list[str] = []
    for offset in range(len(PAYLOADS)):
        full, short = PAYLOADS[(start + offset) % len(PAYLOADS)]
        for candidate in (full, short):
            if len(" ".join([*chosen, candidate])) <= limit:
                chosen.append(candidate)
                break
    return " ".join(chosen)


def payload_json(value: Any, start: int) -> Any:
    """Every string leaf of a JSON text (per-language texts, links) becomes a payload."""
    if isinstance(value, dict):
        return {
            key: URL_PAYLOAD if key == "url" else payload_json(item, start + i)
            for i, (key, item) in enumerate(value.items())
        }
    if isinstance(value, list):
        return [payload_json(item, start + i) for i, item in enumerate(value)]
    if isinstance(value, str):
        return fitting(None, start)
    return value


def free_text_fields(model: type[models.Model]) -> Iterator[models.Field[Any, Any]]:
    label = model._meta.label
    for column in model._meta.concrete_fields:
        name = f"{label}.{column.name}"
        if name in NOT_FREE_TEXT or column.choices or not column.editable:
            continue
        if isinstance(column, models.JSONField):
            if name not in SKIPPED_JSON:
                yield column
        elif isinstance(column, (models.CharField, models.TextField)) and not isinstance(
            column, (models.SlugField, models.EmailField)
        ):
            yield column


@dataclass
class Filled:
    fields: list[str] = field(default_factory=list)
    too_short: list[str] = field(default_factory=list)


def fill_everything() -> Filled:
    """Overwrite every free-text column of every row of the app's models with payloads."""
    filled = Filled()
    for index, model in enumerate(apps.get_models()):
        label = model._meta.label
        if not model.__module__.startswith("kausa.") or label in SKIPPED_MODELS:
            continue
        columns = list(free_text_fields(model))
        for row in model._default_manager.all():
            values: dict[str, Any] = {}
            for position, column in enumerate(columns):
                name = f"{label}.{column.name}"
                if isinstance(column, models.JSONField):
                    values[column.name] = payload_json(getattr(row, column.attname), index)
                elif isinstance(column, models.URLField):
                    values[column.name] = URL_PAYLOAD[: column.max_length]
                else:
                    # The row id keeps values unique where a column must be.
                    limit = column.max_length - 8 if column.max_length else None
                    text = fitting(limit, index + position)
                    if not text:
                        filled.too_short.append(name)
                        continue
                    values[column.name] = f"{row.pk} {text}"
                if name not in filled.fields:
                    filled.fields.append(name)
            if values:
                model._default_manager.filter(pk=row.pk).update(**values)
    return filled


def chain_with_step(organisation, partner, team_lead, audience: str, status: str):
    """A chain template (published ones run, drafts show the edit pages) with one step."""
    from kausa.chains.models import ChainStep, ChainTemplate, DistrictPartner

    chain = ChainTemplate.objects.create(
        organisation=organisation,
        key=f"payload-{audience}-{status}",
        audience=audience,
        status=status,
        valid_from=timezone.localdate(),
        texts={"de": {"title": "Kette", "summary": "Kurz"}, "ar": {"title": "سلسلة"}},
        created_by=team_lead,
    )
    chain_step = ChainStep.objects.create(
        template=chain,
        position=1,
        key="step",
        texts={
            "de": {"title": "Schritt", "description": "Text", "documents": ["Pass"]},
            "ar": {"title": "خطوة"},
        },
        responsible="partner",
        partner_type=partner.partner_type,
        links=[{"label": "Quelle", "url": "https://example.org"}],
        legal_basis="§ 4a AufenthG",
        source_url="https://example.org/quelle",
        source_note="Stand",
    )
    DistrictPartner.objects.create(
        template=chain,
        district=district("15003"),
        partner_type=partner.partner_type,
        partner=partner,
    )
    return chain, chain_step


def build_records(office_a, organisation, counsellor_a, team_lead) -> dict[str, list[Any]]:
    """One of everything a staff page shows, for office A, through models and factories."""
    from kausa.chains.models import (
        ChainRun,
        ChainRunStep,
    )
    from kausa.companies.models import CompanyContact, CompanyLanguage
    from kausa.counselling.models import (
        Case,
        CaseHandover,
        CaseStageChange,
        Consent,
        CounsellingSession,
        NextStep,
        Referral,
        ReferralStatusChange,
    )
    from kausa.partners.models import PartnerContact, Topic
    from kausa.people.models import DesiredOccupation, PersonLanguage
    from kausa.placements.models import (
        MatchingRun,
        MatchingRunPair,
        Proposal,
        ProposalStatusChange,
    )

    today = timezone.localdate()
    occupation = Occupation.objects.order_by("pk").first()
    person = PersonFactory(office=office_a, email="amira@example.org", phone="0391 1")
    PersonLanguage.objects.create(person=person, language="ar", level=5)
    DesiredOccupation.objects.create(person=person, occupation=occupation, rank=1)
    company = CompanyFactory(organisation=organisation, street="Hauptstr. 1")
    CompanyContact.objects.create(company=company, name="Kontakt", role="Chefin")
    CompanyLanguage.objects.create(company=company, language="tr")
    vacancy = VacancyFactory(company=company, description="Beschreibung")
    partner = PartnerFactory(organisation=organisation, street="Ring 2", place="Magdeburg")
    PartnerContact.objects.create(partner=partner, name="Kontakt", role="Beratung")
    topic = Topic.objects.create(code="payload-topic", name="Thema")
    partner.topics.add(topic)

    case = Case.objects.create(
        office=office_a, person=person, counsellor=counsellor_a, opened_on=today
    )
    company_case = Case.objects.create(
        office=office_a, company=company, counsellor=counsellor_a, opened_on=today
    )
    CaseStageChange.objects.create(case=case, stage=case.stage, changed_by=counsellor_a)
    CaseHandover.objects.create(case=case, from_counsellor=counsellor_a, to_counsellor=counsellor_a)
    session = CounsellingSession.objects.create(
        case=case, held_on=today, duration_minutes=30, channel="in_person", notes="Notiz"
    )
    session.topics.add(topic)
    step = NextStep.objects.create(case=case, title="Anruf", due_on=today, owner=counsellor_a)
    consent = Consent.objects.create(
        person=person,
        purpose="referral",
        partner=partner,
        text_version="v1",
        given_on=today,
        method="written",
        guardian_name="Mutter",
        recorded_by=counsellor_a,
    )
    referral = Referral.objects.create(
        case=case,
        partner=partner,
        topic=topic,
        consent=consent,
        consent_override_reason="Grund",
        outside_district_reason="Grund",
        shared_fields=["name", "birth_date", "phone", "address", "languages"],
        message="Nachricht",
        created_by=counsellor_a,
    )
    ReferralStatusChange.objects.create(
        referral=referral, status=referral.status, changed_by=counsellor_a
    )

    chains = [
        chain_with_step(organisation, partner, team_lead, audience, status)
        for audience, status in (
            ("person", "published"),
            ("company", "published"),
            ("person", "draft"),
        )
    ]
    runs = []
    subjects = [{"person": person, "case": case}, {"company": company, "case": company_case}]
    for (chain, chain_step), subject in zip(chains[:2], subjects, strict=True):
        run = ChainRun.objects.create(
            template=chain,
            office=office_a,
            district=district("15003"),
            language="ar",
            counsellor=counsellor_a,
            started_on=today,
            **subject,
        )
        ChainRunStep.objects.create(
            run=run, step=chain_step, partner=partner, notes="Notiz", due_on=today
        )
        runs.append(run)

    proposal = Proposal.objects.create(
        office=office_a, person=person, vacancy=vacancy, source="manual", created_by=counsellor_a
    )
    ProposalStatusChange.objects.create(
        proposal=proposal, status=proposal.status, changed_by=counsellor_a
    )
    matching_run = MatchingRun.objects.create(
        office=office_a, started_by=counsellor_a, state="done", people_count=1, places_count=1
    )
    # A running one renders the polling htmx element.
    running = MatchingRun.objects.create(office=office_a, started_by=counsellor_a, state="running")
    pair = MatchingRunPair.objects.create(
        run=matching_run, person=person, vacancy=vacancy, score=0.5
    )
    # Course texts from the job agency are untrusted too: the cached search gets payloads.
    from kausa.bsk.models import CourseParticipation
    from kausa.bsk.tests.fixtures import cache_courses

    cache_courses(person.postal_code)
    CourseParticipation.objects.create(
        person=person, status="found", course_title="Kurs", provider="Träger"
    )
    from kausa.api.services import api_token_create

    token, _secret = api_token_create(actor=counsellor_a, name="Token", scope="read", valid_days=9)
    from kausa.administration.models import MfaResetRecord

    MfaResetRecord.objects.create(user=counsellor_a, reset_by=team_lead, reason="Handy verloren")
    return {
        "api_token": [token.pk],
        "office": [office_a.pk],
        "staff_member": [counsellor_a.pk],
        "person": [person.pk],
        "company": [company.pk],
        "vacancy": [vacancy.pk],
        "partner": [partner.pk],
        "topic": [topic.pk],
        "case": [case.pk, company_case.pk],
        "session": [session.pk],
        "next_step": [step.pk],
        "consent": [consent.pk],
        "referral": [referral.pk],
        "chain_template": [chain.pk for chain, _step in chains],
        "chain_step": [chain_step.pk for _chain, chain_step in chains],
        "chain_run": [run.pk for run in runs],
        "chain_run_step": [run.run_steps.get().pk for run in runs],
        "proposal": [proposal.pk],
        "matching_run": [matching_run.pk, running.pk],
        "matching_run_pair": [pair.pk],
        "ba_import_run": _ba_import_runs(organisation),
        **_event_records(office_a, organisation, person, company, partner, counsellor_a),
        **_portal_records(office_a, organisation, person, vacancy, counsellor_a),
    }


def _portal_records(office_a, organisation, person, vacancy, counsellor_a):
    """What the portal's staff pages show: a company registration, a place waiting for
    approval, a content page with a version, a data request and a counselling request."""
    from kausa.portal.accounts.models import CompanyRegistration
    from kausa.portal.content.models import ContentPage, ContentVersion
    from kausa.portal.enquiries.tests.factories import enquiry_for_payloads
    from kausa.portal.mydata.models import DataRequest
    from kausa.portal.places.models import PlacePublication
    from kausa.portal.tests.world import make_account

    account = make_account(organisation, "neu@payload.example")
    registration = CompanyRegistration.objects.create(
        organisation=organisation, account=account, company_name="Betrieb", postal_code="39104"
    )
    publication = PlacePublication.objects.create(vacancy=vacancy, status="pending")
    page = ContentPage.objects.create(organisation=organisation, slug="seite", purpose="custom")
    version = ContentVersion.objects.create(
        page=page, language="de", title="Titel", body_markdown="Text", created_by=counsellor_a
    )
    data_request = DataRequest.objects.create(
        office=office_a, person=person, kind="erasure", message="Bitte löschen"
    )
    return {
        "portal_registration": [registration.pk],
        "place_publication": [publication.pk],
        "content_page": [page.pk],
        "content_version": [version.pk],
        "mydata_request": [data_request.pk],
        "enquiry": [enquiry_for_payloads(office_a, person).pk],
    }


def _event_records(office_a, organisation, person, company, partner, counsellor_a):
    """An event of each kind with every text filled: registrations of a person, a parent, a
    company and a walk-in, contacts, a route stop, speed dating wishes, an evaluation, an
    award round with a vote, an ambassador with an appearance."""
    from kausa.events.models import (
        Ambassador,
        AmbassadorAppearance,
        AwardRound,
        EventConsentText,
        EventContact,
        EventEvaluation,
        EventKind,
        JuryVote,
        Nomination,
        Registration,
        RouteStop,
        SpeedDatingSetup,
        SpeedDatingWish,
    )
    from kausa.events.tests.factories import EventFactory, EventFormatFactory
    from kausa.people.models import Guardian

    consent_text = EventConsentText.objects.create(
        organisation=organisation, language="de", version=1, text="Einwilligung"
    )
    guardian = Guardian.objects.create(
        person=person, first_name="Samira", last_name="H", relation="mother", language="ar"
    )
    events = []
    for kind in (EventKind.FAIR, EventKind.JOBWALK, EventKind.SPEED_DATING):
        event_format = EventFormatFactory(organisation=organisation, name=f"F {kind}", kind=kind)
        event = EventFactory(
            office=office_a,
            event_format=event_format,
            interpreters="Dolmetscherin",
            accessibility_notes="Rampe",
            online_url="https://video.example.org/raum",
            translations={"ar": {"title": "عنوان", "description": "وصف"}},
        )
        event.co_organisers.add(partner)
        events.append(event)
    fair, walk, speed_dating = events
    registrations = [
        Registration.objects.create(
            event=event,
            kind="young_person",
            person=person,
            consent_text=consent_text,
            guardian_consent_name="Mutter",
        )
        for event in events
    ]
    for event in events:
        Registration.objects.create(event=event, kind="company", company=company)
    Registration.objects.create(event=fair, kind="parent", guardian=guardian)
    Registration.objects.create(
        event=fair,
        kind="young_person",
        name="Gast",
        email="g@example.org",
        phone="1",
        status="waitlisted",
        waitlisted_at=timezone.now(),
    )
    contact = EventContact.objects.create(
        event=speed_dating, person=person, company=company, source="speed_dating", round=0, table=1
    )
    EventContact.objects.create(event=fair, person=person, company=company)
    stop = RouteStop.objects.create(
        event=walk,
        position=1,
        company=company,
        label="Halt",
        address="Str. 1",
        latitude=52.1,
        longitude=11.6,
        contact_name="Kontakt",
        contact_phone="0391",
    )
    SpeedDatingSetup.objects.create(event=speed_dating, rounds=3)
    SpeedDatingWish.objects.create(
        event=speed_dating, person=person, company=company, person_wants=True
    )
    EventEvaluation.objects.create(event=fair, companies_present=3)
    award_round = AwardRound.objects.create(
        office=office_a,
        title="Preis",
        category="company",
        criteria="Kriterien",
        nominations_close_on=timezone.localdate(),
        ceremony=fair,
    )
    nomination = Nomination.objects.create(
        award_round=award_round,
        company=company,
        reason="Grund",
        public_name="Name",
        public_consent=True,
        is_winner=True,
    )
    JuryVote.objects.create(nomination=nomination, juror=counsellor_a, score=4)
    ambassador = Ambassador.objects.create(
        office=office_a, person=person, profile="Profil", availability="abends", languages=["ar"]
    )
    AmbassadorAppearance.objects.create(ambassador=ambassador, event=fair, role="Rede")
    return {
        "event": [event.pk for event in events],
        "registration": [registration.pk for registration in registrations],
        "event_contact": [contact.pk],
        "route_stop": [stop.pk],
        "award_round": [award_round.pk],
        "nomination": [nomination.pk],
        "ambassador": [ambassador.pk],
        "guardian": [guardian.pk],
    }


def _ba_import_runs(organisation) -> list[int]:
    """A finished job agency import with an issue, and a running one (the polling element)."""
    from kausa.ba.models import ImportIssue, ImportRun

    done = ImportRun.objects.create(
        organisation=organisation, postal_code="39104", radius_km=50, state="done", complete=True
    )
    ImportIssue.objects.create(run=done, refnr="10000-1-S", reason="unknown_occupation")
    running = ImportRun.objects.create(
        organisation=organisation, postal_code="39104", radius_km=50, state="running"
    )
    return [done.pk, running.pk]


MARK_IN_CONFIG = re.compile(r"data-hx-mark=(m[0-9a-f]+)")
UNMARKED_ATTRIBUTES = {"data-hx-mark", "hx-disable", "data-hx-disable"}


class HtmxElements(HTMLParser):
    """The marks of the elements with hx-* attributes, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # hx-disable only switches htmx off, so it needs no mark.
        names = {name for name, _value in attrs} - UNMARKED_ATTRIBUTES
        if any(name.startswith(("hx-", "data-hx-")) for name in names):
            self.marks.append(dict(attrs).get("data-hx-mark"))


def htmx_marks(text: str) -> list[str | None]:
    parser = HtmxElements()
    parser.feed(text)
    parser.close()
    return parser.marks


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    with_escaped_payload: int = 0
    htmx_elements: int = 0

    def check(self, who: str, path: str, response, mark: str | None) -> None:
        self.requests += 1
        where = f"{who} GET {path}"
        if response.status_code >= 500:
            self.problems.append(f"{where}: status {response.status_code}")
            return
        for header, value in response.items():
            if BIDI_CONTROLS.search(value):
                self.problems.append(f"{where}: bidi control in the {header} header")
        content_type = response.get("Content-Type", "")
        body = b"" if response.streaming else response.content
        if not body or content_type.startswith(("application/pdf", "image/")):
            return
        text = body.decode("utf-8", errors="replace")
        if content_type.startswith("text/html"):
            self.check_html(where, path, text, mark, served=response.status_code == 200)
        elif content_type.startswith("application/gpx+xml"):
            # XML that GPS apps and browsers parse: a payload must arrive as escaped text.
            self.check_markers(where, text)
        elif not content_type.startswith(
            ("text/plain", "application/json", "text/csv", "text/calendar")
        ):
            self.problems.append(f"{where}: unexpected content type {content_type}")

    def check_markers(self, where: str, text: str) -> None:
        for marker in UNESCAPED:
            position = text.find(marker)
            if position >= 0:
                excerpt = text[max(0, position - 60) : position + 60].replace("\n", " ")
                self.problems.append(f"{where}: unescaped {marker!r} in …{excerpt}…")

    def check_html(self, where: str, path: str, text: str, mark: str | None, served: bool) -> None:
        # An error page for a .json route is HTML; the route's own answer must not be.
        if served and path.endswith((".json", ".txt", ".csv")):
            self.problems.append(f"{where}: text or JSON served as text/html")
        if not text.lstrip().startswith("<") or looks_like_json(text):
            self.problems.append(f"{where}: text or JSON served as text/html")
        self.check_markers(where, text)
        if ESCAPED_SCRIPT in text:
            self.with_escaped_payload += 1
        for element_mark in htmx_marks(text):
            self.htmx_elements += 1
            if element_mark != mark:
                self.problems.append(f"{where}: htmx element without this browser's mark")


def signed_in(user) -> Client:
    """A browser of the user who just confirmed the password (account pages ask for it)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session[REAUTHENTICATED_AT] = int(time.time())
    session.save()
    return client


def looks_like_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def test_no_payload_comes_back_as_markup(
    office_a, organisation, counsellor_a, reader_a, team_lead, capsys
):
    ids = build_records(office_a, organisation, counsellor_a, team_lead)
    filled = fill_everything()
    routes = sorted(staff_routes(), key=lambda route: route.name)
    paths = {route: url_paths(route, ids) for route in routes}
    findings = Findings()
    for who, user in (("owner", counsellor_a), ("reader", reader_a), ("team lead", team_lead)):
        client = signed_in(user)
        page = client.get("/staff/", secure=True).content.decode()
        config = MARK_IN_CONFIG.search(page)
        assert config is not None, "the htmx config in the base template names no mark"
        mark = config.group(1)
        for route in routes:
            for path in paths[route]:
                findings.check(who, path, client.get(path, secure=True), mark)
                if who != "owner":
                    continue  # the partials and searches render the same data for every role
                partial = client.get(path, secure=True, HTTP_HX_REQUEST="true")
                findings.check(f"{who} (htmx)", path, partial, mark)
                if "<" not in route.template:  # a list: the search term comes back too
                    search = client.get(
                        path, {"q": PAYLOADS[0][0]}, secure=True, HTTP_HX_REQUEST="true"
                    )
                    findings.check(f"{who} (search)", path, search, mark)
    with capsys.disabled():
        print(
            f"\npayload everywhere: {len(routes)} routes, {findings.requests} requests, "
            f"{len(filled.fields)} payload fields, {findings.with_escaped_payload} responses "
            f"showing escaped payloads, {findings.htmx_elements} htmx elements checked"
        )
    assert findings.problems == [], "\n".join(findings.problems)
    # The test proves something only if the pages really showed the payloads.
    assert findings.with_escaped_payload >= 40
    assert findings.htmx_elements >= 5
    assert len(filled.fields) >= 40


def test_public_event_pages_escape_every_payload(office_a, organisation, counsellor_a, team_lead):
    """The cancellation page and the office's iCal feed need no login: requested with their
    signed tokens after every text was filled with payloads."""
    from django.urls import reverse
    from django.utils import translation

    from kausa.events.ics import feed_token
    from kausa.events.models import Registration
    from kausa.events.notifications import cancellation_token

    ids = build_records(office_a, organisation, counsellor_a, team_lead)
    fill_everything()
    findings = Findings()
    client = Client()
    for registration in Registration.objects.filter(pk__in=ids["registration"]):
        with translation.override("de"):  # the portal's page, where the mails link
            path = reverse("portal_events:cancel", args=[cancellation_token(registration)])
        response = client.get(path, secure=True)
        assert response.status_code == 200
        findings.check("visitor", path, response, None)
    feed = reverse("events:feed", args=[feed_token(office_a)])
    response = client.get(feed, secure=True)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    findings.check("visitor", feed, response, None)
    assert findings.problems == [], "\n".join(findings.problems)
    assert findings.requests == len(ids["registration"]) + 1
    assert findings.with_escaped_payload >= len(ids["registration"])  # the titles were shown


def test_every_pattern_with_an_id_names_a_known_record():
    ids = {kind: [1] for kind in set(SEGMENT_KINDS.values())}
    for route in staff_routes():
        assert url_paths(route, ids), route.name


def test_the_payloads_fit_the_short_columns():
    assert fitting(32, 0) and len(fitting(32, 0)) <= 32
    assert all(len(fitting(40, start)) <= 40 for start in range(len(PAYLOADS)))
    assert fitting(None, 0).count("<") >= 5


class MetaConfig(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.config: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and values.get("name") == "htmx-config":
            self.config = json.loads(values.get("content") or "")


def htmx_config(client: Client) -> dict[str, Any]:
    parser = MetaConfig()
    parser.feed(client.get("/staff/", secure=True).content.decode())
    assert parser.config is not None
    return parser.config


def test_htmx_is_locked_down_and_the_mark_is_per_browser(counsellor_a):
    first, second = Client(), Client()
    first.force_login(counsellor_a)
    second.force_login(counsellor_a)
    config = htmx_config(first)
    assert config["selfRequestsOnly"] is True
    assert config["allowScriptTags"] is False
    assert config["allowEval"] is False
    assert config["historyCacheSize"] == 0
    assert "[hx-post]" in config["disableSelector"]
    mark = MARK_IN_CONFIG.search(config["disableSelector"])
    assert mark is not None
    assert htmx_config(first) == config  # stable for partials swapped in later
    other = MARK_IN_CONFIG.search(htmx_config(second)["disableSelector"])
    assert other is not None and other.group(1) != mark.group(1)  # stored text cannot know it
