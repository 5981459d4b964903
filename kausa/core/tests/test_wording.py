"""Names the German texts must not use any more."""

from __future__ import annotations

import json
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest

ROOT = Path(__file__).resolve().parents[3]
# KAUSA-Servicestellen ended in 2022 (now KAUSA-Landesstellen and others): texts name the
# office by its own name or neutrally as "KAUSA-Stelle".
RETIRED = ("Servicestelle",)


def _german_catalogue() -> list[str]:
    catalogue = polib.pofile(str(ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"))
    return [
        text
        for entry in catalogue
        for text in (entry.msgstr, *entry.msgstr_plural.values())
        if text
    ]


def _german_seed_texts() -> list[str]:
    texts = []
    for path in sorted((ROOT / "kausa" / "chains" / "seed").glob("*.json")):
        texts.append(path.read_text(encoding="utf-8"))
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["title"]["de"]
    return texts


def _templates_and_code() -> list[str]:
    return [
        path.read_text(encoding="utf-8")
        for pattern in ("*.html", "*.txt", "*.py")
        for path in (ROOT / "kausa").rglob(pattern)
        if path.name != "test_wording.py"
    ]


@pytest.mark.parametrize(
    "source", [_german_catalogue, _german_seed_texts, _templates_and_code], ids=lambda f: f.__name__
)
def test_no_retired_office_names(source):
    found = [text[:120] for text in source() for word in RETIRED if word in text]
    assert found == []


def test_the_scan_sees_the_catalogue():
    # A scan over an empty or unreadable catalogue would pass anything.
    texts = _german_catalogue()
    assert len(texts) > 1000
    assert "Ihre KAUSA-Stelle" in texts
