from django.urls import path

from kausa.core import views

app_name = "core"
urlpatterns = [
    path("offices/", views.office_list, name="offices"),
    path("districts/", views.district_list, name="districts"),
    path("audit/", views.audit_list, name="audit"),
    path("design/", views.design, name="design"),
]
