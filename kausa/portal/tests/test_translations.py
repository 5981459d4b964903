"""Every string the portal shows is translated into all its languages: a msgid used by a portal
template or portal code that is missing, empty or fuzzy in a catalogue fails here.

Portal code is everything under kausa/portal except the staff side (paths with "staff"), tests,
migrations, app names and audit labels (those are the staff's, in German and English like the
staff app). Of the models only the choices count: field names appear on staff pages, choice
labels (a place's publication state, a reason) also on the portal.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils.translation.template import templatize

PORTAL = Path(settings.BASE_DIR) / "kausa" / "portal"
CATALOGUE_LANGUAGES = [code for code in settings.PORTAL_LANGUAGES if code != "en"]  # en: source
LITERAL = r"u?'(?:[^'\\]|\\.)*'"
TEMPLATE_CALL = re.compile(
    rf"\b(gettext|pgettext|ngettext|npgettext)\(\s*({LITERAL})(?:\s*,\s*({LITERAL}))?"
    rf"(?:\s*,\s*({LITERAL}))?"
)
GETTEXT_NAMES = {
    "_": "gettext",
    "gettext": "gettext",
    "gettext_lazy": "gettext",
    "pgettext": "pgettext",
    "pgettext_lazy": "pgettext",
    "ngettext": "ngettext",
    "ngettext_lazy": "ngettext",
    "npgettext": "npgettext",
    "npgettext_lazy": "npgettext",
}


def portal_files(suffix: str) -> list[Path]:
    return [
        path
        for path in sorted(PORTAL.rglob(f"*{suffix}"))
        if not {"tests", "migrations"} & set(path.parts)
        and "staff" not in str(path.relative_to(PORTAL))
        and path.name not in ("audit_actions.py", "apps.py")
    ]


def _key(kind: str, strings: list[str]) -> tuple[str, str]:
    """(context, msgid) of a call."""
    if kind in ("pgettext", "npgettext"):
        return strings[0], strings[1]
    return "", strings[0]


def template_msgids(path: Path) -> set[tuple[str, str]]:
    found = set()
    for match in TEMPLATE_CALL.finditer(templatize(path.read_text(), origin=str(path))):
        strings = [ast.literal_eval(s.removeprefix("u")) for s in match.groups()[1:] if s]
        found.add(_key(match.group(1), strings))
    return found


def _choice_classes(tree: ast.Module) -> list[ast.AST]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        and any(
            getattr(base, "attr", getattr(base, "id", "")).endswith("Choices")
            for base in node.bases
        )
    ]


def python_msgids(path: Path) -> set[tuple[str, str]]:
    found = set()
    tree = ast.parse(path.read_text())
    scopes = _choice_classes(tree) if path.name == "models.py" else [tree]
    for node in (inner for scope in scopes for inner in ast.walk(scope)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        kind = GETTEXT_NAMES.get(str(name))
        strings = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
        if kind and strings and all(isinstance(s, str) for s in strings):
            found.add(_key(kind, strings))
    return found


def portal_msgids() -> dict[tuple[str, str], str]:
    """(context, msgid) → the first file that uses it."""
    used: dict[tuple[str, str], str] = {}
    for path in portal_files(".html") + portal_files(".txt"):
        for key in template_msgids(path):
            used.setdefault(key, str(path.relative_to(settings.BASE_DIR)))
    for path in portal_files(".py"):
        for key in python_msgids(path):
            used.setdefault(key, str(path.relative_to(settings.BASE_DIR)))
    return used


def test_the_portal_uses_strings_at_all():
    # A broken extraction (nothing found) must not pass as "everything translated".
    assert len(portal_msgids()) > 50


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_every_portal_string_is_translated(language):
    catalogue = polib.pofile(
        str(Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po")
    )
    entries = {(entry.msgctxt or "", entry.msgid): entry for entry in catalogue}
    problems = []
    for key, where in sorted(portal_msgids().items()):
        entry = entries.get(key)
        if entry is None:
            problems.append(f"missing: {key[1]!r} ({where})")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {key[1]!r} ({where})")
        elif not (entry.msgstr or any(entry.msgstr_plural.values())):
            problems.append(f"untranslated: {key[1]!r} ({where})")
    assert problems == [], f"{len(problems)} portal strings in {language}:\n" + "\n".join(problems)
