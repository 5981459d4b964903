"""The configurable list of counselling topics (used by sessions, referrals and the
network directory). Everyone reads it; team leads and administrators add topics."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kausa.core.access import request_user, staff_view, team_lead_view
from kausa.partners.forms import TopicForm
from kausa.partners.models import Topic
from kausa.partners.services import topic_create


@staff_view()
def topic_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _add_topic(request)
    form = TopicForm() if request_user(request).can_configure else None
    return _topic_page(request, form)


@team_lead_view
def _add_topic(request: HttpRequest) -> HttpResponse:
    form = TopicForm(request.POST)
    if form.is_valid():
        topic_create(actor=request_user(request), name=form.cleaned_data["name"])
        messages.success(request, _("The topic was added."))
        return redirect("partners:topics")
    return _topic_page(request, form)


def _topic_page(request: HttpRequest, form: TopicForm | None) -> HttpResponse:
    topics = Topic.objects.order_by("name")
    return render(request, "partners/topic_list.html", {"topics": topics, "form": form})
