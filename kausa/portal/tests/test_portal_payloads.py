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
from kausa.portal.tests.world import build_world, client_for

pytestmark = pytest.mark.django_db

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
    findings = Findings()
    for language in ("de", "ar"):
        for route, args, role in requests:
            with translation.override(language):
                path = reverse(route, args=args)
            client = client_for(role, world)
            findings.check(role, path, client.get(path, secure=True), None)
    assert findings.problems == [], "\n".join(findings.problems)
    assert len(filled.fields) >= 40
    # Places, company pages, proposals, my data and content pages showed the payloads.
    assert findings.with_escaped_payload >= 20, findings.with_escaped_payload
