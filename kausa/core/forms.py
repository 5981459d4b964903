"""Form pieces shared by the domains."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kausa.core.form_rendering import EMPTY_CHOICE_LABEL
from kausa.core.geo import district_of_place
from kausa.core.models import District
from kausa.reference import gazetteer


class PostalCodeField(forms.CharField):
    """A German postal code that must exist in the gazetteer; cleans to the gazetteer entry."""

    default_error_messages = {
        "unknown": _("The postal code %(code)s does not exist in Germany."),
        "format": _("Enter a postal code of five digits."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 5)
        kwargs.setdefault("min_length", None)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "postal-code"})

    def clean(self, value: Any) -> str:
        code: str = super().clean(value).strip()
        if not code:
            return code
        if len(code) != 5 or not code.isdigit():
            raise forms.ValidationError(self.error_messages["format"], code="format")
        if gazetteer.lookup(code) is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"code": code}
            )
        return code


MULTI_DISTRICT_MESSAGE = _(
    "This postal code belongs to several districts – please choose the district."
)


class DistrictChoiceMixin(forms.BaseForm):
    """Adds a required "district" select to a form with ``postal_code`` and ``place`` when the
    postal code spans several districts (main first, each with its places).

    Works without JavaScript: a form posted with such a code comes back once with the select,
    preselected with the district the entered place lies in. An unbound form shows it for the
    code in ``initial`` (editing), with ``initial["district"]`` selected. The chosen district
    goes to the service through :meth:`district_data`, which validates it again.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._district_spans = gazetteer.districts_for(self._value_of("postal_code"))
        if len(self._district_spans) < 2:
            return
        choices = [("", EMPTY_CHOICE_LABEL)] + [
            (span.district.key, _district_label(span)) for span in self._district_spans
        ]
        self.fields["district"] = forms.CharField(
            label=_("district"), required=False, widget=forms.Select(choices=choices)
        )
        order = [name for name in self.fields if name != "district"]
        after = order.index("place") + 1 if "place" in order else len(order)
        self.order_fields([*order[:after], "district", *order[after:]])

    def _value_of(self, name: str) -> str:
        value = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
        return value.strip() if isinstance(value, str) else ""

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if "district" not in self.fields:
            return cleaned
        keys = [span.district.key for span in self._district_spans]
        chosen = cleaned.get("district") or ""
        if chosen in keys:
            cleaned["district"] = District.objects.get(pk=chosen)
            return cleaned
        cleaned["district"] = None
        self.add_error("district", forms.ValidationError(MULTI_DISTRICT_MESSAGE, code="choose"))
        guess = district_of_place(self._value_of("postal_code"), self._value_of("place"))
        if guess:  # preselect the district the entered place lies in
            # A QueryDict copy keeps multiple values (e.g. the languages of a company).
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            data[self.add_prefix("district")] = guess
            self.data = data
        return cleaned

    def district_data(self) -> dict[str, Any]:
        """``{"district": District}`` if one was chosen, for the service's ``data``."""
        district = self.cleaned_data.get("district") if "district" in self.fields else None
        return {"district": district} if district is not None else {}


def _district_label(span: gazetteer.PostalCodeDistrict) -> str:
    """The district with the code's places in it, e.g. "Landkreis Börde (Calvörde)"."""
    places = ", ".join(p for p in span.places if p != span.district.name)
    return f"{span.district.name} ({places})" if places else span.district.name


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField[Any]):
    """Rejects ids beyond the database's integer range with the usual message, not a 500."""

    MAX_ID = 2**63 - 1

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if str(pk).isdigit() and int(pk) > self.MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class SearchFilterForm(forms.Form):
    """Base of the list filters: a free-text query; domains add their own filters."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    include_archived = forms.BooleanField(label=_("include archived"), required=False)


class ContactForm(forms.Form):
    """A contact person of a company or partner; a row left empty is ignored."""

    name = forms.CharField(label=_("name"), max_length=150, required=False)
    role = forms.CharField(label=_("role"), max_length=100, required=False)
    email = forms.EmailField(label=_("email"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        filled = any(cleaned.get(name) for name in ("role", "email", "phone"))
        if filled and not cleaned.get("name"):
            self.add_error("name", _("Enter the name of the contact person."))
        return cleaned


class BaseContactFormSet(forms.BaseFormSet[ContactForm]):
    def contacts(self) -> list[dict[str, str]]:
        return [
            {name: form.cleaned_data.get(name, "") for name in ("name", "role", "email", "phone")}
            for form in self.forms
            if form.cleaned_data.get("name")
        ]


MAX_CONTACTS = 10


def contact_formset(
    data: Any = None, initial: Sequence[Mapping[str, object]] = ()
) -> BaseContactFormSet:
    initial = list(initial)
    formset_class = forms.formset_factory(
        ContactForm,
        formset=BaseContactFormSet,
        extra=max(2, 3 - len(initial)),
        max_num=MAX_CONTACTS,
        absolute_max=MAX_CONTACTS,
        validate_max=True,
    )
    return cast(BaseContactFormSet, formset_class(data=data, initial=initial, prefix="contacts"))


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's validation error on the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
