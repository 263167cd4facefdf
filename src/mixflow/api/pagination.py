"""Page-number paging for every list endpoint."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """``?page=N&page_size=M``; the size is capped so one request cannot dump a registry."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
