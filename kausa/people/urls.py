from django.urls import path

from kausa.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/sensitive/", views.person_sensitive_edit, name="sensitive"),
    path("<int:pk>/sharing/", views.person_sharing, name="sharing"),
    path("<int:pk>/archive/", views.person_archive, name="archive"),
    path("<int:pk>/guardians/", views.person_guardians, name="guardians"),
    path(
        "<int:pk>/guardians/<int:guardian_pk>/remove/",
        views.guardian_remove,
        name="guardian_remove",
    ),
]
