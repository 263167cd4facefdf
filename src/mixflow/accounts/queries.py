"""Reads of organisations and users for the interfaces (commands name them by code or
username; pages and the API read users through the scoped queries)."""

from __future__ import annotations

from django.db.models import QuerySet

from mixflow.accounts.models import Organisation, User


def organisations() -> QuerySet[Organisation]:
    """Every organisation, by code: for commands run by the machine's operator."""
    return Organisation.objects.order_by("code")


def organisation_by_code(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first()


def user_by_username(username: str) -> User | None:
    return User.objects.filter(username=username).first()
