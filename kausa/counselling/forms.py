"""Forms of the counselling pages. They validate input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kausa.core.choices import LANGUAGES
from kausa.core.forms import DateInput, SafeModelMultipleChoiceField
from kausa.core.models import User
from kausa.counselling.models import (
    Case,
    Channel,
    ConsentMethod,
    ConsentPurpose,
    EndReason,
    ReferralStatus,
    SharedField,
)
from kausa.partners.models import Partner, Topic


def office_counsellors(office_id: int | None) -> Any:
    if office_id is None:
        return User.objects.none()
    return User.objects.filter(
        office_id=office_id, is_active=True, role__in=["counsellor", "team_lead"]
    ).order_by("last_name", "first_name")


class CaseOpenForm(forms.Form):
    opened_on = forms.DateField(label=_("First contact on"), widget=DateInput())

    def clean_opened_on(self) -> Any:
        value = self.cleaned_data["opened_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The first contact cannot lie in the future."))
        return value


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"))
    end_reason = forms.ChoiceField(
        label=_("Reason (when ended)"), choices=[("", "–"), *EndReason.choices], required=False
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["stage"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [choice for choice in case.stage_choices.choices if choice[0] != case.stage]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("stage") == "ended" and not data.get("end_reason"):
            self.add_error("end_reason", _("Please give the reason for ending the case."))
        return data


class CloseForm(forms.Form):
    end_reason = forms.ChoiceField(label=_("Reason for closing"), choices=EndReason.choices)


class HandoverForm(forms.Form):
    counsellor = forms.ModelChoiceField(label=_("Hand over to"), queryset=User.objects.none())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["counsellor"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = office_counsellors(case.office_id).exclude(pk=case.counsellor_id)

    def has_colleagues(self) -> bool:
        field = self.fields["counsellor"]
        assert isinstance(field, forms.ModelChoiceField)
        return field.queryset is not None and field.queryset.exists()


# Session topics in groups, by the topic's code; topics an office added later stand under
# "Further topics". Shown as one fieldset per group with the group as legend.
TOPIC_GROUPS: list[tuple[Any, tuple[str, ...]]] = [
    (
        _("Orientation and application"),
        ("career-orientation", "school", "applications", "entry-qualification"),
    ),
    (_("Language and recognition"), ("language-courses", "recognition")),
    (
        _("Residence, funding and daily life"),
        ("residence-work-permit", "funding", "housing", "family"),
    ),
    (_("Companies"), ("training-company",)),
]
OTHER_TOPICS = _("Further topics")


def grouped_topic_choices(topics: Any) -> list[tuple[Any, list[tuple[str, str]]]]:
    """(group name, [(topic id, topic name), …]) for the groups that have topics, in order."""
    by_code = {topic.code: topic for topic in topics}
    grouped: list[tuple[Any, list[tuple[str, str]]]] = []
    placed: set[str] = set()
    for name, codes in TOPIC_GROUPS:
        members = [by_code[code] for code in codes if code in by_code]
        placed |= set(codes)
        if members:
            grouped.append((name, [(str(topic.pk), topic.name) for topic in members]))
    rest = sorted((t for t in by_code.values() if t.code not in placed), key=lambda t: t.name)
    if rest:
        grouped.append((OTHER_TOPICS, [(str(topic.pk), topic.name) for topic in rest]))
    return grouped


class GroupedCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Checkboxes in groups: a fieldset with a legend per group."""

    template_name = "counselling/widgets/grouped_checkboxes.html"

    def optgroups(self, name: str, value: Any, attrs: dict[str, Any] | None = None) -> Any:
        """Number the boxes straight through (id_topics_0, _1, …) instead of per group, so
        the error summary's link to the first box finds it."""
        groups = super().optgroups(name, value, attrs)
        base = (attrs or {}).get("id")
        number = 0
        for _group, options, _index in groups:
            for option in options:
                if base:
                    option["attrs"]["id"] = f"{base}_{number}"
                option["index"] = str(number)
                number += 1
        return groups


class SessionForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=600)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    language = forms.ChoiceField(label=_("Language used"), choices=LANGUAGES, initial="de")
    interpreter = forms.BooleanField(label=_("With interpreter"), required=False)
    topics = SafeModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.order_by("name"),
        widget=GroupedCheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20000,
        help_text=_("Stored encrypted; visible only to your office."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["topics"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        # the choices only draw the boxes; the queryset still decides what is valid
        field.choices = grouped_topic_choices(Topic.objects.order_by("name"))


class NextStepForm(forms.Form):
    title = forms.CharField(label=_("Next step"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = office_counsellors(case.office_id)


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    partner = forms.ModelChoiceField(
        label=_("Partner (for a referral)"), queryset=Partner.objects.none(), required=False
    )
    text_version = forms.CharField(
        label=_("Version of the consent text"), max_length=40, initial="2026-01"
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    language = forms.ChoiceField(label=_("Language of the form"), choices=LANGUAGES, initial="de")
    method = forms.ChoiceField(label=_("How given"), choices=ConsentMethod.choices)
    guardian_name = forms.CharField(
        label=_("Parent or guardian (for people under 16)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Partner.objects.filter(
            organisation_id=organisation_id, archived_at__isnull=True
        ).order_by("name")


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())


class PartnerFinderForm(forms.Form):
    """GET filters of the referral page: which partners to offer."""

    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.order_by("name"), required=False
    )
    everywhere = forms.BooleanField(label=_("Also partners outside the district"), required=False)


class PartnerChoiceField(forms.ModelChoiceField[Partner]):
    """Partners as radio buttons; those the person consented to say so in their label."""

    consented_ids: frozenset[int] = frozenset()

    def label_from_instance(self, obj: Partner) -> str:
        if obj.pk in self.consented_ids:
            return f"{obj.name} – {_('consent on file')}"
        return obj.name


class ReferralForm(forms.Form):
    partner = PartnerChoiceField(
        label=_("Partner"), queryset=Partner.objects.none(), widget=forms.RadioSelect
    )
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.order_by("name"))
    shared_fields = forms.MultipleChoiceField(
        label=_("Data passed on to the partner"),
        choices=SharedField.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[SharedField.NAME, SharedField.CONTACT],
    )
    message = forms.CharField(
        label=_("Message to the partner"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    outside_district_reason = forms.CharField(
        label=_("Reason for a partner outside the district"), max_length=300, required=False
    )
    consent_override_reason = forms.CharField(
        label=_("Reason for referring without consent"),
        max_length=300,
        required=False,
        help_text=_("Only in exceptional cases; the override is recorded in the audit log."),
    )

    def __init__(
        self, *args: Any, partners: Any, consented_ids: frozenset[int] = frozenset(), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner"]
        assert isinstance(field, PartnerChoiceField)
        field.queryset = partners
        field.consented_ids = consented_ids

    def offer(self, partners: Any) -> None:
        """Show these partners (after validation against all of them), keeping the choice."""
        field = self.fields["partner"]
        assert isinstance(field, PartnerChoiceField)
        chosen = getattr(self, "cleaned_data", {}).get("partner")
        ids = list(partners.values_list("pk", flat=True))
        if chosen is not None and chosen.pk not in ids:
            ids.append(chosen.pk)
        field.queryset = Partner.objects.filter(pk__in=ids).order_by("partner_type", "name")


class ReferralStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReferralStatus.choices)


class EraseForm(forms.Form):
    confirm = forms.CharField(
        label=_("Type ERASE to confirm"),
        max_length=10,
        help_text=_("Erasure removes the person and all their records for good."),
    )

    def clean_confirm(self) -> str:
        value = str(self.cleaned_data["confirm"]).strip()
        if value not in {"ERASE", "LÖSCHEN"}:
            raise forms.ValidationError(_("Type ERASE to confirm the erasure."))
        return value
