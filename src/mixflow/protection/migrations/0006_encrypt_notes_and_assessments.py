"""Encrypt existing values of these columns (``core.migrations._sealing``)."""

from django.db import migrations

import mixflow.core.encryption
from mixflow.core.migrations._sealing import seal_columns

SEAL_0 = seal_columns("protection", "casenote", ["text"])
SEAL_1 = seal_columns("protection", "caseassessment", ["summary"])
SEAL_2 = seal_columns("protection", "referral", ["note"])


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("protection", "0005_merge_0002_cases_0004_merge_20261203_1746"),
    ]

    operations = [
        migrations.AlterField(
            model_name="caseassessment",
            name="summary",
            field=mixflow.core.encryption.EncryptedTextField(verbose_name="assessment"),
        ),
        migrations.AlterField(
            model_name="casenote",
            name="text",
            field=mixflow.core.encryption.EncryptedTextField(verbose_name="note"),
        ),
        migrations.AlterField(
            model_name="referral",
            name="note",
            field=mixflow.core.encryption.EncryptedTextField(blank=True, verbose_name="note"),
        ),
        migrations.RunPython(*SEAL_0),
        migrations.RunPython(*SEAL_1),
        migrations.RunPython(*SEAL_2),
    ]
