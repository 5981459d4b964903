"""Routes of events: award rounds (nominations, jury, winners) and ambassadors."""

from django.urls import URLPattern, path

from kausa.events.views import awards as views

urlpatterns: list[URLPattern] = [
    path("award-rounds/", views.award_round_list, name="award_rounds"),
    path("award-rounds/<int:pk>/", views.award_round_detail, name="award_round"),
    path("award-rounds/<int:pk>/edit/", views.award_round_edit, name="award_round_edit"),
    path("award-rounds/<int:pk>/nominate/", views.nominate, name="nominate"),
    path("award-rounds/<int:pk>/status/", views.award_round_status, name="award_round_status"),
    path("award-rounds/<int:pk>/public/", views.award_round_public, name="award_round_public"),
    path("nominations/<int:pk>/vote/", views.vote, name="vote"),
    path("ambassadors/", views.ambassador_list, name="ambassadors"),
    path("ambassadors/<int:pk>/", views.ambassador_detail, name="ambassador"),
    path("ambassadors/<int:pk>/active/", views.ambassador_active, name="ambassador_active"),
    path(
        "ambassadors/<int:pk>/appearances/",
        views.ambassador_appearance,
        name="ambassador_appearance",
    ),
]
