"""Staff routes of the portal's accounts (under /staff/portal/accounts/)."""

from django.urls import path

from kausa.portal.accounts import views_staff

app_name = "portal_accounts_staff"
urlpatterns = [
    path("registrations/", views_staff.registrations, name="registrations"),
    path("registration/<int:pk>/", views_staff.registration, name="registration"),
]
