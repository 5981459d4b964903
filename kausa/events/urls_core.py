"""Routes of events: the events themselves, registrations, check-in and contacts."""

from django.urls import URLPattern, path

from kausa.events.views import events as event_views
from kausa.events.views import registrations as registration_views

urlpatterns: list[URLPattern] = [
    path("", event_views.event_list, name="list"),
    path("new/", event_views.event_create, name="create"),
    path("formats/", event_views.format_list, name="formats"),
    path("consent-texts/", event_views.consent_texts, name="consent_texts"),
    path("<int:pk>/", event_views.event_detail, name="detail"),
    path("<int:pk>/edit/", event_views.event_edit, name="edit"),
    path("<int:pk>/status/", event_views.event_status, name="status"),
    path("<int:pk>/evaluation/", event_views.event_evaluation, name="evaluation"),
    path("<int:pk>/invitation/", event_views.event_invitation, name="invitation"),
    path("<int:pk>/register/", registration_views.register, name="register"),
    path("<int:pk>/check-in/", registration_views.check_in, name="check_in"),
    path("<int:pk>/participants/print/", registration_views.participants_print, name="print"),
    path("<int:pk>/contacts/", registration_views.contacts, name="contacts"),
    path(
        "registrations/<int:pk>/cancel/",
        registration_views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "registrations/<int:pk>/check-in/",
        registration_views.check_in_toggle,
        name="check_in_toggle",
    ),
    path("contacts/<int:pk>/", registration_views.contact_action, name="contact_action"),
]
