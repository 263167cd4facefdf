"""The directory: search by type, language and distance; CSV import by page and command,
bad rows reported with their line and never stopping the import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mixflow.cli.main import main
from mixflow.core.roles import Role
from mixflow.protection.models import Service
from mixflow.protection.queries import DirectorySearch, search_services
from tests.conftest import World
from tests.protection.conftest import Directory

pytestmark = pytest.mark.django_db

CSV = (
    "name,type,unit,sites,areas,languages,min_age,max_age,capacity,contact_email\n"
    "Tripoli clinic,health,Libya team,LBY-TIP-HUB,,ara;eng,,,25,clinic@example.org\n"
    "Bad type,helth,,LBY-TIP-HUB,,,,,,\n"
    "Nowhere,shelter,,XXX-NOPE,,,,,,\n"
    "Ages upside down,safe_care,,,NER,,17,5,,\n"
    "Country-wide,cash,,,LBY,ara,,,,\n"
)


def test_search_by_type_language_and_distance(world: World, directory: Directory) -> None:
    everything = search_services(world.user(Role.ENUMERATOR), DirectorySearch())
    assert {s.name for s, _d in everything} == {
        "Agadez clinic",
        "Child protection desk",
        "Legal counselling Tripoli",
    }
    near = search_services(
        world.user(Role.ENUMERATOR), DirectorySearch(near_site=world.tripoli, within_km=100)
    )
    assert [(s.name, round(d or 0)) for s, d in near] == [("Legal counselling Tripoli", 0)]
    far = search_services(world.user(Role.ENUMERATOR), DirectorySearch(near_site=world.tripoli))
    # Agadez is about 1,800 km from Tripoli (great circle): nearest first.
    assert next(s.name for s, _d in far) == "Legal counselling Tripoli"
    assert 1500 < (far[1][1] or 0) < 2100
    tigrinya = search_services(world.user(Role.ENUMERATOR), DirectorySearch(language="tir"))
    assert [s.name for s, _d in tigrinya] == ["Agadez clinic"]
    health = search_services(world.user(Role.ENUMERATOR), DirectorySearch(service_type="health"))
    assert [s.name for s, _d in health] == ["Agadez clinic"]


def test_the_directory_page_filters_and_refuses_what_it_must(
    world: World, directory: Directory, login: Any
) -> None:
    client = login(world.user(Role.ENUMERATOR))
    page = client.get(reverse("web:service_list"), {"site": world.tripoli.pk, "within_km": 50})
    text = page.content.decode()
    assert "Legal counselling Tripoli" in text
    assert "Agadez clinic" not in text
    assert client.get(reverse("web:service_add")).status_code == 403
    admin = login(world.user(Role.ORG_ADMIN))
    # Home's administrator may not edit the clinic's service.
    edit = reverse("web:service_edit", args=[directory.health.pk])
    assert admin.get(edit).status_code == 403
    assert admin.get(reverse("web:service_edit", args=[directory.legal_aid.pk])).status_code == 200


def test_csv_import_page_reports_bad_rows_and_keeps_the_good(
    world: World, directory: Directory, login: Any
) -> None:
    client = login(directory.clinic_admin)
    answer = client.post(
        reverse("web:service_import"),
        {"file": SimpleUploadedFile("services.csv", CSV.encode(), "text/csv")},
    )
    text = answer.content.decode()
    assert answer.status_code == 200
    assert "2 added, 0 updated, 3 rows left out." in text
    assert "Line 3:" in text
    assert "helth" in text
    assert "XXX-NOPE" in text
    assert "The minimum age is above the maximum age." in text
    clinic = Service.objects.get(name="Tripoli clinic")
    assert clinic.provider.organisation == directory.clinic
    assert clinic.provider.unit == "Libya team"
    assert clinic.languages == ["ara", "eng"]
    assert [a.code for a in Service.objects.get(name="Country-wide").catchment_areas.all()] == [
        "LBY"
    ]


def test_csv_import_command(
    world: World, directory: Directory, tmp_path: Path, capsys: Any
) -> None:
    path = tmp_path / "services.csv"
    # Semicolons between cells (as spreadsheets write in French or Spanish), commas in lists.
    semicolons = CSV.replace("ara;eng", "LIST").replace(",", ";").replace("LIST", '"ara,eng"')
    path.write_text(semicolons, encoding="utf-8")
    code = main(["services", "import", str(path), "--organisation", "clinic"])
    out, err = capsys.readouterr()
    assert code == 1  # some rows were left out
    assert "2 added, 0 updated, 3 rows left out" in out
    assert "line 3:" in err
    # Run again: the same services are updated, not doubled.
    main(["services", "import", str(path), "--organisation", "clinic"])
    out, _err = capsys.readouterr()
    assert "0 added, 2 updated" in out
    assert Service.objects.filter(name="Tripoli clinic").count() == 1
    assert main(["services", "import", str(path), "--organisation", "nope"]) == 2
