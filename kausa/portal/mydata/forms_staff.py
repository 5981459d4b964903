"""The office's decision on a my-data request (staff side)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kausa.portal.mydata.services import MESSAGE_MAX_LENGTH


class DecisionForm(forms.Form):
    """Staff: confirm (an erasure needs ERASE typed) or refuse with a reason."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason or note for the person"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A refusal needs a reason; the person gets it by email."),
    )
    confirm = forms.CharField(
        label=_("For an erasure: type ERASE to confirm"),
        required=False,
        max_length=10,
    )

    def __init__(self, *args: object, erasure: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.erasure = erasure
        if not erasure:
            del self.fields["confirm"]

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        decision = cleaned.get("decision")
        if decision == "refuse" and not str(cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Please give the person a reason."))
        if decision == "confirm" and self.erasure:
            typed = str(cleaned.get("confirm") or "").strip()
            if typed not in {"ERASE", "LÖSCHEN"}:
                self.add_error("confirm", _("Type ERASE to confirm the erasure."))
        return cleaned
