"""Staff routes of the portal's content (under /staff/portal/content/)."""

from django.urls import path

from kausa.portal.content import views_staff

app_name = "portal_content_staff"
urlpatterns = [
    path("", views_staff.page_list, name="list"),
    path("new/", views_staff.page_create, name="create"),
    path("<int:pk>/<str:language>/", views_staff.page_edit, name="edit"),
    path("versions/<int:pk>/", views_staff.version_detail, name="version"),
    path("versions/<int:pk>/publish/", views_staff.version_publish, name="publish"),
]
