"""The occupation as a search field: a text input with a list of suggestions (`<datalist>`),
resolved on the server by `kausa.reference.occupations.search` (seven languages, synonyms,
typos). The cleaned value stays an `Occupation`; text that names no occupation or several
gets a German message naming the candidates, and nothing is saved. Works without
JavaScript (the browser shows the datalist; the server decides).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from kausa.core.models import Occupation
from kausa.reference import occupations as reference
from kausa.reference.occupation_search import LANGUAGES as SEARCH_LANGUAGES
from kausa.reference.occupation_search import OccupationMatch

# A suggestion reads "Koch/Köchin · KldB 29302 Speisenzubereitung"; the code identifies it.
_CODE_IN_LABEL = re.compile(r"·\s*KldB\s+(\d{5})\b")
# A clear winner: the best match scores this much and leads the next by this margin.
CLEAR_SCORE, CLEAR_LEAD = 90.0, 5.0
FAIR_SCORE, FAIR_LEAD = 75.0, 10.0  # a typo ("Baecker") far ahead of anything else
EXACT_SCORE = 100.0
MAX_CANDIDATES = 5


def kldb_group(code: str) -> str:
    """The KldB 2010 occupational group (three digits) of a five-digit code, as a title."""
    return reference.kldb_title(code[:3]) or ""


def occupation_label(occupation: Occupation) -> str:
    group = kldb_group(occupation.kldb_code)
    return f"{occupation.name} · KldB {occupation.kldb_code}" + (f" {group}" if group else "")


class OccupationSearchInput(forms.TextInput):
    """A text input bound to a datalist of the offered occupations."""

    template_name = "core/widgets/occupation_search.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "off", "spellcheck": "false", **(attrs or {})})
        self.options: Iterable[str] = ()

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["list_id"] = f"{widget['attrs'].get('id') or name}_options"
        widget["attrs"]["list"] = widget["list_id"]
        widget["options"] = self.options
        return context


class OccupationSearchField(forms.Field):
    widget = OccupationSearchInput
    default_error_messages = {
        "not_found": _("No training occupation found for “%(text)s”. Check the spelling."),
        "ambiguous": _(
            "“%(text)s” fits several training occupations: %(candidates)s. "
            "Choose one of the suggestions."
        ),
    }

    def __init__(self, *, queryset: QuerySet[Occupation] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "help_text",
            _("Type a name in any language of the portal and choose from the suggestions."),
        )
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Occupation.objects.all()

    def __deepcopy__(self, memo: dict[int, Any]) -> OccupationSearchField:
        result = super().__deepcopy__(memo)
        assert isinstance(result, OccupationSearchField)
        result.queryset = self.queryset.all()
        return result

    @property
    def queryset(self) -> QuerySet[Occupation]:
        return self._queryset

    @queryset.setter
    def queryset(self, queryset: QuerySet[Occupation]) -> None:
        self._queryset = queryset
        self._offered: list[Occupation] | None = None
        if isinstance(self.widget, OccupationSearchInput):
            self.widget.options = _LazyLabels(self)

    def offered(self) -> list[Occupation]:
        if self._offered is None:
            self._offered = list(self.queryset.order_by("name"))
        return self._offered

    def prepare_value(self, value: Any) -> Any:
        """An Occupation or its primary key (initial data) shows as its label; typed text stays."""
        if isinstance(value, Occupation):
            return occupation_label(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            found = next((o for o in self.offered() if str(o.pk) == str(value)), None)
            if found is not None:
                return occupation_label(found)
        return value

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            value = self.to_python(data)
        except forms.ValidationError:
            return True
        before = initial.pk if isinstance(initial, Occupation) else initial
        return str(before or "") != str(value.pk if value is not None else "")

    def to_python(self, value: Any) -> Occupation | None:
        if isinstance(value, Occupation):
            return value
        text = " ".join(str(value or "").split())
        if not text:
            return None
        offered = self.offered()
        if text.isdigit():  # a primary key, as older forms and scripts post it
            by_pk = [o for o in offered if str(o.pk) == text]
            if by_pk:
                return by_pk[0]
            raise forms.ValidationError(
                self.error_messages["not_found"], code="not_found", params={"text": text}
            )
        if code := _CODE_IN_LABEL.search(text):
            same_code = [o for o in offered if o.kldb_code == code.group(1)]
            exact = [o for o in same_code if occupation_label(o) == text]
            if len(exact) == 1:
                return exact[0]
            name = text.split("·")[0].strip()
            named = [o for o in same_code if o.name == name]
            if len(named) == 1:
                return named[0]
            text = name
        by_name = [o for o in offered if o.name.casefold() == text.casefold()]
        if len(by_name) == 1:
            return by_name[0]
        return self._search(text, offered)

    def _search(self, text: str, offered: list[Occupation]) -> Occupation:
        by_key = {o.key: o for o in offered}
        matches = _search_all_languages(text, set(by_key))
        if not matches:
            raise forms.ValidationError(
                self.error_messages["not_found"], code="not_found", params={"text": text}
            )
        best = matches[0]
        runner_up = matches[1].score if len(matches) > 1 else 0.0
        exact = best.score >= EXACT_SCORE > runner_up  # the one name typed in full
        lead = best.score - runner_up
        clear = (best.score >= CLEAR_SCORE and lead >= CLEAR_LEAD) or (
            best.score >= FAIR_SCORE and lead >= FAIR_LEAD
        )
        if len(matches) == 1 or exact or clear:
            return by_key[best.occupation.key]
        names = []
        for match in matches:
            name = by_key[match.occupation.key].name
            if name not in names:
                names.append(name)
        raise forms.ValidationError(
            self.error_messages["ambiguous"],
            code="ambiguous",
            params={"text": text, "candidates": "; ".join(names[:MAX_CANDIDATES])},
        )


def _search_all_languages(text: str, keys: set[str]) -> list[OccupationMatch]:
    """The best match per occupation over the portal's languages, the user's own first: a
    counsellor may type the person's word (Arabic, Farsi, …) in a German interface."""
    own = (get_language() or "de").split("-")[0]
    languages = [own, *(code for code in SEARCH_LANGUAGES if code != own)]
    best: dict[str, OccupationMatch] = {}
    for language in languages:
        for match in reference.search(text, language, limit=20):
            key = match.occupation.key
            if key in keys and (key not in best or match.score > best[key].score):
                best[key] = match
    return sorted(best.values(), key=lambda match: -match.score)


class _LazyLabels:
    """The datalist's entries, read from the database only when the widget is drawn."""

    def __init__(self, field: OccupationSearchField) -> None:
        self.field = field

    def __iter__(self) -> Iterator[str]:
        return iter([occupation_label(o) for o in self.field.offered()])
