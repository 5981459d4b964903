"""Stored markup never comes back as markup on a portal page.

Every portal route's records are built, then every free-text column of every row is
overwritten with payloads (a script tag, an onerror image, htmx attributes, a meta refresh…,
kausa/core/tests/test_payload_everywhere.py), and each page is requested by the role that may
see it, in German and Arabic. A page that showed no payload at all would prove nothing, so the
count of pages showing escaped payloads must be high.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from kausa.core.tests.test_payload_everywhere import Findings, fill_everything
from kausa.portal.tests import matrix_registry
from kausa.portal.tests.test_portal_matrix import PORTAL_MATRIX
from kausa.portal.tests.world import PASSWORD, build_world, client_for

pytestmark = pytest.mark.django_db

SHOWS_STORED_TEXT = {
    "portal_places:detail",
    "portal_business:home",
    "portal_business:place_edit",
    "portal_proposals:detail",
    "portal_mydata:overview",
}

# Who requests a route of each policy: a role the matrix lets in.
ROLE_OF_POLICY = {
    "public": "anonymous",
    "person": "young_person",
    "account": "company_user",
    "company": "company_user",
    "company_object": "company_user",
}


def test_no_stored_payload_comes_back_as_markup_on_the_portal(organisation, office_a, counsellor_a):
    world = build_world(organisation, office_a, counsellor_a)
    requests = []
    for route, (kind, methods) in sorted(PORTAL_MATRIX.items()):
        if "get" not in methods:
            continue
        records = matrix_registry.portal_records(kind, world)
        requests.append((route, records[kind] if kind else [], ROLE_OF_POLICY[methods["get"]]))
    filled = fill_everything()
    for account in (world.account, world.other_account, world.pending_account):
        # The password column holds a payload now, too: a real hash again, so they sign in.
        account.refresh_from_db()
        account.set_password(PASSWORD)
        account.save(update_fields=["password"])
    findings = Findings()
    showing: set[str] = set()
    for language in ("de", "ar"):
        for route, args, role in requests:
            with translation.override(language):
                path = reverse(route, args=args)
            client = client_for(role, world)
            before = findings.with_escaped_payload
            findings.check(role, path, client.get(path, secure=True), None)
            if findings.with_escaped_payload > before:
                showing.add(route)
    assert findings.problems == [], "\n".join(findings.problems)
    assert len(filled.fields) >= 40
    # The pages that show stored text really showed the payloads (escaped): otherwise this
    # test would prove nothing about them.
    assert showing >= SHOWS_STORED_TEXT, sorted(SHOWS_STORED_TEXT - showing)
