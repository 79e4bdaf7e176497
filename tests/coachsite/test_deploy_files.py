"""The deployment files in deploy/ and the Procfile agree with the code they start."""

import configparser
import re

import pytest
from django.conf import settings
from django.core.management import get_commands

DEPLOY = settings.BASE_DIR / "deploy"
UNITS = sorted((DEPLOY / "systemd").iterdir())
README = (settings.BASE_DIR / "README.md").read_text()


def commands_in(text):
    return set(re.findall(r"manage\.py (\w+)", text))


@pytest.mark.parametrize("path", [*UNITS, settings.BASE_DIR / "Procfile"], ids=str)
def test_every_command_they_run_exists(path):
    text = path.read_text()
    commands = commands_in(text)

    assert commands or "gunicorn coachsite.wsgi" in text or path.suffix == ".timer"
    assert commands <= set(get_commands()), commands - set(get_commands())


@pytest.mark.parametrize("path", UNITS, ids=lambda path: path.name)
def test_the_systemd_units_are_well_formed(path):
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str
    unit.read(path)

    assert unit["Unit"]["Description"]
    if path.suffix == ".timer":
        assert (DEPLOY / "systemd" / f"{path.stem}.service").exists()
        assert unit["Install"]["WantedBy"] == "timers.target"
    else:
        service = unit["Service"]
        assert service["ExecStart"].startswith("/srv/coachsite/.venv/bin/")
        assert service["User"] == "coachsite"
        assert service["EnvironmentFile"] == "/etc/coachsite/env"


def test_every_variable_of_the_example_environment_is_documented():
    example = (DEPLOY / "coachsite.env.example").read_text()
    names = re.findall(r"^([A-Z_]+)=", example, flags=re.MULTILINE)

    assert "SECRET_KEY" in names
    assert [name for name in names if f"`{name}`" not in README] == []


def test_the_guide_names_only_units_that_exist():
    guide = (settings.BASE_DIR / "docs" / "deploy.md").read_text()
    named = set(re.findall(r"(coachsite-[a-z]+@?)", guide))

    assert named
    for unit in named:
        assert (DEPLOY / "systemd" / f"{unit}.service").exists(), unit
