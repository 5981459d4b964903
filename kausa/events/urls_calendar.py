"""Routes of events: the office calendar and its feed, one event's .ics, the cancellation link."""

from django.urls import URLPattern, path

from kausa.events.views import calendar as calendar_views

urlpatterns: list[URLPattern] = [
    path("calendar/", calendar_views.calendar, name="calendar"),
    # Public (no sign-in): the signed token is the key.
    path("calendar/<str:token>.ics", calendar_views.feed, name="feed"),
    path("cancel/<str:token>/", calendar_views.cancel, name="cancel"),
    path("<int:pk>/event.ics", calendar_views.event_ics, name="event_ics"),
]
