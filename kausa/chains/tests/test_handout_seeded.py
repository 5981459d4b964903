"""A shipped chain renders as hand-out in every language, with notices where texts lack."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from kausa.chains.handout import build_handout
from kausa.chains.handout_pdf import render_handout
from kausa.chains.models import HANDOUT_LANGUAGES, ChainTemplate
from kausa.chains.services.runs import chain_run_start
from kausa.chains.services.templates import templates_seed
from kausa.core.tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", [code for code, _name in HANDOUT_LANGUAGES])
def test_a_seeded_chain_renders_in_every_language(organisation, counsellor_a, language):
    templates_seed(organisation)
    chain = ChainTemplate.objects.get(organisation=organisation, key="refugee-apprentice-company")
    run = chain_run_start(
        actor=counsellor_a,
        template=chain,
        company=CompanyFactory(organisation=organisation),
        language=language,
        context={"residence_status": "tolerated", "lives_abroad": False},
    )
    handout = build_handout(run)
    reader = PdfReader(io.BytesIO(render_handout(run)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert chain.title("de") in text
    for part in handout.steps:
        if part.notice is not None:  # a missing or outdated step is named, not hidden
            assert part.notice.german.split(".")[0] in text
    if language == "de":
        assert all(part.notice is None for part in handout.steps)
