from django.urls import path

from kausa.ba import views

app_name = "ba"
urlpatterns = [
    path("runs/", views.run_list, name="runs"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
]
