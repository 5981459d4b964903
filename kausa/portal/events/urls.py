"""Portal routes of events (under /<language>/events/)."""

from django.urls import path

from kausa.portal.events import views

app_name = "portal_events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/registered/", views.registered, name="registered"),
    # Speed dating: the signed-in company's wishes whom to meet.
    path("<int:pk>/wishes/", views.wishes, name="wishes"),
    # Public (no sign-in): the signed token from the participant's mail is the key.
    path("cancel/<str:token>/", views.cancel, name="cancel"),
]
