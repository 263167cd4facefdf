"""Routes of the cases API, added to ``api/urls.py`` (namespace ``api``)."""

from django.urls import path

from mixflow.api import cases

urlpatterns = [
    path("cases/", cases.CaseList.as_view(), name="cases"),
    path("cases/<int:pk>/", cases.CaseDetail.as_view(), name="case"),
    path("cases/<int:pk>/tasks/", cases.CaseTasks.as_view(), name="case_tasks"),
    path("cases/<int:pk>/notes/", cases.CaseNotes.as_view(), name="case_notes"),
    path("case-tasks/<int:pk>/done/", cases.TaskDone.as_view(), name="case_task_done"),
]
