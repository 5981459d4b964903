from django.urls import path

from kausa.workbench import views

app_name = "workbench"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # The task list keeps its address from the time it lived in counselling.
    path("counselling/tasks/", views.my_tasks, name="tasks"),
    path("counselling/tasks/steps/<int:pk>/done/", views.step_done, name="step_done"),
    path("counselling/tasks/steps/<int:pk>/reopen/", views.step_reopen, name="step_reopen"),
    path("counselling/tasks/run-steps/<int:pk>/done/", views.run_step_done, name="run_step_done"),
    path(
        "counselling/tasks/run-steps/<int:pk>/reopen/",
        views.run_step_reopen,
        name="run_step_reopen",
    ),
]
