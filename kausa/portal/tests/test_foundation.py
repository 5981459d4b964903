"""The portal's entry points: language choice, the switch that keeps the page, the staff
app's move to /staff/ with redirects, and the bot checks every public form inherits."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info

from kausa.portal.bots import BotCheckedForm, started_token, throttle
from kausa.portal.models import ThrottleHit
from kausa.portal.navigation import MAIN_NAVIGATION

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("header", "expected"),
    [("ar,en;q=0.5", "/ar/"), ("fa-IR", "/fa/"), ("uk", "/uk/"), ("fr,it", "/de/"), ("", "/de/")],
)
def test_root_sends_the_visitor_to_the_portal_in_the_browsers_language(client, header, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302 and response["Location"] == expected


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("de", "ltr"),
        ("en", "ltr"),
        ("ar", "rtl"),
        ("uk", "ltr"),
        ("ru", "ltr"),
        ("tr", "ltr"),
        ("fa", "rtl"),
    ],
)
def test_every_portal_language_sets_lang_and_direction(client, language, direction):
    html = client.get(f"/{language}/").content.decode()
    assert f'<html lang="{language}" dir="{direction}">' in html


def test_the_language_switch_keeps_the_page_and_its_query(client):
    html = client.get("/ar/?q=Koch").content.decode()
    links = dict(re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang', html))
    assert {language: url for url, language in links.items()} == {
        code: f"/{code}/?q=Koch" for code in ("de", "en", "ar", "uk", "ru", "tr", "fa")
    }
    assert f'aria-current="true">{get_language_info("ar")["name_local"]}' in html


def test_the_home_page_speaks_arabic(client):
    html = client.get("/ar/").content.decode()
    assert "التدريب المهني في ألمانيا" in html
    assert "Training in Germany" not in html


def test_every_navigation_entry_resolves_in_every_language():
    for language in ("de", "ar", "fa"):
        with translation.override(language):
            for name, _label in MAIN_NAVIGATION:
                assert reverse(name).startswith(f"/{language}/"), name


def test_old_staff_addresses_redirect_and_keep_the_query(client, counsellor_a):
    response = client.get("/people/?q=Amira&page=2")
    assert response.status_code == 301 and response["Location"] == "/staff/people/?q=Amira&page=2"
    # A form sent to an old address keeps its method (308), so nothing is silently dropped.
    response = client.post("/people/new/", {"first_name": "X"})
    assert response.status_code == 308 and response["Location"] == "/staff/people/new/"


def test_the_staff_app_lives_under_staff_and_offers_german_and_english_only(client, counsellor_a):
    assert reverse("workbench:dashboard") == "/staff/"
    assert client.get("/staff/")["Location"].startswith("/staff/login/")
    client.force_login(counsellor_a)
    html = client.get("/staff/").content.decode()
    options = re.findall(r'<option value="(\w+)"[^>]*lang=', html)
    assert options == ["de", "en"]
    # An Arabic cookie does not turn the staff app Arabic (it has no Arabic translation).
    client.cookies["django_language"] = "ar"
    assert '<html lang="de"' in client.get("/staff/").content.decode()


class ContactForm(BotCheckedForm):
    name = forms.CharField()


def test_the_honeypot_refuses_a_filled_trap():
    form = ContactForm(
        {"name": "Amira", "website": "http://spam.example", "form_started": started_token()}
    )
    assert not form.is_valid()
    assert ContactForm({"name": "Amira", "form_started": started_token()}).is_valid()


def test_a_form_sent_faster_than_a_person_types_is_refused(settings):
    settings.PORTAL_MIN_SUBMIT_SECONDS = 30
    form = ContactForm({"name": "Amira", "form_started": started_token()})
    assert not form.is_valid() and "zu schnell" in str(form.non_field_errors())


def test_a_missing_or_forged_start_time_is_refused():
    assert not ContactForm({"name": "Amira"}).is_valid()
    assert not ContactForm({"name": "Amira", "form_started": "1700000000:forged"}).is_valid()


def test_throttling_counts_per_address_and_scope():
    factory = RequestFactory()
    first = factory.post("/de/", REMOTE_ADDR="203.0.113.5")
    other = factory.post("/de/", REMOTE_ADDR="203.0.113.9")
    assert [throttle(first, "test.scope", limit=3, window_seconds=60) for _ in range(4)] == [
        False,
        False,
        False,
        True,
    ]
    assert throttle(other, "test.scope", limit=3, window_seconds=60) is False
    assert throttle(first, "another.scope", limit=3, window_seconds=60) is False
    # The address itself is not stored, only a keyed hash of it.
    assert not ThrottleHit.objects.filter(client_key__contains="203.0.113").exists()


def test_a_missing_portal_page_answers_in_the_visitors_language_without_staff_links(client):
    response = client.get("/ar/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="ar" dir="rtl">' in html and "/staff/" not in html
    assert 'href="/ar/"' in html
    staff = client.get("/staff/no-such-page/").content.decode()
    assert '<html lang="de"' in staff and "KAUSA Hub" in staff
