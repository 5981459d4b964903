from django.urls import path

from kausa.vacancies import views

app_name = "vacancies"
urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("new/", views.vacancy_create, name="create"),
    path("<int:pk>/", views.vacancy_detail, name="detail"),
    path("<int:pk>/edit/", views.vacancy_edit, name="edit"),
    path("<int:pk>/archive/", views.vacancy_archive, name="archive"),
]
