"""Every shipped seed is translated into all seven hand-out languages."""

from __future__ import annotations

import json

from kausa.chains.models import HANDOUT_LANGUAGES
from kausa.chains.services.templates import SEED_DIR

LANGUAGES = [code for code, _name in HANDOUT_LANGUAGES]


def _gaps(path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    gaps = []
    for name in ("title", "summary"):
        gaps += [f"{name}.{code}" for code in LANGUAGES if not data[name].get(code)]
    for step in data["steps"]:
        for name in ("title", "description"):
            texts = step.get(name) or {}
            gaps += [f"{step['key']}.{name}.{code}" for code in LANGUAGES if not texts.get(code)]
        documents = step.get("documents") or {}
        german = documents.get("de") or []
        for code in LANGUAGES:
            translated = documents.get(code) or []
            if len(translated) != len(german) or not all(translated):
                gaps.append(f"{step['key']}.documents.{code}")
    return gaps


def test_seed_complete_in_seven_languages():
    seeds = sorted(SEED_DIR.glob("*.json"))
    assert seeds
    gaps = {path.stem: _gaps(path) for path in seeds}
    assert {stem: found for stem, found in gaps.items() if found} == {}
