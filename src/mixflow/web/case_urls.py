"""Routes of the case pages and of the person's sensitive details opened on request, added
to ``web/urls.py`` (namespace ``web``)."""

from django.urls import path

from mixflow.web import case_views as v

urlpatterns = [
    path("cases/", v.case_list, name="case_list"),
    path("cases/mine/", v.my_work, name="my_work"),
    path("cases/<int:case_id>/", v.case_detail, name="case_detail"),
    path("cases/<int:case_id>/notes/", v.case_notes, name="case_notes"),
    path("cases/<int:case_id>/notes/add/", v.case_note_add, name="case_note_add"),
    path("cases/<int:case_id>/assign/", v.case_assign, name="case_assign"),
    path("cases/<int:case_id>/assessment/", v.case_assessment, name="case_assessment"),
    path("cases/<int:case_id>/plan/", v.case_plan, name="case_plan"),
    path("cases/<int:case_id>/tasks/", v.case_task_add, name="case_task_add"),
    path("cases/<int:case_id>/documents/", v.case_document_add, name="case_document_add"),
    path("cases/<int:case_id>/transfer/", v.case_transfer, name="case_transfer"),
    path("cases/<int:case_id>/close/", v.case_close, name="case_close"),
    path(
        "cases/<int:case_id>/best-interests/",
        v.case_best_interests,
        name="case_best_interests",
    ),
    path("cases/<int:case_id>/tracing/", v.case_tracing_add, name="case_tracing_add"),
    path("cases/tasks/<int:task_id>/done/", v.task_done, name="task_done"),
    path("cases/documents/<int:document_id>/", v.document_download, name="document_download"),
    path("cases/transfers/<int:transfer_id>/", v.transfer_answer, name="transfer_answer"),
    path("cases/tracing/<int:tracing_id>/", v.tracing_update, name="tracing_update"),
    path("persons/<int:person_id>/cases/open/", v.case_open, name="case_open"),
    path("persons/<int:person_id>/sensitive/", v.person_sensitive, name="person_sensitive"),
]
