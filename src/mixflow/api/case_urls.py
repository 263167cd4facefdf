"""Routes of the cases API, added to ``api/urls.py`` (namespace ``api``)."""

from django.urls import path

from mixflow.api import case_work, cases

urlpatterns = [
    path("cases/", cases.CaseList.as_view(), name="cases"),
    path("cases/<int:pk>/", cases.CaseDetail.as_view(), name="case"),
    path("cases/<int:pk>/tasks/", cases.CaseTasks.as_view(), name="case_tasks"),
    path("cases/<int:pk>/notes/", cases.CaseNotes.as_view(), name="case_notes"),
    path("case-tasks/<int:pk>/done/", cases.TaskDone.as_view(), name="case_task_done"),
    path("cases/<int:pk>/close/", case_work.CaseClose.as_view(), name="case_close"),
    path("cases/<int:pk>/documents/", case_work.CaseDocuments.as_view(), name="case_documents"),
    path("case-documents/<int:pk>/", case_work.DocumentFile.as_view(), name="case_document"),
    path(
        "cases/<int:pk>/best-interests/",
        case_work.CaseSteps.as_view(),
        name="case_best_interests",
    ),
    path("cases/<int:pk>/transfers/", case_work.CaseTransfers.as_view(), name="case_transfers"),
    path("case-transfers/", case_work.IncomingTransfers.as_view(), name="case_transfers_in"),
    path(
        "case-transfers/<int:pk>/answer/",
        case_work.TransferAnswer.as_view(),
        name="case_transfer_answer",
    ),
]
