"""Encrypt existing values of these columns (``core.migrations._sealing``)."""

from django.db import migrations

import mixflow.core.encryption
from mixflow.core.migrations._sealing import seal_columns

SEAL_0 = seal_columns("identity", "document", ["number"], index=("number", "number_index"))


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("identity", "0002_identities_and_review"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="number_index",
            field=mixflow.core.encryption.BlindIndexField(
                blank=True, db_index=True, editable=False, max_length=64, source="number"
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="number",
            field=mixflow.core.encryption.EncryptedTextField(
                blank=True, max_length=60, verbose_name="number"
            ),
        ),
        migrations.RunPython(*SEAL_0),
    ]
