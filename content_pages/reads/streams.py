"""Resolve a translated StreamField block by block, reporting every fallback.

The source-language stream defines the structure: which blocks exist, their order,
and their non-text parts (chosen snippets, images, heading levels, anchors). Each
translation stream holds blocks with the *same ids*; for every text leaf the first
non-empty value along the language's fallback chain is used. A translator who has
done half an article therefore publishes half a translation, and the rest is served
from the source language and reported as such (``fallback_paths``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from wagtail import blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.struct_block import StructValue

from content_pages.blocks.tree import is_translatable_text, leaves
from content_pages.foundations.languages import fallback_chain, localized_field_name
from content_pages.foundations.localized import is_empty


@dataclass
class LocalizedBlock:
    field_name: str
    id: str
    block_type: str
    block: blocks.Block
    value: Any
    language: str
    fallback_paths: list[str] = field(default_factory=list)
    # path -> the language that actually served it
    served_by: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    # Texts of this block served from a translation whose source has changed since.
    stale_paths: list[str] = field(default_factory=list)

    @property
    def is_fallback(self) -> bool:
        return bool(self.fallback_paths)

    @property
    def is_stale(self) -> bool:
        return bool(self.stale_paths)

    @property
    def path(self) -> str:
        return f"{self.field_name}.{self.id}"

    def field_is_fallback(self, name: str) -> bool:
        suffix = f".{name}"
        return any(path.endswith(suffix) or f"{suffix}." in path for path in self.fallback_paths)


@dataclass
class LocalizedStream:
    language: str
    blocks: list[LocalizedBlock]

    @property
    def fallback_paths(self) -> list[str]:
        return [path for item in self.blocks for path in item.fallback_paths]

    def __iter__(self) -> Iterable[LocalizedBlock]:
        return iter(self.blocks)


class _Merge:
    """One merge run: candidates are (language, value) pairs, most preferred first."""

    def __init__(self, requested: str, replaced: frozenset[str] = frozenset()) -> None:
        self.requested = requested
        # Texts whose translation must not be served (stale, by policy): the fallback
        # chain serves them as if they were not translated.
        self.replaced = replaced
        self.fallbacks: list[str] = []
        self.served_by: dict[str, str] = {}

    def value(self, block: blocks.Block, candidates: list[tuple[str, Any]], path: str) -> Any:
        structure = candidates[-1][1]
        if isinstance(block, blocks.StructBlock):
            return self._struct(block, candidates, path)
        if isinstance(block, blocks.ListBlock):
            return self._list(block, candidates, path)
        if not is_translatable_text(block):
            return structure
        # A translation may fill a text the source leaves empty: an optional override
        # (a shorter button label, say) can be needed in one language only.
        for language, value in candidates:
            if language == self.requested and path in self.replaced:
                continue
            if not is_empty(value):
                if language != self.requested:
                    self.fallbacks.append(path)
                    self.served_by[path] = language
                return value
        return structure

    def _struct(self, block: blocks.StructBlock, candidates: list[tuple[str, Any]], path: str) -> StructValue:
        merged = []
        for name, child in block.child_blocks.items():
            child_candidates = [
                (language, value.get(name) if isinstance(value, StructValue) else None)
                for language, value in candidates
            ]
            merged.append((name, self.value(child, child_candidates, f"{path}.{name}")))
        return StructValue(block, merged)

    def _list(self, block: blocks.ListBlock, candidates: list[tuple[str, Any]], path: str) -> ListValue:
        by_id = [
            (language, {child.id: child.value for child in value.bound_blocks} if isinstance(value, ListValue) else {})
            for language, value in candidates
        ]
        structure: ListValue = candidates[-1][1]
        children = []
        for child in structure.bound_blocks:
            child_candidates = [(language, values.get(child.id)) for language, values in by_id]
            merged = self.value(block.child_block, child_candidates, f"{path}.{child.id}")
            children.append(ListValue.ListChild(block.child_block, merged, id=child.id))
        return ListValue(block, bound_blocks=children)


def localize_stream(
    instance: Any, field_name: str, language: str, replaced: frozenset[str] = frozenset()
) -> LocalizedStream:
    chain = fallback_chain(language)
    streams = [(code, getattr(instance, localized_field_name(field_name, code)) or []) for code in chain]
    translated_by_id = [(code, {child.id: child for child in stream}) for code, stream in streams]
    source_stream = streams[-1][1]
    result = []
    for child in source_stream:
        merge = _Merge(language, replaced)
        candidates = []
        for code, children in translated_by_id:
            # The source block is its own candidate: a block added in the editor has no
            # id until the stream is serialised, and several such blocks share ``None``.
            match = child if code == chain[-1] else children.get(child.id)
            if match is not None and match.block_type == child.block_type:
                candidates.append((code, match.value))
        value = merge.value(child.block, candidates, f"{field_name}.{child.id}")
        served = language if len(merge.fallbacks) == 0 else chain[-1]
        result.append(
            LocalizedBlock(
                field_name=field_name,
                id=child.id,
                block_type=child.block_type,
                block=child.block,
                value=value,
                language=served,
                fallback_paths=merge.fallbacks,
                served_by=merge.served_by,
            )
        )
    return LocalizedStream(language=language, blocks=result)


def _leaf_structure(block: blocks.Block, value: Any) -> tuple[Any, ...]:
    return tuple(
        (leaf.path, "text" if is_translatable_text(leaf.block) else _prep_repr(leaf.block, leaf.value))
        for leaf in leaves(block, value)
    )


def _prep_repr(block: blocks.Block, value: Any) -> str | None:
    return repr(block.get_prep_value(value)) if value is not None else None


def stream_structure(stream: Any) -> tuple[Any, ...]:
    """Everything about a stream except its translatable texts: block ids, types and
    order, list items, and non-text parts (heading levels, anchors, chosen snippets).

    Two streams with the same structure differ only in what a translator may change.
    """
    return tuple((child.id, child.block_type, _leaf_structure(child.block, child.value)) for child in stream or [])
