"""The messaging platforms' payload shapes are written once, in the contracts.

Renderers build contract objects, so no other module needs the platforms' own key names.
A string literal spelling one of them elsewhere in ``content_pages`` is a payload built, or
read, by hand beside its contract: the two would drift apart.
"""

import ast
import inspect
import typing
from pathlib import Path

from pydantic import BaseModel

import content_pages
from content_pages.rendering.contracts import blocks, channels, common, events, pages

PACKAGE = Path(content_pages.__file__).parent
CONTRACTS = PACKAGE / "rendering" / "contracts"
# What the platforms are sent: a WhatsApp Cloud API message, a Telegram Bot API call, a
# message template to create and to send. Everything else in contracts/channels.py is our
# own envelope around them.
PLATFORM_ROOTS = (channels.WhatsAppMessage, channels.TelegramAnyMessage, channels.TemplateCreate, channels.TemplateSend)


def _models(annotation: object) -> set[type[BaseModel]]:
    """Every model an annotation names, through unions, lists, dicts and Annotated."""
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return {annotation}
    return {model for argument in typing.get_args(annotation) for model in _models(argument)}


def _reachable(roots: tuple[object, ...]) -> set[type[BaseModel]]:
    seen: set[type[BaseModel]] = set()
    todo = [model for root in roots for model in _models(root)]
    while todo:
        model = todo.pop()
        if model not in seen:
            seen.add(model)
            todo += [nested for field in model.model_fields.values() for nested in _models(field.annotation)]
    return seen


def _field_names(models: set[type[BaseModel]]) -> set[str]:
    return {name for model in models for name in model.model_fields}


def _module_models(*modules: object) -> set[type[BaseModel]]:
    return {
        obj
        for module in modules
        for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, BaseModel) and obj.__module__ == module.__name__
    }


def platform_keys() -> set[str]:
    """The platforms' own key names: fields of what the platforms are sent, that none of
    our own shapes (envelopes, pages, blocks, events) also has, and that are compound
    names. Single words (``text``, ``type``, ``body``, ``image``, ``header``) name other
    things all over the code, so scanning for them would say nothing."""
    platform = _field_names(_reachable(PLATFORM_ROOTS))
    ours = _field_names(
        {model for model in _module_models(common, pages, blocks, events) if model not in _reachable(PLATFORM_ROOTS)}
        | {model for model in _module_models(channels) if model not in _reachable(PLATFORM_ROOTS)}
    )
    return {name for name in platform - ours if "_" in name}


def string_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def offences(paths: list[Path], keys: set[str]) -> list[str]:
    return [f"{path}:{line}: {value!r}" for path in paths for line, value in string_literals(path) if value in keys]


def test_the_platform_keys_are_derived_from_the_contracts():
    keys = platform_keys()
    # The keys the issue names, and one from each platform, are among them: the derivation
    # finds the platforms' shapes rather than an empty or a trivial set.
    for key in ("messaging_product", "recipient_type", "parse_mode", "inline_keyboard", "callback_data"):
        assert key in keys
    # Our own shapes' names are not, nor the platforms' single words.
    for key in ("total_count", "block_id", "available_languages", "text", "type"):
        assert key not in keys


def test_the_scan_finds_payload_keys_where_they_are_written(tmp_path):
    # The scan is checked on a module that writes a payload by hand, as the renderers did.
    written_by_hand = tmp_path / "by_hand.py"
    source = 'def message(body):\n    return {"messaging_product": "whatsapp", "text": {"preview_url": False}}\n'
    written_by_hand.write_text(source, encoding="utf-8")
    found = offences([written_by_hand], platform_keys())
    assert len(found) == 2
    assert "'messaging_product'" in found[0]
    assert "'preview_url'" in found[1]


def test_no_module_outside_the_contracts_spells_a_platform_key():
    outside = [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if CONTRACTS not in path.parents and "migrations" not in path.parts
    ]
    assert len(outside) > 100  # the whole package is scanned, not an empty glob
    assert offences(outside, platform_keys()) == []
