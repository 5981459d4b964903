from django.urls import path

from kausa.chains import views_runs, views_templates

app_name = "chains"
urlpatterns = [
    path("", views_templates.template_list, name="templates"),
    path("templates/<int:pk>/", views_templates.template_detail, name="template"),
    path("templates/<int:pk>/edit/", views_templates.template_edit, name="template_edit"),
    path("templates/<int:pk>/version/", views_templates.template_new_version, name="new_version"),
    path("templates/<int:pk>/publish/", views_templates.template_publish, name="publish"),
    path("templates/<int:pk>/steps/new/", views_templates.step_edit, name="step_add"),
    path("templates/<int:pk>/steps/<int:step_pk>/", views_templates.step_edit, name="step_edit"),
    path(
        "templates/<int:pk>/districts/", views_templates.district_partners, name="district_partners"
    ),
    path("steps/<int:pk>/action/", views_templates.step_action, name="step_action"),
    path("people/<int:pk>/", views_runs.person_panel, name="person_panel"),
    path("people/<int:pk>/start/", views_runs.person_start, name="person_start"),
    path("companies/<int:pk>/", views_runs.company_panel, name="company_panel"),
    path("companies/<int:pk>/start/", views_runs.company_start, name="company_start"),
    path("runs/<int:pk>/", views_runs.run_detail, name="run"),
    path("runs/<int:pk>/handout.pdf", views_runs.run_handout, name="handout"),
    path("run-steps/<int:pk>/", views_runs.run_step_update, name="run_step"),
]
