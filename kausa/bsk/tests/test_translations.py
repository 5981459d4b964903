"""Every message of the app has a German translation in the catalogue."""

from __future__ import annotations

import ast
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[1]
CATALOGUE = APP.parents[1] / "locale" / "de" / "LC_MESSAGES" / "django.po"
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext"}
TRANSLATE = re.compile(r'{% translate "([^"]+)" %}')
BLOCK = re.compile(r"{% blocktranslate[^%]*%}(.*?){% (?:plural|endblocktranslate) %}", re.S)
VARIABLE = re.compile(r"{{ (\w+) }}")


def catalogue() -> dict[str, str]:
    """msgid → first msgstr of the German catalogue (multi-line strings joined)."""
    found: dict[str, str] = {}
    for block in CATALOGUE.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?) "(.*)"$', line)
            if match:
                current = match.group(1).replace("[0]", "")
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" in fields:
            found[fields["msgid"].replace('\\"', '"')] = fields.get("msgstr", "")
    return found


def app_messages() -> set[str]:
    messages = set()
    for path in APP.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in GETTEXT_NAMES
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                messages.add(node.args[0].value)
    for path in APP.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        messages |= set(TRANSLATE.findall(text))
        messages |= {VARIABLE.sub(r"%(\1)s", block) for block in BLOCK.findall(text)}
    return messages


def test_every_message_has_a_german_translation():
    known = catalogue()
    messages = app_messages()
    assert len(messages) > 40  # the extraction found the app's texts
    missing = sorted(message for message in messages if not known.get(message))
    assert missing == []
