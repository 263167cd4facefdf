"""Settings are versioned data: shipped JSON, loaded, validated, saved and loaded again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mixflow.identity.linkage import LinkSettings, SettingsError, load_settings
from mixflow.identity.linkage.settings import save_settings


def test_default_settings_round_trip(tmp_path: Path) -> None:
    settings = load_settings()
    assert settings.version == "2"
    assert settings.lower <= settings.upper
    path = tmp_path / "s.json"
    save_settings(settings, path)
    again = load_settings(path)
    assert again == settings
    assert LinkSettings.from_dict(json.loads(settings.to_json())) == settings


def test_shipped_febrl_settings_declare_extra_columns() -> None:
    febrl = load_settings("febrl")
    assert "soc_sec_id" in febrl.extra_columns
    assert any(f.name == "extra:soc_sec_id" for f in febrl.fields)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["thresholds"].update(lower=5, upper=1), "lower must not exceed upper"),
        (lambda d: d["blocking"].append("year"), "needs a name or identifier"),
        (lambda d: d["blocking"].append("name_pair+shoe_size"), "unknown blocking component"),
        (lambda d: d["fields"][0]["m"].pop(), "one per level"),
        (lambda d: d.update(schema=99), "schema"),
        (lambda d: d.update(cluster_guard={"max_year_spread": -1}), "max_year_spread"),
        (lambda d: d.update(cluster_guard=[4]), "cluster_guard must be"),
    ],
)
def test_invalid_settings_are_refused(tmp_path: Path, change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(load_settings().to_json())
    change(data)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_settings(path)


def test_missing_settings_file(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="no settings file"):
        load_settings(tmp_path / "nope.json")


def test_cluster_guard_is_settings_data() -> None:
    # Registrations of people on the move: birth years and sex keep clusters apart; FEBRL has
    # typing slips in years, so its clusters are not guarded by them.
    v1 = load_settings()
    assert (v1.guard_year_spread, v1.guard_sex) == (4, True)
    febrl = load_settings("febrl")
    assert (febrl.guard_year_spread, febrl.guard_sex) == (None, False)


def test_the_cluster_floor_lies_between_the_review_band_and_the_batch_threshold(
    tmp_path: Path,
) -> None:
    data = json.loads(load_settings().to_json())
    assert data["thresholds"]["cluster_floor"] == -4.0
    for bad in (-7.0, -1.0, "low"):
        data["thresholds"]["cluster_floor"] = bad
        path = tmp_path / "bad.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        with pytest.raises(SettingsError, match="cluster_floor"):
            load_settings(path)
    del data["thresholds"]["cluster_floor"]
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_settings(path).evidence_floor == data["thresholds"]["lower"]


def test_the_cluster_floor_falls_a_bit_per_doubling_of_the_batch_down_to_the_review_band() -> None:
    from mixflow.identity.linkage.share import batch_settings

    settings = load_settings()
    measured = settings.measured_on
    assert batch_settings(settings, measured // 2).evidence_floor == -4.0
    assert batch_settings(settings, measured).evidence_floor == -4.0
    assert batch_settings(settings, 2 * measured).evidence_floor == pytest.approx(-5.0)
    assert batch_settings(settings, 1_000_000).evidence_floor == settings.lower == -6.0
    assert batch_settings(load_settings("febrl"), 1_000_000).evidence_floor == -6.0
