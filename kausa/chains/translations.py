"""Translation states of chain texts: complete, outdated or missing per language.

Each language's entry in a template's or step's ``texts`` keeps, under ``source``, a digest
of the German text it was translated from. When the German text changes, the digest no
longer matches and the translation counts as outdated until someone saves it again. An
entry without a digest (written before digests existed) counts as translated from the
German as it stands; the first save after a German change records the old German for it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from typing import Any, Literal

from kausa.chains.models import HANDOUT_LANGUAGES

TranslationState = Literal["complete", "outdated", "missing"]
SOURCE_KEY = "source"
TEMPLATE_TEXT_FIELDS = ("title", "summary")
STEP_TEXT_FIELDS = ("title", "description", "documents")
TRANSLATED_LANGUAGES = [code for code, _name in HANDOUT_LANGUAGES if code != "de"]


def german_digest(texts: dict[str, Any], fields: tuple[str, ...]) -> str:
    """A short digest of the German text fields (only what a translation renders)."""
    german = texts.get("de") or {}
    content = {name: german.get(name) or "" for name in fields}
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()[:16]


def _is_complete(entry: dict[str, Any], german: dict[str, Any], fields: tuple[str, ...]) -> bool:
    """Every field the German text has is there (documents: as many entries)."""
    for name in fields:
        if not german.get(name):
            continue
        value = entry.get(name)
        if not value:
            return False
        if isinstance(german[name], list) and len(value) != len(german[name]):
            return False
    return True


def language_state(
    texts: dict[str, Any], language: str, fields: tuple[str, ...]
) -> TranslationState:
    entry = texts.get(language)
    german = texts.get("de") or {}
    if not isinstance(entry, dict) or not _is_complete(entry, german, fields):
        return "missing"
    source = entry.get(SOURCE_KEY)
    if source is None or source == german_digest(texts, fields):
        return "complete"
    return "outdated"


def translation_states(texts: dict[str, Any], fields: tuple[str, ...]) -> dict[str, str]:
    """The state of every hand-out language except German (the source of all others)."""
    return {code: language_state(texts, code, fields) for code in TRANSLATED_LANGUAGES}


def _content(entry: dict[str, Any] | None) -> dict[str, Any]:
    return {key: value for key, value in (entry or {}).items() if key != SOURCE_KEY}


def stamp_translations(
    old_texts: dict[str, Any],
    new_texts: dict[str, Any],
    fields: tuple[str, ...],
    confirmed: Collection[str] = (),
) -> dict[str, Any]:
    """The new texts with each translation's digest: a translation that was changed or
    confirmed now is stamped with the current German; an unchanged one keeps its digest
    (an entry without one is taken as translated from the German before this save)."""
    current = german_digest(new_texts, fields)
    previous = german_digest(old_texts, fields)
    stamped: dict[str, Any] = {}
    for language, entry in new_texts.items():
        entry = _content(entry)
        if language != "de":
            old_entry = old_texts.get(language)
            if language in confirmed or _content(old_entry) != entry:
                entry[SOURCE_KEY] = current
            else:
                entry[SOURCE_KEY] = (old_entry or {}).get(SOURCE_KEY, previous)
        stamped[language] = entry
    return stamped


def stamp_all(texts: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """Every translation stamped as made from the current German (shipped seeds)."""
    return stamp_translations({}, texts, fields, confirmed=set(texts))
