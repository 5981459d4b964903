"""Portal routes of proposals (under /<language>/company/proposals/)."""

from django.urls import path

from kausa.portal.proposals import views

app_name = "portal_proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/respond/", views.proposal_respond, name="respond"),
]
