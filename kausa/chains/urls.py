from django.urls import path

from kausa.chains.views import review, runs, templates

app_name = "chains"
urlpatterns = [
    path("", templates.template_list, name="templates"),
    path("templates/<int:pk>/", templates.template_detail, name="template"),
    path("templates/<int:pk>/edit/", templates.template_edit, name="template_edit"),
    path("templates/<int:pk>/version/", templates.template_new_version, name="new_version"),
    path("templates/<int:pk>/publish/", templates.template_publish, name="publish"),
    path("templates/<int:pk>/steps/new/", templates.step_edit, name="step_add"),
    path("templates/<int:pk>/steps/<int:step_pk>/", templates.step_edit, name="step_edit"),
    path("templates/<int:pk>/districts/", templates.district_partners, name="district_partners"),
    path("steps/<int:pk>/action/", templates.step_action, name="step_action"),
    path("steps/<int:pk>/check/", review.step_check, name="step_check"),
    path("review/", review.review_list, name="review"),
    path("people/<int:pk>/", runs.person_panel, name="person_panel"),
    path("people/<int:pk>/start/", runs.person_start, name="person_start"),
    path("companies/<int:pk>/", runs.company_panel, name="company_panel"),
    path("companies/<int:pk>/start/", runs.company_start, name="company_start"),
    path("runs/<int:pk>/", runs.run_detail, name="run"),
    path("runs/<int:pk>/handout.pdf", runs.run_handout, name="handout"),
    path("runs/<int:pk>/language/", runs.run_language, name="run_language"),
    path("run-steps/<int:pk>/", runs.run_step_update, name="run_step"),
]
