"""Template tags of the interface itself: refusals explained, values for native inputs."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from mixflow.web.refusals import Refusal, refusal_of

register = template.Library()


@register.simple_tag
def refusal_for(request: HttpRequest | None) -> list[Refusal]:
    """What the refused page needed and which roles hold it (empty when not a role refusal)."""
    return refusal_of(request) if request is not None else []


@register.simple_tag
def page_link(request: HttpRequest | None, number: int) -> str:
    """``?…&page=N`` keeping the page's filters, so that paging a filtered list stays filtered
    (``web/_pager.html``, the one pager of every list)."""
    query = request.GET.copy() if request is not None else None
    if query is None:
        return f"?page={number}"
    query["page"] = str(number)
    return "?" + query.urlencode()
