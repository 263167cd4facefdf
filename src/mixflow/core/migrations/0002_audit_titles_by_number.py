"""Entries written before titles named records by number keep ``str(record)``, a migrant's name
for persons: retitle them "<model> #<id>" like every entry written since (core.audit)."""

from typing import Any

from django.db import migrations
from django.db.models import F, Value
from django.db.models.functions import Concat

# The records whose entries keep their names (core.audit.register(..., named=True)).
NAMED = {
    ("accounts", "organisation"),
    ("accounts", "user"),
    ("accounts", "roleassignment"),
    ("geo", "location"),
    ("core", "loadeddataset"),
    ("identity", "linksettingsversion"),
}


def retitle(apps: Any, schema_editor: Any) -> None:
    log_entry = apps.get_model("auditlog", "LogEntry")
    content_type = apps.get_model("contenttypes", "ContentType")
    used = log_entry.objects.values_list("content_type_id", flat=True).distinct()
    for kind in content_type.objects.filter(pk__in=list(used)):
        if (kind.app_label, kind.model) in NAMED:
            continue
        try:
            name = apps.get_model(kind.app_label, kind.model)._meta.verbose_name_raw
        except LookupError:
            name = kind.model
        log_entry.objects.filter(content_type_id=kind.pk).update(
            object_repr=Concat(Value(f"{name} #"), F("object_pk"))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(retitle, migrations.RunPython.noop, elidable=True)]
