"""Every ISO 3166-1 country, with names in English, French and Spanish."""

from django.db import migrations


def add_countries(apps, schema_editor):
    from mixflow.geo.countries import missing_countries

    location = apps.get_model("geo", "Location")
    location.objects.bulk_create(missing_countries(location))


def remove_countries(apps, schema_editor):
    apps.get_model("geo", "Location").objects.filter(level="country", parent=None).delete()


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(add_countries, remove_countries)]
