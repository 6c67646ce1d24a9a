"""The one walk over a block's tree: struct children by name, list items by item id.

Every consumer that looks inside a block (translation segments, structure comparison,
translation skeletons, the per-language merge) walks the same way, so a path such as
``("items", "<item id>")`` means the same leaf everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.struct_block import StructValue

TEXT_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.RichTextBlock)

Path = tuple[str, ...]


def is_translatable_text(block: blocks.Block) -> bool:
    """A text leaf a translator writes; structural texts (anchors) say ``translatable = False``."""
    return isinstance(block, TEXT_BLOCKS) and getattr(block, "translatable", True)


@dataclass(frozen=True)
class Leaf:
    path: Path
    block: blocks.Block
    value: Any


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


def leaves(block: blocks.Block, value: Any, path: Path = ()) -> Iterator[Leaf]:
    """Every leaf below ``block`` (texts, choosers, choices), in document order."""
    children = _children(block, value)
    if children is None:
        yield Leaf(path, block, value)
        return
    for step, child, child_value in children:
        yield from leaves(child, child_value, (*path, step))


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


def map_leaves(block: blocks.Block, value: Any, function: Callable[[Leaf], Any], path: Path = ()) -> Any:
    """A copy of ``value`` with each leaf replaced by ``function(leaf)``; list item ids kept."""
    if isinstance(block, blocks.StructBlock):
        return StructValue(
            block,
            [
                (name, map_leaves(child, value.get(name) if value is not None else None, function, (*path, name)))
                for name, child in block.child_blocks.items()
            ],
        )
    if isinstance(block, blocks.ListBlock):
        items = value.bound_blocks if isinstance(value, ListValue) else []
        return ListValue(
            block,
            bound_blocks=[
                ListValue.ListChild(
                    block.child_block, map_leaves(block.child_block, item.value, function, (*path, item.id)), id=item.id
                )
                for item in items
            ],
        )
    return function(Leaf(path, block, value))


def stored_text_leaves(block: blocks.Block, raw: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """The translatable texts of a block's stored (JSON) value, with their paths: what a
    translator wrote, read straight from a revision without building its values (which
    would look up every chosen snippet and page). Structural leaves (levels, anchors,
    choosers) are left out, so a mirror of the English structure with empty texts has
    none."""
    if isinstance(block, blocks.StreamBlock):
        for item in raw if isinstance(raw, list) else []:
            if isinstance(item, dict) and item.get("type") in block.child_blocks:
                child = block.child_blocks[item["type"]]
                yield from stored_text_leaves(child, item.get("value"), (*path, str(item.get("id", ""))))
        return
    if isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from stored_text_leaves(child, raw.get(name) if isinstance(raw, dict) else None, (*path, name))
        return
    if isinstance(block, blocks.ListBlock):
        for index, item in enumerate(raw if isinstance(raw, list) else []):
            # Stored list items are {"type": "item", "value": …, "id": …}; very old ones are bare values.
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                step, value = str(item.get("id", index)), item["value"]
            else:
                step, value = str(index), item
            yield from stored_text_leaves(block.child_block, value, (*path, step))
        return
    if is_translatable_text(block) and isinstance(raw, str) and raw.strip():
        yield path, raw
