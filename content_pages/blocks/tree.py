"""The one walk over a block's tree: struct children by name, list items by item id.

Every consumer that looks inside a block (translation segments and the translation
writer, structure comparison, translation skeletons, the per-language merge) walks the
same way, so a path such as ``("items", "<item id>")`` means the same leaf everywhere,
in a block's values (``leaves``, ``find``, ``map_leaves``) and in its stored JSON
(``stored_text_leaves``, ``StoredStream``).

What is translated is declared by the blocks: a text leaf is translatable unless its
block says ``translatable = False`` (anchors), and a struct block names what its
children alone cannot say in ``text_parts`` (a ``TextPart`` per child: a stricter
limit, a chat button).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.struct_block import StructValue

TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.RichTextBlock)

Path = tuple[str, ...]
# Where a stored value lives, so that it can be replaced: (its dict or list, key or index).
Slot = tuple[Any, Any]


@dataclass(frozen=True)
class TextPart:
    """How a struct block's text child is translated, where the child block cannot say:
    a limit stricter than the child's own (a chat button's label, left without
    ``max_length`` on the block so that the channel check on save can name the language
    and channel that refuse it), and whether chat apps show it as a button."""

    max_length: int | None = None
    chat_button: bool = False


PLAIN = TextPart()


def declared_part(block: blocks.Block, name: str) -> TextPart:
    """What ``block`` declares of its child ``name`` (``text_parts``), or nothing special."""
    parts: Mapping[str, TextPart] = getattr(block, "text_parts", {})
    return parts.get(name, PLAIN)


def is_translatable_text(block: blocks.Block) -> bool:
    """A text leaf a translator writes; structural texts (anchors) say ``translatable = False``."""
    return isinstance(block, TEXT_BLOCKS) and getattr(block, "translatable", True)


@dataclass(frozen=True)
class Leaf:
    path: Path
    block: blocks.Block
    value: Any
    # What the struct above declares of this leaf (a list's items share the list's).
    part: TextPart = PLAIN

    @property
    def max_length(self) -> int | None:
        """The limit of a translation of this text: the declared one, else the block's own."""
        if self.part.max_length is not None:
            return self.part.max_length
        limit: int | None = getattr(getattr(self.block, "field", None), "max_length", None)
        return limit


def _children(block: blocks.Block, value: Any) -> Iterator[tuple[str, blocks.Block, Any]] | None:
    """The (step, child block, child value) below a container block; None for a leaf."""
    if isinstance(block, blocks.StructBlock):
        return (
            (name, child, value.get(name) if value is not None else None) for name, child in block.child_blocks.items()
        )
    if isinstance(block, blocks.ListBlock):
        items = value.bound_blocks if isinstance(value, ListValue) else []
        return ((item.id, block.child_block, item.value) for item in items)
    return None


def _child_part(block: blocks.Block, step: str, part: TextPart) -> TextPart:
    return declared_part(block, step) if isinstance(block, blocks.StructBlock) else part


def leaves(block: blocks.Block, value: Any, path: Path = (), part: TextPart = PLAIN) -> Iterator[Leaf]:
    """Every leaf below ``block`` (texts, choosers, choices), in document order."""
    children = _children(block, value)
    if children is None:
        yield Leaf(path, block, value, part)
        return
    for step, child, child_value in children:
        yield from leaves(child, child_value, (*path, step), _child_part(block, step, part))


def text_leaves(block: blocks.Block, value: Any) -> Iterator[Leaf]:
    return (leaf for leaf in leaves(block, value) if is_translatable_text(leaf.block))


def find(block: blocks.Block, value: Any, path: Path) -> Any:
    """The value at ``path`` below ``block``, or None where that leaf does not exist."""
    for step in path:
        if value is None:
            return None
        children = _children(block, value)
        if children is None:
            return None
        match = next(((child, child_value) for name, child, child_value in children if name == step), None)
        if match is None:
            return None
        block, value = match
    return value


def map_leaves(
    block: blocks.Block, value: Any, function: Callable[[Leaf], Any], path: Path = (), part: TextPart = PLAIN
) -> Any:
    """A copy of ``value`` with each leaf replaced by ``function(leaf)``; list item ids kept."""
    if isinstance(block, blocks.StructBlock):
        return StructValue(
            block,
            [
                (
                    name,
                    map_leaves(
                        child,
                        value.get(name) if value is not None else None,
                        function,
                        (*path, name),
                        declared_part(block, name),
                    ),
                )
                for name, child in block.child_blocks.items()
            ],
        )
    if isinstance(block, blocks.ListBlock):
        items = value.bound_blocks if isinstance(value, ListValue) else []
        return ListValue(
            block,
            bound_blocks=[
                ListValue.ListChild(
                    block.child_block,
                    map_leaves(block.child_block, item.value, function, (*path, item.id), part),
                    id=item.id,
                )
                for item in items
            ],
        )
    return function(Leaf(path, block, value, part))


def _stored_children(block: blocks.Block, raw: Any) -> Iterator[tuple[str, blocks.Block, Any, Slot | None]]:
    """The (step, child block, child's stored value, where that value lives) below a
    container block's stored (JSON) value; nothing below a leaf. The steps are those of
    ``leaves``: a stream's block ids, a struct's child names, a list's item ids."""
    if isinstance(block, blocks.StreamBlock):
        for item in raw if isinstance(raw, list) else []:
            if isinstance(item, dict) and item.get("type") in block.child_blocks:
                yield str(item.get("id", "")), block.child_blocks[item["type"]], item.get("value"), (item, "value")
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if isinstance(raw, dict):
                yield name, child, raw.get(name), (raw, name)
            else:
                yield name, child, None, None
    elif isinstance(block, blocks.ListBlock):
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            # Stored list items are {"type": "item", "value": …, "id": …}; very old ones are bare values.
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                yield str(item.get("id", index)), block.child_block, item["value"], (item, "value")
            else:
                yield str(index), block.child_block, item, (raw, index)


def stored_text_leaves(block: blocks.Block, raw: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """The translatable texts of a block's stored (JSON) value, with their paths: what a
    translator wrote, read straight from a revision without building its values (which
    would look up every chosen snippet and page). Structural leaves (levels, anchors,
    choosers) are left out, so a mirror of the English structure with empty texts has
    none."""
    if isinstance(block, (blocks.StreamBlock, blocks.StructBlock, blocks.ListBlock)):
        for step, child, value, _slot in _stored_children(block, raw):
            yield from stored_text_leaves(child, value, (*path, step))
        return
    if is_translatable_text(block) and isinstance(raw, str) and raw.strip():
        yield path, raw


def _set_stored(block: blocks.Block, slot: Slot, path: Path, value: Any) -> bool:
    """Replace the leaf at ``path`` below the stored value in ``slot``; False when a step
    of the path is not there."""
    container, key = slot
    if not path:
        container[key] = value
        return True
    for step, child, _, where in _stored_children(block, container[key]):
        if step == path[0]:
            return where is not None and _set_stored(child, where, path[1:], value)
    return False


class StoredStream:
    """A StreamField's stored (JSON) data, to set many texts in one pass: a text's path is
    the one ``leaves`` gives it, after its block id (a segment's ``stream_path``)."""

    def __init__(self, block: blocks.StreamBlock, raw: list[dict[str, Any]]) -> None:
        self.block = block
        self.raw = raw
        self._by_id = {str(item.get("id", "")): item for item in raw if isinstance(item, dict)}

    def set_text(self, path: Path, text: str) -> bool:
        """Set the text at ``path``; False when this stream no longer has that block or
        list item (an editor removed it), so there is nowhere to put it."""
        item = self._by_id.get(path[0]) if path else None
        child = self.block.child_blocks.get(item.get("type")) if item is not None else None
        if item is None or child is None:
            return False
        return _set_stored(child, (item, "value"), path[1:], text)
