from django.urls import path

from kausa.workbench import views

app_name = "workbench"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # The task list keeps its address from the time it lived in counselling.
    path("counselling/tasks/", views.my_tasks, name="tasks"),
]
