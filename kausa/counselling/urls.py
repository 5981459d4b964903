from django.urls import path

from kausa.counselling.views import cases, followup, referrals, rights, sessions

app_name = "counselling"
urlpatterns = [
    path("", cases.case_list, name="list"),
    path("people/<int:pk>/open/", cases.person_case_open, name="person_open"),
    path("people/<int:pk>/panel/", cases.person_panel, name="person_panel"),
    path("people/<int:pk>/consents/", rights.consent_list, name="consents"),
    path("people/<int:pk>/data/", rights.data_rights_page, name="data_rights"),
    path("people/<int:pk>/data/export.json", rights.export_json, name="export_json"),
    path("people/<int:pk>/data/export.html", rights.export_document, name="export_document"),
    path("people/<int:pk>/data/erase/", rights.erase, name="erase"),
    path("companies/<int:pk>/panel/", cases.company_panel, name="company_panel"),
    path("companies/<int:pk>/open/", cases.company_case_open, name="company_open"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/sessions/", sessions.session_create, name="session_create"),
    path("cases/<int:pk>/steps/", sessions.next_step_create, name="step_create"),
    path("cases/<int:pk>/stage/", cases.stage_change, name="stage"),
    path("cases/<int:pk>/close/", cases.case_close, name="close"),
    path("cases/<int:pk>/reopen/", cases.case_reopen, name="reopen"),
    path("cases/<int:pk>/handover/", cases.case_handover, name="handover"),
    path("cases/<int:pk>/refer/", referrals.referral_create, name="refer"),
    path("cases/<int:pk>/followup/plan/", followup.followup_plan_contacts, name="followup_plan"),
    path("cases/<int:pk>/followup/contact/", followup.followup_contact_done, name="followup_done"),
    path("cases/<int:pk>/followup/warning/", followup.followup_warning, name="followup_warning"),
    path("cases/<int:pk>/followup/outcome/", followup.followup_outcome, name="followup_outcome"),
    path("followup/settings/", followup.followup_plan_edit, name="followup_settings"),
    path("steps/<int:pk>/done/", sessions.next_step_done, name="step_done"),
    path("steps/<int:pk>/reopen/", sessions.next_step_reopen, name="step_reopen"),
    path("referrals/<int:pk>/", referrals.referral_detail, name="referral"),
    path("referrals/<int:pk>/status/", referrals.referral_status, name="referral_status"),
    path("referrals/<int:pk>/email/", referrals.referral_email, name="referral_email"),
    path("referrals/<int:pk>/handout/", referrals.referral_handout, name="referral_handout"),
    path("consents/<int:pk>/withdraw/", rights.consent_withdraw, name="consent_withdraw"),
]
