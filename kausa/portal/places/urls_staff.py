"""Staff routes of the portal's places (under /staff/portal/places/)."""

from django.urls import path

from kausa.portal.places import views_staff

app_name = "portal_places_staff"
urlpatterns = [
    path("approvals/", views_staff.approvals, name="approvals"),
    path("approval/<int:pk>/", views_staff.approval, name="approval"),
    path("publish/<int:vacancy_pk>/", views_staff.publish, name="publish"),
]
