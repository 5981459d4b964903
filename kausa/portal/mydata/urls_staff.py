"""Staff routes of the portal's mydata (under /staff/portal/mydata/)."""

from django.urls import path

from kausa.portal.mydata import views_staff

app_name = "portal_mydata_staff"
urlpatterns = [
    path("", views_staff.request_list, name="requests"),
    path("<int:pk>/", views_staff.request_detail, name="request"),
]
