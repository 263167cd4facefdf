"""Model fields whose values are encrypted in the database, and blind indexes over them.

``EncryptedTextField`` and ``EncryptedJSONField`` store a Fernet token (``lib.field_cipher``)
in a text column; the application reads and writes plain values. Empty values ('' and an
empty list) stay empty in the column, so that aggregate SQL can still tell whether an answer
was given (what the aggregate table says anyway) without a key. The keys come from
``settings.FIELD_ENCRYPTION_KEYS`` (``conf.field_keys``: environment or a file in the data
directory), never from the database. ``BlindIndexField`` keeps a keyed hash of another field's
value, computed on every save, so that value can be looked up while it stays sealed.

Encrypted columns cannot be compared in SQL: lookups other than ``isnull`` and equality with
the empty value raise ``FieldError`` rather than silently matching nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.signals import setting_changed
from django.db import models
from django.db.models import lookups
from django.dispatch import receiver

from mixflow.conf import field_keys, index_key
from mixflow.lib.field_cipher import FieldCipher, InvalidToken, blind_index

#: What the audit log keeps of an encrypted value (it records that the field changed).
CONCEALED = "(encrypted)"

_cipher: FieldCipher | None = None
_index_key: str | None = None


def cipher() -> FieldCipher:
    global _cipher
    if _cipher is None:
        _cipher = FieldCipher(settings.FIELD_ENCRYPTION_KEYS)
    return _cipher


def current_index_key() -> str:
    global _index_key
    if _index_key is None:
        _index_key = settings.BLIND_INDEX_KEY
    return _index_key


def reload_keys() -> None:
    """Read the keys again from where they are kept (after ``mixflow keys rotate`` in another
    process), so that a running server opens values sealed under a key newer than its start."""
    global _cipher, _index_key
    settings.FIELD_ENCRYPTION_KEYS = field_keys(settings.DATA_DIR)
    settings.BLIND_INDEX_KEY = index_key(settings.DATA_DIR)
    _cipher = _index_key = None


@receiver(setting_changed, dispatch_uid="mixflow-encryption-keys")
def _keys_changed(setting: str, **kwargs: Any) -> None:
    global _cipher, _index_key
    if setting in {"FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"}:
        _cipher = _index_key = None


def seal(text: str) -> str:
    return cipher().seal(text) if text else ""


def unseal(token: str) -> str:
    if not token:
        return ""
    try:
        return cipher().open(token)
    except InvalidToken:
        # Perhaps sealed under a key added since this process started: read the keys again.
        reload_keys()
        return cipher().open(token)


def index_of(value: str) -> str:
    """The blind index of an identifier, to search a ``BlindIndexField`` with."""
    return blind_index(current_index_key(), value)


if TYPE_CHECKING:
    # Any in, Any out: the fields take and give plain values (text, lists), not column text.
    _Text = models.TextField[Any, Any]
else:
    _Text = models.TextField


class _Sealed:
    """What the encrypted fields share: a text column, and no comparisons in SQL."""

    def db_type(self, connection: Any) -> str:
        return models.TextField().db_type(connection) or "text"

    def get_internal_type(self) -> str:
        return "TextField"

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "isnull":
            return lookups.IsNull
        if lookup_name == "exact":
            return _ExactEmpty
        raise FieldError(
            f"'{lookup_name}' cannot compare encrypted values in the database; "
            "look them up through a blind index"
        )


class _ExactEmpty(lookups.Exact):
    """Equality only with the empty value (stored as such); anything else would never match."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", [], {}, None):
            raise FieldError("encrypted values are compared only with the empty value")
        return ""


class EncryptedTextField(_Sealed, _Text):
    """Text sealed at rest. ``max_length`` bounds the plain text (forms), not the column."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return unseal(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None:
            return None
        return seal(str(value))


class EncryptedJSONField(_Sealed, _Text):
    """A JSON value (lists of codes) sealed at rest; an empty list or mapping is stored ''."""

    if TYPE_CHECKING:  # what django-stubs reads as the attribute's type
        _pyi_private_set_type: Any
        _pyi_private_get_type: Any

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if not value:
            return self.get_default()
        return json.loads(unseal(value))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value) if value else self.get_default()
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None if self.null else ""
        if not value:
            return ""
        return seal(json.dumps(value, ensure_ascii=False, separators=(",", ":")))

    def value_to_string(self, obj: Any) -> str:
        return json.dumps(self.value_from_object(obj))

    def formfield(self, **kwargs: Any) -> Any:
        return forms.JSONField(**{"required": not self.blank, **kwargs})


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """The keyed hash of ``source``'s value, computed on every save (and bulk create)."""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = index_of(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


ENCRYPTED_FIELDS = (EncryptedTextField, EncryptedJSONField)


def encrypted_columns() -> Iterator[tuple[type[models.Model], list[models.Field[Any, Any]]]]:
    """Every concrete model with encrypted fields, and those fields."""
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        fields: list[models.Field[Any, Any]] = [
            f for f in model._meta.concrete_fields if isinstance(f, ENCRYPTED_FIELDS)
        ]
        if fields:
            yield model, fields


def encrypted_field_names(model: type[models.Model] | None) -> frozenset[str]:
    if model is None:
        return frozenset()
    return frozenset(f.name for f in model._meta.concrete_fields if isinstance(f, ENCRYPTED_FIELDS))


def blind_indexes() -> Iterator[tuple[type[models.Model], BlindIndexField]]:
    for model in apps.get_models():
        if model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, BlindIndexField):
                yield model, field
