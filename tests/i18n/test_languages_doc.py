"""docs/languages.md tells an operator how to add a language: every management command,
subcommand, option and setting it names must exist, or the steps fail half-way."""

import argparse
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class

DOC = Path(__file__).resolve().parents[2] / "docs" / "languages.md"
TEXT = DOC.read_text(encoding="utf-8")
# `manage.py name args…` up to the end of the line or the closing backtick.
INVOCATIONS = sorted(set(re.findall(r"manage\.py ([a-z_]+)([^`\n]*)", TEXT)))
SETTINGS = sorted(
    set(re.findall(r"`([A-Z][A-Z0-9_]{2,})`", TEXT)) | set(re.findall(r"^ *([A-Z][A-Z0-9_]{2,}) =", TEXT, re.M))
)


def parser_of(name: str) -> argparse.ArgumentParser:
    return load_command_class(get_commands()[name], name).create_parser("manage.py", name)


def check_arguments(parser: argparse.ArgumentParser, words: list[str]) -> None:
    options = {option for action in parser._actions for option in action.option_strings}
    choices = next((action.choices for action in parser._actions if not action.option_strings and action.choices), None)
    for position, word in enumerate(words):
        if word.startswith("--"):
            assert word in options, f"{parser.prog} has no option {word}"
        elif position == 0 and choices is not None:
            assert word in choices, f"{parser.prog} has no action {word!r}"
            if isinstance(choices, dict):  # sub-commands: the rest are theirs
                check_arguments(choices[word], words[1:])
                return


def test_the_page_names_commands_and_settings():
    assert len(INVOCATIONS) >= 10
    assert {"CMS_LANGUAGES", "LANGUAGES", "MODELTRANSLATION_FALLBACK_LANGUAGES"} <= set(SETTINGS)


@pytest.mark.parametrize(("name", "arguments"), INVOCATIONS)
def test_every_command_the_page_names_exists_with_its_arguments(name, arguments):
    assert name in get_commands(), f"docs/languages.md names manage.py {name}, which does not exist"
    words = [word for word in arguments.split() if re.fullmatch(r"--?[a-z-]+|[a-z_]+", word)]
    check_arguments(parser_of(name), words)


@pytest.mark.parametrize("name", SETTINGS)
def test_every_setting_the_page_names_exists(name):
    assert hasattr(settings, name), f"docs/languages.md names the setting {name}, which does not exist"


def test_the_check_would_catch_a_wrong_name():
    with pytest.raises(AssertionError):
        check_arguments(parser_of("ui_catalogues"), ["extract"])
    with pytest.raises(AssertionError):
        check_arguments(parser_of("seed_translations"), ["check", "--language"])
