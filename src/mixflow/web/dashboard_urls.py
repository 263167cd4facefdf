"""The flows dashboards' pages (included at the end of ``web/urls.py``)."""

from __future__ import annotations

from django.urls import path

from mixflow.web import dashboard_views, flow_count_views, national_views

urlpatterns = [
    path("flows/", dashboard_views.dashboard, name="flows_dashboard"),
    path(
        "flows/download/<str:name>.csv",
        dashboard_views.dashboard_download,
        name="flows_download",
    ),
    path("flows/national/", national_views.national, name="flows_national"),
    path("flows/boundaries.json", dashboard_views.boundaries, name="flows_boundaries"),
]

urlpatterns += [
    path("flows/counts/", flow_count_views.flow_count_list_view, name="flow_count_list"),
    path(
        "flows/counts/<int:flow_count_id>/correct/",
        flow_count_views.flow_count_correct,
        name="flow_count_correct",
    ),
]
