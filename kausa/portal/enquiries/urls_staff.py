"""Staff routes of the portal's enquiries (under /staff/portal/enquiries/)."""

from django.urls import path

from kausa.portal.enquiries import views_staff

app_name = "portal_enquiries_staff"
urlpatterns = [
    path("", views_staff.enquiry_list, name="list"),
    path("<int:pk>/", views_staff.enquiry_detail, name="detail"),
    path("<int:pk>/take-over/", views_staff.enquiry_take_over, name="take_over"),
    path("<int:pk>/close/", views_staff.enquiry_close, name="close"),
    path("consent-texts/", views_staff.consent_texts, name="consent_texts"),
]
