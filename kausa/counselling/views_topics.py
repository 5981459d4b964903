"""The configurable list of counselling topics (shared with the partner directory)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kausa.core.access import request_user, staff_view, team_lead_view
from kausa.partners.models import Topic
from kausa.partners.services import topic_create


class TopicForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("New topic"), max_length=120)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        code = slugify(name)[:50]
        if not code:
            raise forms.ValidationError(_("Enter a name with letters or digits."))
        if (
            Topic.objects.filter(code=code).exists()
            or Topic.objects.filter(name__iexact=name).exists()
        ):
            raise forms.ValidationError(_("This topic exists already."))
        return name


@staff_view()
def topic_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = TopicForm(request.POST or None) if user.sees_all_offices else None
    if request.method == "POST":
        return _add_topic(request)
    return render(
        request,
        "counselling/topic_list.html",
        {"topics": Topic.objects.order_by("name"), "form": form},
    )


@team_lead_view
def _add_topic(request: HttpRequest) -> HttpResponse:
    form = TopicForm(request.POST)
    if form.is_valid():
        name = form.cleaned_data["name"]
        topic_create(actor=request_user(request), name=name)
        messages.success(request, _("The topic was added."))
        return redirect("counselling:topics")
    return render(
        request,
        "counselling/topic_list.html",
        {"topics": Topic.objects.order_by("name"), "form": form},
    )
