"""The ``mixflow`` command speaks English, French or Spanish: ``--language``, else
``MIXFLOW_LANGUAGE``, else the POSIX locale variables, else English; help texts, argparse's
own words, summaries and errors alike."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from mixflow.cli import language
from mixflow.cli.main import main
from tests.test_cli import _environment

NBSP = "\u00a0"
LOCALE = ("MIXFLOW_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def _speaking(env: dict[str, str]) -> dict[str, str]:
    """The test environment without any locale variable, then ``env``."""
    base = {k: v for k, v in _environment(None).items() if k not in LOCALE}
    return {**base, **env}


def _mixflow(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mixflow", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=_speaking(env),
        check=False,
    )


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
        ({"LANG": "es"}, "es"),
        ({"LC_ALL": "es_MX.UTF-8", "LANG": "fr_FR.UTF-8"}, "es"),  # the first one set wins
        ({"LC_MESSAGES": "de_DE.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),  # …even unspoken
        ({"LANGUAGE": "de:fr", "LANG": "es_ES"}, "fr"),  # a list: the first one spoken here
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": ""}, "en"),
        ({"MIXFLOW_LANGUAGE": "es", "LANG": "fr_FR.UTF-8"}, "es"),
        ({"MIXFLOW_LANGUAGE": "en", "LANGUAGE": "fr"}, "en"),
    ],
)
def test_the_environment_chooses(environment: dict[str, str], expected: str) -> None:
    assert language.from_environment(environment) == expected


def test_the_option_wins_over_the_environment() -> None:
    french = {"MIXFLOW_LANGUAGE": "fr"}
    assert language.chosen(["--language", "es", "synth"], french) == "es"
    assert language.chosen(["--language=en", "synth"], french) == "en"
    assert language.chosen(["--lang", "es", "report"], french) == "es"  # argparse's prefix
    # After the subcommand, --lang is that command's (the report's language), not ours.
    assert language.chosen(["report", "--lang", "es"], french) == "fr"
    assert language.chosen(["--language", "de", "synth"], french) == "fr"  # refused later


def test_help_in_english_by_default_and_in_the_environments_language() -> None:
    english = _mixflow("--help", env={})
    assert english.returncode == 0, english.stderr
    assert "Generate synthetic" in english.stdout
    assert english.stdout.startswith("usage: mixflow")

    french = _mixflow("--help", env={"LANG": "fr_FR.UTF-8"})
    assert french.returncode == 0, french.stderr
    assert "Générer des données synthétiques" in french.stdout
    assert french.stdout.startswith(f"utilisation{NBSP}: mixflow")
    assert "afficher ce message d'aide et quitter" in french.stdout

    spanish = _mixflow("synth", "--help", env={"MIXFLOW_LANGUAGE": "es"})
    assert spanish.returncode == 0, spanish.stderr
    assert "número de seres humanos" in spanish.stdout
    assert "semilla aleatoria" in spanish.stdout


def test_the_option_wins_over_the_environment_in_a_real_command() -> None:
    result = _mixflow("--language", "en", "--help", env={"MIXFLOW_LANGUAGE": "fr"})
    assert "Generate synthetic" in result.stdout
    result = _mixflow("--language", "es", "--help", env={"LANG": "fr_FR.UTF-8"})
    assert "Generar datos sintéticos" in result.stdout


def test_argparse_refuses_in_the_users_language() -> None:
    french = _mixflow("--language", "fr", "questionnaire", "add", env={})
    assert french.returncode == 2
    assert f"erreur{NBSP}: les arguments suivants sont obligatoires{NBSP}: file" in french.stderr
    spanish = _mixflow("synth", "--people", "many", env={"LANG": "es_ES.UTF-8"})
    assert spanish.returncode == 2
    assert "argumento --people: valor int no válido: 'many'" in spanish.stderr
    unknown = _mixflow("--language", "de", "synth", env={"LANG": "es_ES.UTF-8"})
    assert "opción no válida: 'de'" in unknown.stderr


def test_synth_says_what_it_wrote_in_each_language(tmp_path: Path) -> None:
    args = ("synth", "--people", "30", "--seed", "3")
    french = _mixflow(*args, "--out", str(tmp_path / "fr"), env={"MIXFLOW_LANGUAGE": "fr"})
    assert french.returncode == 0, french.stderr
    assert french.stdout.strip().startswith("30 personnes → ")
    assert " fiches, " in french.stdout
    assert " contacts, " in french.stdout
    spanish = _mixflow(*args, "--out", str(tmp_path / "es"), env={"LANGUAGE": "es"})
    assert spanish.returncode == 0, spanish.stderr
    assert spanish.stdout.strip().startswith("30 personas → ")
    assert " registros, " in spanish.stdout
    assert " conteos de flujos en " in spanish.stdout
    english = _mixflow(*args, "--out", str(tmp_path / "en"), env={})
    assert english.stdout.strip().startswith("30 people → ")


def test_link_counts_with_the_languages_plurals(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text(
        "record_id,given_name,family_name,date_of_birth\n"
        "1,Mohammed,Salah,1990-04-03\n2,Muhammad,Salah,1990-04-03\n3,Amina,Torres,2001\n",
        encoding="utf-8",
    )
    env = {"MIXFLOW_DATA_DIR": str(tmp_path / "must-not-exist")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mixflow",
            "--language",
            "fr",
            "link",
            "dedupe",
            "in.csv",
            "--out",
            "out.csv",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_speaking(env),
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # French counts 0 and 1 in the singular.
    assert "3 fiches → 2 regroupements (1 lien, 0 paire à examiner, 1 paire comparée)" in (
        done.stdout
    )
    assert not (tmp_path / "must-not-exist").exists()


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "line 3: the record_id '1' appears twice."),
        ("fr", "ligne 3\u00a0: le record_id '1' apparaît deux fois."),
        ("es", "línea 3: el record_id '1' aparece dos veces."),
    ],
)
def test_a_bad_input_file_is_refused_in_the_users_language(
    tmp_path: Path, language: str, said: str
) -> None:
    """The matcher's own refusals (it runs without Django) reach the user translated."""
    (tmp_path / "in.csv").write_text("record_id,given_name\n1,Amina\n1,Amina\n", encoding="utf-8")
    done = _mixflow(
        "--language",
        language,
        "link",
        "dedupe",
        str(tmp_path / "in.csv"),
        "--out",
        str(tmp_path / "out.csv"),
        env={},
    )
    assert done.returncode == 2
    assert said in done.stderr, done.stderr
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.django_db
def test_an_unknown_organisation_is_refused_in_french_and_spanish(
    world: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code = main(["--language", "fr", "referrals", "remind", "--organisation", "nowhere"])
    assert code == 2
    assert capsys.readouterr().err == f"mixflow referrals{NBSP}: aucune organisation 'nowhere'\n"

    monkeypatch.setenv("MIXFLOW_LANGUAGE", "es")
    code = main(["identity", "link", "--organisation", "nowhere"])
    assert code == 2
    err = capsys.readouterr().err
    assert "no existe la organización 'nowhere'; conocidas: home, other" in err


@pytest.mark.django_db
def test_the_applications_refusals_follow_and_the_language_is_put_back(
    world: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """What an action says (Django's gettext) comes in the command's language too; once the
    command returns, Django speaks as before and the command's next run is English again."""
    code = main(["--language", "fr", "users", "revoke", "--user", "org_admin", "outsider", "x"])
    assert code == 2
    assert "aucun rôle 'x'" in capsys.readouterr().err
    code = main(
        ["--language", "es", "users", "revoke", "--user", "org_admin", "outsider", "caseworker"]
    )
    assert code == 2
    assert "Solo puede gestionar las cuentas de su propia organización" in (capsys.readouterr().err)
    assert translation.get_language() == "en"
    assert language.current() == "en"
    assert main(["referrals", "remind", "--organisation", "nowhere"]) == 2
    assert capsys.readouterr().err == "mixflow referrals: no organisation 'nowhere'\n"


def test_the_tests_run_the_command_in_english() -> None:
    """conftest's guard: a developer's French locale does not reach the commands tests run."""
    assert os.environ["MIXFLOW_LANGUAGE"] == "en"
    assert language.chosen([]) == "en"


def _link(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mixflow", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_speaking({"MIXFLOW_DATA_DIR": str(tmp_path / "must-not-exist")}),
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "mixflow link: error: settings lack 'version'"),
        ("fr", f"mixflow link{NBSP}: erreur{NBSP}: il manque 'version' aux paramètres"),
        ("es", "mixflow link: error: falta 'version' en la configuración"),
    ],
)
def test_a_bad_settings_file_is_refused_in_the_users_language(
    tmp_path: Path, language: str, said: str
) -> None:
    (tmp_path / "in.csv").write_text("record_id,given_name\n1,Amina\n", encoding="utf-8")
    (tmp_path / "mine.json").write_text('{"schema": 1}', encoding="utf-8")
    done = _link(
        tmp_path,
        *("--language", language, "link", "dedupe", "in.csv", "--out", "out.csv"),
        *("--settings", "mine.json"),
    )
    assert done.returncode == 2
    assert said in done.stderr, done.stderr
    assert not (tmp_path / "out.csv").exists()


def test_a_refused_fit_says_why_in_the_users_language(tmp_path: Path) -> None:
    """Too few records to estimate weights: ``dedupe --fit`` says why and goes on with the
    shipped weights; ``fit`` stops. The reason is in the user's language either way."""
    (tmp_path / "in.csv").write_text(
        "record_id,given_name,family_name\n1,Ali,Rezai\n2,Ali,Rezai\n3,Omar,Haddad\n",
        encoding="utf-8",
    )
    french = _link(
        tmp_path, "--language", "fr", "link", "dedupe", "in.csv", "--out", "out.csv", "--fit"
    )
    assert french.returncode == 0, french.stderr
    assert (
        f"pas d'estimation{NBSP}: 3 fiches, c'est trop peu pour estimer les poids (il en faut "
        f"au moins 500){NBSP}: utilisez les paramètres fournis{NBSP}; les paramètres 2 ont été "
        "utilisés"
    ) in french.stderr
    spanish = _link(tmp_path, "--language", "es", "link", "fit", "in.csv", "--out", "s.json")
    assert spanish.returncode == 2
    assert (
        "mixflow link: error: 3 registros son demasiado pocos para estimar los pesos (se "
        "necesitan al menos 500): use la configuración incluida"
    ) in spanish.stderr
    assert not (tmp_path / "s.json").exists()


def test_a_refusals_numbers_are_written_as_the_language_writes_them() -> None:
    """The matcher keeps a refusal's numbers as numbers: the command writes them its way
    (5 000 candidate pairs, 100,0 % in French), not as the English text has them."""
    import numpy as np

    from mixflow.identity.linkage import FitRefused, load_settings
    from mixflow.identity.linkage.model import bounded_em

    settings = load_settings(None)
    best = [len(f.levels) - 1 for f in settings.fields]
    levels = np.tile(np.array(best, dtype=np.int8), (5000, 1))
    with pytest.raises(FitRefused) as refused:
        bounded_em(levels, settings)
    assert "of the 5,000 candidate pairs" in str(refused.value)
    with language.speaking("fr"):
        said = language.said(refused.value.template, refused.value.params)
    assert said.startswith("l'estimation a dérivé jusqu'à tout relier (")
    share = said.split("(")[1].split(f"{NBSP}%")[0]
    assert "," in share, said
    assert "." not in share, said
    assert f"{NBSP}% des 5{NBSP}000 paires candidates){NBSP}:" in said


def test_the_weighed_fields_are_named_in_the_review_pages_words(tmp_path: Path) -> None:
    """``dedupe`` says what the file made of the fields it weighs, in the words the review
    page uses ("Site", "enregistrés sur le même site"), not the settings' names ("site",
    "same site"); a column of the user's own settings keeps its name."""
    import json
    from importlib import resources

    from tests.identity.linkage.test_cli import _registry

    rows = _registry(come_back=True).splitlines()
    # A column of the user's own, "village": as the site, in other words.
    village = [f"{rows[0]},village"] + [f"{r},V{r.rsplit(',', 1)[1]}" for r in rows[1:]]
    (tmp_path / "in.csv").write_text("\n".join(village) + "\n", encoding="utf-8")
    shipped = resources.files("mixflow.identity.linkage").joinpath("settings/v2.json")
    settings = json.loads(shipped.read_text(encoding="utf-8"))
    settings["extra_columns"] = ["village"]
    settings["fields"].append(
        {"name": "extra:village", "levels": [], "m": [0, 0.5, 0.5], "u": [0, 0.5, 0.5]}
    )
    settings["estimate_fields"] = [*settings["estimate_fields"], "extra:village"]
    (tmp_path / "mine.json").write_text(json.dumps(settings), encoding="utf-8")
    done = _link(
        tmp_path,
        *("--language", "fr", "link", "dedupe", "in.csv", "--out", "out.csv"),
        *("--settings", "mine.json"),
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    site = next(line for line in lines if line.startswith("Site, "))
    assert site.startswith(
        f"Site, poids lus dans ce fichier{NBSP}: enregistrés sur des sites différents ("
    )
    assert "bits), enregistrés sur le même site (+" in site
    assert any(
        line.startswith(f"Nationalité, poids lus dans ce fichier{NBSP}: nationalités différentes")
        for line in lines
    )
    own = next(line for line in lines if line.startswith("village, "))
    assert own.startswith(f"village, poids lus dans ce fichier{NBSP}: valeurs différentes (")
    assert "bits), la même valeur (+" in own


def test_the_review_files_reasons_are_in_the_users_language(tmp_path: Path) -> None:
    """``dedupe --review`` writes each pair's reasons as the review page says them, in the
    command's language: "Noms : ..." with French decimals, not "name: same names (+2.5)"."""
    from tests.identity.linkage.test_cli import FULL

    (tmp_path / "in.csv").write_text(FULL, encoding="utf-8")
    done = _link(
        tmp_path,
        *("--language", "fr", "link", "dedupe", "in.csv", "--out", "out.csv"),
        *("--review", "review.csv"),
    )
    assert done.returncode == 0, done.stderr
    rows = (tmp_path / "review.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "left_id,right_id,score,probability,explanation"  # codes stay codes
    pair = next(row for row in rows if row.startswith("b1,b2,"))
    assert f"Noms{NBSP}: tous les noms d'une fiche figurent dans l'autre (+" in pair, pair
    assert f"Date de naissance{NBSP}: " in pair
    weight = pair.split(f"Noms{NBSP}: ")[1].split("(+")[1].split(")")[0]
    assert "," in weight, pair  # +2,5: a French decimal
    assert "name_set" not in pair


def test_a_rule_files_problems_are_listed_in_the_users_language(tmp_path: Path) -> None:
    import json

    rules = tmp_path / "rules.json"
    rule = {"id": "x", "kind": "profile", "code": "vagrant", "when": {"any": [{"answer": "shoe"}]}}
    rules.write_text(json.dumps({"rules": [rule]}), encoding="utf-8")
    done = _mixflow("--language", "fr", "profile", "rules", "--rules", str(rules), env={})
    assert done.returncode == 2
    said = done.stderr.splitlines()
    assert (
        f"mixflow profile{NBSP}: x{NBSP}: profil inconnu «{NBSP}vagrant{NBSP}» (connus" in said[0]
    )
    assert (
        f"mixflow profile{NBSP}: x{NBSP}: when.any[0]{NBSP}: réponse inconnue «{NBSP}shoe{NBSP}»"
        in said
    )


def test_backup_and_key_refusals_are_in_the_users_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "missing.backup"
    assert main(["--language", "fr", "restore", str(missing), "--yes"]) == 1
    assert capsys.readouterr().err == (
        f"mixflow restore{NBSP}: {missing}{NBSP}: fichier introuvable\n"
    )
    monkeypatch.setenv("MIXFLOW_FIELD_KEYS", "from-the-environment")
    assert main(["--language", "fr", "keys", "retire"]) == 1
    assert capsys.readouterr().err == (
        f"mixflow keys retire{NBSP}: les clés viennent de MIXFLOW_FIELD_KEYS{NBSP}: "
        "retirez-y les anciennes\n"
    )
    monkeypatch.setenv("MIXFLOW_INDEX_KEY", "from-the-environment")
    assert main(["--language", "es", "keys", "reindex", "--new-index-key"]) == 1
    assert capsys.readouterr().err == (
        "mixflow keys reindex: MIXFLOW_INDEX_KEY fija la clave de índice: cámbiela allí y "
        "luego calcule de nuevo los índices\n"
    )


@pytest.mark.django_db
def test_a_report_that_cannot_be_made_is_refused_in_the_users_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "r.pdf")
    assert (
        main(
            ["--language", "fr", "report", "--period", "2026-Q5", "--country", "NER", "--out", out]
        )
        == 2
    )
    assert capsys.readouterr().err == (
        f"mixflow report{NBSP}: --period '2026-Q5' n'est pas une période{NBSP}: indiquez-la "
        "sous la forme 2026, 2026-Q3 ou 2026-07\n"
    )
    assert (
        main(
            ["--language", "fr", "report", "--period", "2026-Q3", "--country", "NER", "--out", out]
        )
        == 2
    )
    assert capsys.readouterr().err == (
        f"mixflow report{NBSP}: aucune publication approuvée pour NER 2026-Q3{NBSP}; indiquez "
        "avec --organisation l'organisation pour laquelle en rédiger un brouillon\n"
    )
    assert (
        main(["--language", "es", "report", "--period", "2026", "--route", "nowhere", "--out", out])
        == 2
    )
    assert capsys.readouterr().err.startswith("mixflow report: 'nowhere' no es una ruta (una de: ")


@pytest.mark.parametrize("lang", ["en", "fr", "es"])
def test_the_command_writes_numbers_as_the_pages_do(lang: str) -> None:
    from mixflow.core import language as pages

    with language.speaking(lang), translation.override(lang):
        assert language.number(1234567) == pages.number(1234567)
        assert language.decimal(12.5, 1) == pages.decimal(12.5, 1)
