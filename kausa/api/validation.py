"""API input goes through the app's own forms, so it meets the same rules and German messages
as the staff pages (postal codes, dates, seats …). The schemas only check types; a form that
does not validate raises a Django `ValidationError`, which answers 422 naming each field."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from pydantic import AfterValidator, Field

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

F = TypeVar("F", bound="DataclassInstance")


def _no_null_character(value: str) -> str:
    if "\x00" in value:
        raise ValueError("null characters are not allowed")
    return value


# Free text in query strings and bodies: the database refuses null characters.
Text = Annotated[str, AfterValidator(_no_null_character)]
ShortText = Annotated[str, Field(max_length=200), AfterValidator(_no_null_character)]


def check_form(form: forms.BaseForm, rename: Mapping[str, str] | None = None) -> None:
    """Raise the form's errors (field names as the API spells them) unless it is valid."""
    if form.is_valid():
        return
    rename = rename or {}
    errors: dict[str, list[ValidationError]] = {}
    for name, field_errors in form.errors.as_data().items():
        errors.setdefault(rename.get(name, name), []).extend(field_errors)
    raise ValidationError(errors)


def check_formset(formset: forms.BaseFormSet[Any], field: str) -> None:
    """Raise the rows' errors as errors of the one list field `field`."""
    if formset.is_valid():
        return
    errors: list[ValidationError] = list(formset.non_form_errors().as_data())
    for form in formset.forms:
        for row_errors in form.errors.as_data().values():
            errors.extend(row_errors)
    raise ValidationError({field: errors})


def check_all(*checks: Callable[[], None]) -> None:
    """Run every check and raise all their field errors together, so one answer names every
    field that needs fixing."""
    errors: dict[str, list[ValidationError]] = {}
    for check in checks:
        try:
            check()
        except ValidationError as error:
            for name, field_errors in error.update_error_dict({}).items():
                errors.setdefault(name, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)


def formset_data(prefix: str, rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The POST data a formset expects for `rows`."""
    rows = list(rows)
    data: dict[str, Any] = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{index}-{name}"] = value
    return data


def patched(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """PATCH semantics: the stored values, overwritten by the fields the request sent."""
    return {**current, **changes}


def list_filters(filters_class: type[F], form: forms.Form) -> F:
    """A list selector's typed filters from its filter form; invalid filters answer 422 (a
    filter that silently matched everything would be worse than an error)."""
    check_form(form)
    names = {field.name for field in dataclasses.fields(filters_class)}
    values = {name: value for name, value in form.cleaned_data.items() if name in names}
    return filters_class(**values)
