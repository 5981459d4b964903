from django.urls import path

from kausa.bsk import views

app_name = "bsk"
urlpatterns = [
    path("people/<int:pk>/", views.person_panel, name="person_panel"),
    path("people/<int:pk>/status/", views.course_status, name="course_status"),
    path("pooling/", views.pooling, name="pooling"),
    path("pooling/notice/", views.pooling_notice, name="pooling_notice"),
    path("pooling/notice.xlsx", views.pooling_notice_xlsx, name="pooling_notice_xlsx"),
]
