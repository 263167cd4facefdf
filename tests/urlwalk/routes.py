"""Every URL pattern of the project, found by walking the resolver (nothing listed by hand)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.admin import ModelAdmin
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

_ROUTE_ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


@dataclass(frozen=True)
class Route:
    """One URL pattern: its pieces (one per resolver level), its name and its view."""

    pieces: tuple[str, ...]
    name: str
    """Namespaced name (``web:person_detail``), or ``<pattern>`` for unnamed patterns."""
    callback: Callable[..., Any]
    arguments: tuple[str, ...]

    @property
    def pattern(self) -> str:
        return "".join(self.pieces)

    @property
    def namespace(self) -> str:
        return self.name.split(":", 1)[0] if ":" in self.name else ""

    @property
    def model_admin(self) -> ModelAdmin[Any] | None:
        # ``ModelAdmin.get_urls`` leaves its admin on each view it wraps; views a model admin
        # adds itself (the password page) are its bound methods, under ``admin_view``.
        view: Any = self.callback
        while view is not None:
            for admin in (getattr(view, "model_admin", None), getattr(view, "__self__", None)):
                if isinstance(admin, ModelAdmin):
                    return admin
            view = getattr(view, "__wrapped__", None)
        return None

    @property
    def model(self) -> type[Model] | None:
        admin = self.model_admin
        return admin.model if admin is not None else None

    @property
    def view_class(self) -> type | None:
        return getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)

    @property
    def is_api(self) -> bool:
        """A REST endpoint (DRF): tried with PUT, PATCH and DELETE too."""
        return self.namespace == "api"

    def url(self, values: dict[str, str]) -> str:
        """The path with ``values`` in place of the pattern's arguments."""
        path = ""
        for piece in self.pieces:
            if piece.startswith("^"):  # a regular expression (``re_path``)
                piece = _REGEX_GROUP.sub(lambda m: values[m.group("name")], piece)
            else:
                piece = _ROUTE_ARGUMENT.sub(lambda m: values[m.group("name")], piece)
            path += piece.removeprefix("^").removesuffix("$").removesuffix("\\Z")
        return "/" + path

    def __str__(self) -> str:
        return f"{self.name} ({self.pattern})"


def _arguments(pattern: Any) -> list[str]:
    if isinstance(pattern, RoutePattern):
        return [m.group("name") for m in _ROUTE_ARGUMENT.finditer(str(pattern))]
    if isinstance(pattern, RegexPattern):
        return list(pattern.regex.groupindex)
    raise TypeError(f"unknown URL pattern type {type(pattern).__name__}")


def _walk(
    resolver: URLResolver, pieces: tuple[str, ...], namespace: str, arguments: tuple[str, ...]
) -> Iterator[Route]:
    for entry in resolver.url_patterns:
        piece = str(entry.pattern)
        found = (*arguments, *_arguments(entry.pattern))
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry, (*pieces, piece), inner, found)
        elif isinstance(entry, URLPattern):
            name = entry.name or "<unnamed>"
            yield Route(
                pieces=(*pieces, piece),
                name=f"{namespace}:{name}" if namespace else name,
                callback=entry.callback,
                arguments=found,
            )


def every_route() -> list[Route]:
    """Every pattern of ``ROOT_URLCONF``, the admin site's included."""
    return list(_walk(get_resolver(), (), "", ()))
