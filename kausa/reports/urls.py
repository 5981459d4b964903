from django.urls import path

from kausa.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_page, name="report"),
    path("print/", views.report_print, name="print"),
    path("report.xlsx", views.report_xlsx_download, name="xlsx"),
    path("report.csv", views.report_csv_download, name="csv"),
    path("report.pdf", views.report_pdf_download, name="pdf"),
]
