from django.urls import path

from kausa.counselling import views, views_referrals, views_rights, views_topics

app_name = "counselling"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("tasks/", views.my_tasks, name="tasks"),
    path("topics/", views_topics.topic_list, name="topics"),
    path("people/<int:pk>/open/", views.person_case_open, name="person_open"),
    path("people/<int:pk>/panel/", views.person_panel, name="person_panel"),
    path("people/<int:pk>/consents/", views_rights.consent_list, name="consents"),
    path("people/<int:pk>/data/", views_rights.data_rights_page, name="data_rights"),
    path("people/<int:pk>/data/export.json", views_rights.export_json, name="export_json"),
    path("people/<int:pk>/data/export.html", views_rights.export_document, name="export_document"),
    path("people/<int:pk>/data/erase/", views_rights.erase, name="erase"),
    path("companies/<int:pk>/panel/", views.company_panel, name="company_panel"),
    path("companies/<int:pk>/open/", views.company_case_open, name="company_open"),
    path("cases/<int:pk>/", views.case_detail, name="case"),
    path("cases/<int:pk>/sessions/", views.session_create, name="session_create"),
    path("cases/<int:pk>/steps/", views.next_step_create, name="step_create"),
    path("cases/<int:pk>/stage/", views.stage_change, name="stage"),
    path("cases/<int:pk>/close/", views.case_close, name="close"),
    path("cases/<int:pk>/reopen/", views.case_reopen, name="reopen"),
    path("cases/<int:pk>/handover/", views.case_handover, name="handover"),
    path("cases/<int:pk>/refer/", views_referrals.referral_create, name="refer"),
    path("steps/<int:pk>/done/", views.next_step_done, name="step_done"),
    path("referrals/<int:pk>/", views_referrals.referral_detail, name="referral"),
    path("referrals/<int:pk>/status/", views_referrals.referral_status, name="referral_status"),
    path("referrals/<int:pk>/email/", views_referrals.referral_email, name="referral_email"),
    path("referrals/<int:pk>/handout/", views_referrals.referral_handout, name="referral_handout"),
    path("consents/<int:pk>/withdraw/", views_rights.consent_withdraw, name="consent_withdraw"),
]
