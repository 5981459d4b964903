from django.urls import path

from kausa.placements import views

app_name = "placements"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("person/<int:pk>/", views.person_suggestions, name="person"),
    path("person/<int:person_pk>/propose/", views.proposal_create, name="create"),
    path("place/<int:pk>/", views.vacancy_candidates, name="vacancy"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("weights/", views.weights_edit, name="weights"),
    path("runs/", views.run_list, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/accept/<int:pair_pk>/", views.run_accept, name="run_accept"),
]
