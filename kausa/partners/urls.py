from django.urls import path

from kausa.partners import views, views_topics

app_name = "partners"
urlpatterns = [
    path("", views.partner_list, name="list"),
    path("new/", views.partner_create, name="create"),
    path("<int:pk>/", views.partner_detail, name="detail"),
    path("<int:pk>/edit/", views.partner_edit, name="edit"),
    path("<int:pk>/archive/", views.partner_archive, name="archive"),
    path("topics/", views_topics.topic_list, name="topics"),
]
