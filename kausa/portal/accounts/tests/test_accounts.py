"""Portal accounts over HTTP, in German and Arabic: registration, confirmation link, sign-in,
the waiting page, the office's decision, no enumeration, throttling, the signed links, the
authenticator app, bad input, and the separation of staff and portal sessions."""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP

from kausa.companies.models import Company
from kausa.core.models import AuditEntry
from kausa.core.tests.factories import CompanyFactory
from kausa.portal.accounts import tokens
from kausa.portal.accounts.models import CompanyRegistration, PortalAccount
from kausa.portal.bots import started_token
from kausa.portal.session import current_account
from kausa.portal.tests.world import make_account

pytestmark = pytest.mark.django_db

PASSWORD = "Sonnige-Backstube-2026"
LANGUAGES = ["de", "ar"]


def url(name: str, language: str, *args: object) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def register_data(**overrides: str) -> dict[str, str]:
    data = {
        "company_name": "Bäckerei Sonnenschein GmbH",
        "postal_code": "39104",
        "contact_name": "Maria Schulz",
        "email": "ausbildung@baeckerei.example",
        "phone": "0391 123456",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "privacy": "on",
        "form_started": started_token(),
    }
    data.update(overrides)
    return data


def link_in(message: mail.EmailMessage) -> str:
    found = re.search(r"https?://\S+", message.body)
    assert found, message.body
    return "/" + found.group(0).split("/", 3)[3]


def session_account(client: Client):
    request = RequestFactory().get("/")
    request.session = SessionStore(client.session.session_key)
    return current_account(request)


def login(client: Client, language: str, email: str, password: str = PASSWORD):
    return client.post(
        url("portal_accounts:login", language),
        {"email": email, "password": password, "form_started": started_token()},
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_register_confirm_sign_in_and_office_links_existing_company(
    language, organisation, counsellor_a
):
    existing = CompanyFactory(
        organisation=organisation, name="Bäckerei Sonnenschein", postal_code="39104"
    )
    CompanyFactory(organisation=organisation, name="Metallbau Nord")
    client = Client()
    page = client.get(url("portal_accounts:register", language))
    assert page.status_code == 200
    assert f'lang="{language}"' in page.content.decode()

    response = client.post(url("portal_accounts:register", language), register_data())
    assert response.status_code == 302
    assert response["Location"] == url("portal_accounts:register_sent", language)
    account = PortalAccount.objects.get()
    assert account.email_verified_at is None and account.company is None
    assert account.language == language
    assert account.check_password(PASSWORD) and PASSWORD not in account.password
    registration = CompanyRegistration.objects.get()
    assert registration.account == account and registration.status == "pending"
    assert registration.company_name == "Bäckerei Sonnenschein GmbH"
    assert AuditEntry.objects.filter(action="portal.account.registered").count() == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [account.email]
    verify_path = link_in(mail.outbox[0])
    assert verify_path.startswith(f"/{language}/account/verify/")
    assert account.email not in verify_path

    # Signing in before the address is confirmed is refused (and a new link is sent).
    refused = login(client, language, account.email)
    assert refused.status_code == 200 and session_account(client) is None

    confirmed = client.get(verify_path)
    assert confirmed.status_code == 200
    account.refresh_from_db()
    assert account.email_verified_at is not None

    signed_in = login(client, language, "AUSBILDUNG@baeckerei.example")
    assert signed_in.status_code == 302
    assert signed_in["Location"] == url("portal_accounts:pending", language)
    waiting = client.get(url("portal_accounts:pending", language))
    assert "Bäckerei Sonnenschein GmbH" in waiting.content.decode()
    assert session_account(client) == account and session_account(client).company is None
    assert AuditEntry.objects.filter(action="portal.account.login", object_id=str(account.pk))

    # The office sees the registration with the look-alike and links it.
    staff = Client()
    staff.force_login(counsellor_a)
    listing = staff.get(reverse("portal_accounts_staff:registrations"))
    assert "Bäckerei Sonnenschein GmbH" in listing.content.decode()
    detail = staff.get(reverse("portal_accounts_staff:registration", args=[registration.pk]))
    body = detail.content.decode()
    assert f'value="{existing.pk}"' in body and "Metallbau Nord" not in body
    companies_before = Company.objects.count()
    done = staff.post(
        reverse("portal_accounts_staff:registration", args=[registration.pk]),
        {"decision": "link", "link-company": existing.pk},
    )
    assert done.status_code == 302
    registration.refresh_from_db()
    account.refresh_from_db()
    assert registration.status == "confirmed" and registration.company == existing
    assert registration.decided_by == counsellor_a and registration.decided_at is not None
    assert account.company == existing
    assert Company.objects.count() == companies_before  # no duplicate
    entry = AuditEntry.objects.get(action="portal.registration.confirmed")
    assert entry.actor == counsellor_a and entry.object_id == str(registration.pk)
    assert mail.outbox[-1].to == [account.email]

    # The same browser session is now a confirmed company user.
    assert session_account(client).company == existing
    assert (
        "Bäckerei Sonnenschein"
        in client.get(url("portal_accounts:pending", language)).content.decode()
    )


def test_office_registers_a_new_company_or_rejects(organisation, counsellor_a, reader_a):
    accounts = [make_account(organisation, f"neu{n}@betrieb.example") for n in range(2)]
    registrations = [
        CompanyRegistration.objects.create(
            organisation=organisation,
            account=a,
            company_name="Tischlerei Holz",
            postal_code="39104",
        )
        for a in accounts
    ]
    reader = Client()
    reader.force_login(reader_a)
    target = reverse("portal_accounts_staff:registration", args=[registrations[0].pk])
    assert reader.post(target, {"decision": "reject", "reject-reason": "x"}).status_code == 403
    staff = Client()
    staff.force_login(counsellor_a)
    response = staff.post(
        target,
        {
            "decision": "create",
            "new-name": "Tischlerei Holz",
            "new-postal_code": "39104",
            "new-place": "",
            "new-size": "small",
            "new-sector": "C",
            "new-training_status": "not_training",
            "new-competent_body": "HWK",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    company = Company.objects.get(name="Tischlerei Holz")
    accounts[0].refresh_from_db()
    assert accounts[0].company == company and company.organisation == organisation
    second = reverse("portal_accounts_staff:registration", args=[registrations[1].pk])
    rejected = staff.post(
        second, {"decision": "reject", "reject-reason": "Kein Ausbildungsbetrieb <b>"}
    )
    assert rejected.status_code == 302
    registrations[1].refresh_from_db()
    accounts[1].refresh_from_db()
    assert registrations[1].status == "rejected" and accounts[1].company is None
    assert AuditEntry.objects.filter(action="portal.registration.rejected").count() == 1
    # A decided registration cannot be decided again.
    again = staff.post(second, {"decision": "link", "link-company": company.pk})
    assert again.status_code == 302
    accounts[1].refresh_from_db()
    assert accounts[1].company is None
    # The rejected account sees the reason, escaped.
    client = Client()
    login(client, "de", accounts[1].email, "Sicheres-Passwort-2026")
    page = client.get(url("portal_accounts:pending", "de")).content.decode()
    assert "Kein Ausbildungsbetrieb &lt;b&gt;" in page


def test_link_to_a_company_of_another_organisation_is_refused(organisation, counsellor_a):
    from kausa.core.tests.factories import OrganisationFactory

    foreign = CompanyFactory(
        organisation=OrganisationFactory(name="Fremde Landesstelle"), name="Bäckerei Sonnenschein"
    )
    account = make_account(organisation, "neu@betrieb.example")
    registration = CompanyRegistration.objects.create(
        organisation=organisation, account=account, company_name="Bäckerei", postal_code="39104"
    )
    staff = Client()
    staff.force_login(counsellor_a)
    response = staff.post(
        reverse("portal_accounts_staff:registration", args=[registration.pk]),
        {"decision": "link", "link-company": foreign.pk},
    )
    assert response.status_code == 200
    account.refresh_from_db()
    registration.refresh_from_db()
    assert account.company is None and registration.status == "pending"


@pytest.mark.parametrize("language", LANGUAGES)
def test_register_answers_the_same_for_known_and_unknown_addresses(language, organisation):
    known = make_account(organisation, "bekannt@betrieb.example")
    password_before = known.password
    client = Client()
    for_unknown = client.post(
        url("portal_accounts:register", language), register_data(email="neu@betrieb.example")
    )
    for_known = client.post(
        url("portal_accounts:register", language), register_data(email="Bekannt@betrieb.example")
    )
    assert (for_known.status_code, for_known["Location"]) == (
        for_unknown.status_code,
        for_unknown["Location"],
    )
    known.refresh_from_db()
    assert known.password == password_before
    assert PortalAccount.objects.count() == 2
    assert CompanyRegistration.objects.filter(account=known).count() == 0
    assert [m.to for m in mail.outbox] == [["neu@betrieb.example"], [known.email]]
    assert "/account/verify/" not in mail.outbox[1].body  # "you already have an account"


@pytest.mark.parametrize("language", LANGUAGES)
def test_reset_request_answers_the_same_and_the_link_works_once(language, organisation):
    known = make_account(organisation, "bekannt@betrieb.example")
    known.language = language  # mails go out in the account's language
    known.save()
    client = Client()
    target = url("portal_accounts:reset_request", language)
    answers = [
        client.post(target, {"email": email, "form_started": started_token()})
        for email in ("unbekannt@betrieb.example", known.email)
    ]
    assert {(a.status_code, a["Location"]) for a in answers} == {
        (302, url("portal_accounts:reset_sent", language))
    }
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [known.email]
    reset_path = link_in(mail.outbox[0])
    assert reset_path.startswith(f"/{language}/account/reset/")
    new_password = "Neues-Geheimes-Wort-77"
    form = {"password": new_password, "password_again": new_password}
    done = client.post(reset_path, {**form, "form_started": started_token()})
    assert done.status_code == 302
    known.refresh_from_db()
    assert known.check_password(new_password)
    reused = client.post(reset_path, {**form, "form_started": started_token()})
    assert reused.status_code == 410
    assert client.get(reset_path).status_code == 410


def test_password_mismatch_and_weak_password_store_nothing(organisation):
    client = Client()
    mismatch = client.post(
        url("portal_accounts:register", "de"), register_data(password_again="Anderes-Wort-2026")
    )
    weak = client.post(
        url("portal_accounts:register", "de"),
        register_data(password="12345678", password_again="12345678"),
    )
    assert mismatch.status_code == weak.status_code == 200
    assert PortalAccount.objects.count() == 0 and CompanyRegistration.objects.count() == 0


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "field,value",
    [
        ("company_name", "<script>alert(1)</script>"),
        ("contact_name", "<b>Maria</b>"),
        ("company_name", "x" * 10_000),
        ("postal_code", "00000"),
        ("postal_code", "abcde"),
        ("email", "kein-email"),
        ("phone", "<img src=x>"),
        ("privacy", ""),
    ],
)
def test_bad_input_is_refused_with_a_message(language, field, value, organisation):
    client = Client()
    response = client.post(
        url("portal_accounts:register", language), register_data(**{field: value})
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert "<script>alert" not in body and "<b>Maria" not in body and "<img src=x>" not in body
    assert PortalAccount.objects.count() == 0 and len(mail.outbox) == 0


def test_sign_in_throttled_per_address_and_email(organisation):
    account = make_account(organisation, "bekannt@betrieb.example")
    client = Client()
    for _ in range(5):
        assert login(client, "de", account.email, "falsch-falsch-falsch").status_code == 200
    blocked = login(client, "ar", account.email, "Sicheres-Passwort-2026")
    assert blocked.status_code == 429
    assert session_account(client) is None
    failures = AuditEntry.objects.filter(action="portal.account.login_failed")
    assert failures.count() == 5 and {e.object_id for e in failures} == {str(account.pk)}
    assert not AuditEntry.objects.filter(object_id__icontains="@").exists()
    # Another address (another client) is not locked out for this email.
    other = Client(REMOTE_ADDR="192.0.2.9")
    assert login(other, "de", account.email, "Sicheres-Passwort-2026").status_code == 302


def test_sign_in_throttled_per_address_over_all_emails(organisation):
    client = Client()
    for n in range(20):
        assert login(client, "de", f"raten{n}@betrieb.example", "falsch").status_code == 200
    assert login(client, "de", "noch-eine@betrieb.example", "falsch").status_code == 429


def test_failed_sign_in_says_the_same_for_unknown_email_and_wrong_password(organisation):
    account = make_account(organisation, "bekannt@betrieb.example")
    client = Client()
    wrong = login(client, "de", account.email, "falsch-falsch-falsch")
    unknown = login(client, "de", "unbekannt@betrieb.example", "falsch-falsch-falsch")
    errors = [
        re.findall(r'<div class="form-errors">.*?</div>', r.content.decode(), re.S)
        for r in (wrong, unknown)
    ]
    assert errors[0] == errors[1] and errors[0]


def test_verify_link_reused_tampered_and_expired(organisation, monkeypatch):
    account = make_account(organisation, "neu@betrieb.example")
    account.email_verified_at = None
    account.save()
    token = tokens.verify_token(account)
    client = Client()
    tampered = client.get(url("portal_accounts:verify", "de", token[:-2] + "xx"))
    assert tampered.status_code == 400
    monkeypatch.setattr(tokens, "VERIFY_MAX_AGE", -1)
    assert client.get(url("portal_accounts:verify", "ar", token)).status_code == 410
    account.refresh_from_db()
    assert account.email_verified_at is None
    monkeypatch.setattr(tokens, "VERIFY_MAX_AGE", 3 * 24 * 3600)
    assert client.get(url("portal_accounts:verify", "de", token)).status_code == 200
    account.refresh_from_db()
    assert account.email_verified_at is not None
    reused = client.get(url("portal_accounts:verify", "de", token))
    assert reused.status_code == 410
    assert AuditEntry.objects.filter(action="portal.account.verified").count() == 1


def test_reset_link_tampered_and_expired(organisation, monkeypatch):
    account = make_account(organisation, "bekannt@betrieb.example")
    token = tokens.reset_token(account)
    client = Client()
    assert client.get(url("portal_accounts:reset", "de", token + "a")).status_code == 400
    monkeypatch.setattr(tokens, "RESET_MAX_AGE", -1)
    data = {"password": "Neues-Geheimes-Wort-77", "password_again": "Neues-Geheimes-Wort-77"}
    expired = client.post(url("portal_accounts:reset", "de", token), data)
    assert expired.status_code == 410
    account.refresh_from_db()
    assert account.check_password("Sicheres-Passwort-2026")


@pytest.mark.parametrize("language", LANGUAGES)
def test_authenticator_app_enable_and_sign_in_with_code(language, organisation):
    company = CompanyFactory(organisation=organisation)
    account = make_account(organisation, "sicher@betrieb.example", company)
    client = Client()
    login(client, language, account.email, "Sicheres-Passwort-2026")
    page = client.get(url("portal_accounts:security", language))
    assert page.status_code == 200 and "<svg" in page.content.decode()
    account.refresh_from_db()
    secret = account.totp_secret
    assert secret and account.totp_enabled_at is None
    # Encrypted at rest: the column does not hold the key.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT totp_secret FROM portal_accounts_portalaccount WHERE id=%s", [account.pk]
        )
        assert secret not in cursor.fetchone()[0]
    totp = TOTP(bytes.fromhex(secret))
    wrong = client.post(
        url("portal_accounts:security", language),
        {"code": "000000" if totp.token() != 0 else "111111"},
    )
    assert wrong.status_code == 200
    account.refresh_from_db()
    assert account.totp_enabled_at is None
    code = f"{totp.token():06d}"
    enabled = client.post(url("portal_accounts:security", language), {"code": code})
    assert enabled.status_code == 302
    account.refresh_from_db()
    assert account.totp_enabled
    assert AuditEntry.objects.filter(action="portal.account.totp_enabled").count() == 1

    fresh = Client()
    first = login(fresh, language, account.email, "Sicheres-Passwort-2026")
    assert first.status_code == 302
    assert first["Location"] == url("portal_accounts:login_code", language)
    assert session_account(fresh) is None  # not signed in before the code
    replay = fresh.post(url("portal_accounts:login_code", language), {"code": code})
    assert replay.status_code == 200 and session_account(fresh) is None  # used already
    account.totp_last_step = 0  # a new time step: the app shows the next code
    account.save(update_fields=["totp_last_step"])
    done = fresh.post(url("portal_accounts:login_code", language), {"code": f"{totp.token():06d}"})
    assert done.status_code == 302
    assert session_account(fresh) == account


def test_code_step_without_password_step_asks_to_sign_in(organisation):
    response = Client().post(url("portal_accounts:login_code", "de"), {"code": "123456"})
    assert response.status_code == 200
    assert reverse("portal_accounts:login") in response.content.decode()


def test_staff_and_portal_sessions_do_not_mix(organisation, counsellor_a):
    company = CompanyFactory(organisation=organisation)
    account = make_account(organisation, "firma@betrieb.example", company)
    portal = Client()
    assert login(portal, "de", account.email, "Sicheres-Passwort-2026").status_code == 302
    for path in (
        "/staff/",
        reverse("portal_accounts_staff:registrations"),
        reverse("companies:list"),
    ):
        response = portal.get(path)
        assert response.status_code == 302 and "/staff/login/" in response["Location"], path
    staff = Client()
    staff.force_login(counsellor_a)
    waiting = staff.get(url("portal_accounts:pending", "de"))
    assert waiting.status_code == 302
    assert waiting["Location"].startswith(url("portal_accounts:login", "de"))
    # Signing out of the portal leaves a staff sign-in in the same browser alone.
    both = Client()
    both.force_login(counsellor_a)
    login(both, "de", account.email, "Sicheres-Passwort-2026")
    assert both.post(url("portal_accounts:logout", "de")).status_code == 302
    assert session_account(both) is None
    assert both.get(reverse("portal_accounts_staff:registrations")).status_code == 200


def test_header_shows_sign_in_state(organisation):
    company = CompanyFactory(organisation=organisation, name="Gärtnerei <Grün>")
    account = make_account(organisation, "firma@betrieb.example", company)
    client = Client()
    anonymous = client.get(url("portal_accounts:login", "de")).content.decode()
    assert f'href="{url("portal_accounts:login", "de")}"' in anonymous
    assert url("portal_accounts:logout", "de") not in anonymous
    login(client, "de", account.email, "Sicheres-Passwort-2026")
    page = client.get(url("portal_accounts:pending", "de")).content.decode()
    assert "Gärtnerei &lt;Grün&gt;" in page and "<Grün>" not in page
    assert f'action="{url("portal_accounts:logout", "de")}"' in page


def test_changed_password_ends_other_sessions(organisation):
    account = make_account(organisation, "firma@betrieb.example")
    client = Client()
    login(client, "de", account.email, "Sicheres-Passwort-2026")
    assert session_account(client) == account
    token = tokens.reset_token(account)
    data = {"password": "Neues-Geheimes-Wort-77", "password_again": "Neues-Geheimes-Wort-77"}
    Client().post(
        url("portal_accounts:reset", "de", token), {**data, "form_started": started_token()}
    )
    assert session_account(client) is None


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("route", ["portal_accounts:login", "portal_accounts:reset_request"])
@pytest.mark.parametrize("email", ["x" * 10_000 + "@betrieb.example", "<b>a@b.de</b>"])
def test_sign_in_and_reset_forms_refuse_bad_input(language, route, email, organisation):
    response = Client().post(
        url(route, language),
        {"email": email, "password": "irgendwas", "form_started": started_token()},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-summary"' in body and "<b>a@b.de" not in body
    assert len(mail.outbox) == 0


def test_password_like_the_email_address_is_refused(organisation):
    response = Client().post(
        url("portal_accounts:register", "de"),
        register_data(
            email="sonnenschein-baeckerei@example.de",
            password="sonnenschein-baeckerei",
            password_again="sonnenschein-baeckerei",
        ),
    )
    assert response.status_code == 200
    assert PortalAccount.objects.count() == 0


def test_office_search_offers_more_companies_to_link(organisation, counsellor_a):
    other = CompanyFactory(organisation=organisation, name="Holzwerkstatt Meyer")
    account = make_account(organisation, "neu@betrieb.example")
    registration = CompanyRegistration.objects.create(
        organisation=organisation, account=account, company_name="Tischlerei", postal_code="39104"
    )
    staff = Client()
    staff.force_login(counsellor_a)
    target = reverse("portal_accounts_staff:registration", args=[registration.pk])
    assert f'value="{other.pk}"' not in staff.get(target).content.decode()
    assert f'value="{other.pk}"' in staff.get(target, {"q": "holzwerk"}).content.decode()
    unverified = make_account(organisation, "offen@betrieb.example")
    unverified.email_verified_at = None
    unverified.save()
    CompanyRegistration.objects.create(
        organisation=organisation,
        account=unverified,
        company_name="Unbestätigt",
        postal_code="39104",
    )
    listing = staff.get(reverse("portal_accounts_staff:registrations")).content.decode()
    assert "Tischlerei" in listing and "Unbestätigt" not in listing


def test_office_sees_only_its_organisations_registrations(organisation, counsellor_a, outsider):
    own = make_account(organisation, "eigen@betrieb.example")
    CompanyRegistration.objects.create(
        organisation=organisation, account=own, company_name="Eigener Betrieb", postal_code="39104"
    )
    foreign_account = make_account(outsider.organisation, "fremd@betrieb.example")
    foreign = CompanyRegistration.objects.create(
        organisation=outsider.organisation,
        account=foreign_account,
        company_name="Fremder Betrieb",
        postal_code="39104",
    )
    staff = Client()
    staff.force_login(counsellor_a)
    listing = staff.get(reverse("portal_accounts_staff:registrations")).content.decode()
    assert "Eigener Betrieb" in listing and "Fremder Betrieb" not in listing
    target = reverse("portal_accounts_staff:registration", args=[foreign.pk])
    assert staff.get(target).status_code == 404
    assert staff.post(target, {"decision": "reject", "reject-reason": "x"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "pending"
