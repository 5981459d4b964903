"""Routes of events: apprenticeship speed dating (settings, wishes, schedule, printable plan)."""

from django.urls import URLPattern, path

from kausa.events.views import speeddating as views

urlpatterns: list[URLPattern] = [
    path("<int:pk>/speed-dating/", views.speeddating, name="speeddating"),
    path("<int:pk>/speed-dating/setup/", views.speeddating_setup, name="speeddating_setup"),
    path("<int:pk>/speed-dating/wishes/", views.speeddating_wish, name="speeddating_wish"),
    path(
        "<int:pk>/speed-dating/schedule/", views.speeddating_schedule, name="speeddating_schedule"
    ),
    path("<int:pk>/speed-dating/plan/", views.speeddating_plan, name="speeddating_plan"),
]
