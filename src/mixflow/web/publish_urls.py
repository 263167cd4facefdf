"""Routes of the publication pages and the public data portal (gathered by web/urls.py)."""

from django.urls import path

from mixflow.web import publish_views as views

urlpatterns = [
    path("publications/", views.publication_list, name="publication_list"),
    path("publications/new/", views.publication_new, name="publication_new"),
    path("publications/route-report/", views.route_report_view, name="route_report"),
    path(
        "publications/<int:publication_id>/",
        views.publication_detail,
        name="publication_detail",
    ),
    path(
        "publications/<int:publication_id>/report.pdf",
        views.publication_report_pdf,
        name="publication_report_pdf",
    ),
    path(
        "publications/<int:publication_id>/approve/",
        views.publication_approve,
        name="publication_approve",
    ),
    path(
        "publications/<int:publication_id>/withdraw/",
        views.publication_withdraw,
        name="publication_withdraw",
    ),
    path("statistics/", views.portal, name="portal"),
    path("statistics/<int:publication_id>/", views.portal_publication, name="portal_publication"),
    path(
        "statistics/<int:publication_id>/tables/<slug:table_name>.<slug:fmt>",
        views.portal_download,
        name="portal_download",
    ),
    path("statistics/<int:publication_id>/report/", views.portal_report, name="portal_report"),
    path(
        "statistics/<int:publication_id>/report.pdf",
        views.portal_report_pdf,
        name="portal_report_pdf",
    ),
]
