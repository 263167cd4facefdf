"""Encrypt existing values of these columns (``core.migrations._sealing``)."""

from django.db import migrations

import mixflow.core.encryption
from mixflow.core.migrations._sealing import seal_columns

SEAL_0 = seal_columns(
    "intake",
    "sensitivedetails",
    ["trafficking_indicators", "violence_incidents", "health_conditions", "asylum_details"],
)


class Migration(migrations.Migration):
    dependencies = [
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("intake", "0005_merge_0003_profiling_0004_form_media"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sensitivedetails",
            name="asylum_details",
            field=mixflow.core.encryption.EncryptedTextField(
                blank=True, verbose_name="asylum claim details"
            ),
        ),
        migrations.AlterField(
            model_name="sensitivedetails",
            name="health_conditions",
            field=mixflow.core.encryption.EncryptedJSONField(
                blank=True, default=list, verbose_name="health conditions"
            ),
        ),
        migrations.AlterField(
            model_name="sensitivedetails",
            name="trafficking_indicators",
            field=mixflow.core.encryption.EncryptedJSONField(
                blank=True, default=list, verbose_name="trafficking indicators"
            ),
        ),
        migrations.AlterField(
            model_name="sensitivedetails",
            name="violence_incidents",
            field=mixflow.core.encryption.EncryptedJSONField(
                blank=True, default=list, verbose_name="incidents of violence en route"
            ),
        ),
        migrations.RunPython(*SEAL_0),
    ]
