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
    assert capsys.readouterr().err == "mixflow referrals: aucune organisation 'nowhere'\n"

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
