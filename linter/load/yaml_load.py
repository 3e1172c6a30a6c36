"""YAML text to the values a spec means, plus the node tree whose marks give positions.

PyYAML composes the node tree in C; turning it into Python values with its own constructor costs as much
again (generators, state per node). Specs use plain maps, lists and scalars, so those are built here in one
direct pass; anything else (explicit tags, sets, binary) goes to PyYAML's safe constructor.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError

_TAG = "tag:yaml.org,2002:"
_MAP, _SEQ, _STR, _MERGE = _TAG + "map", _TAG + "seq", _TAG + "str", _TAG + "merge"


class SpecLoader(yaml.CSafeLoader):
    """Safe YAML (no Python tags) that keeps dates as the strings the spec wrote and refuses duplicate keys
    (PyYAML would silently keep the last one, so what masklint checks would not be what a reader sees)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        _refuse_duplicate_keys(node)
        mapping = super().construct_mapping(node, deep)
        if all(isinstance(k, str) for k in mapping):
            return mapping
        return {json_key(k): v for k, v in mapping.items()}


SpecLoader.add_constructor(_TAG + "timestamp", yaml.SafeLoader.construct_yaml_str)  # type: ignore[type-var]


def json_key(key: Any) -> str:
    """OpenAPI is JSON: keys are strings. YAML reads `200:` as an integer and `on:` as a boolean."""
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


def _refuse_duplicate_keys(node: yaml.MappingNode) -> None:
    seen: set[str] = set()
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE:
            if key_node.value in seen:
                raise ConstructorError(None, None, "duplicate key", key_node.start_mark)
            seen.add(key_node.value)


def _null(node: yaml.Node) -> None:
    return None


def load(text: str) -> tuple[Any, yaml.Node | None]:
    """(data, root node); raises yaml.YAMLError (with a mark where there is one) or RecursionError."""
    loader = SpecLoader(text)
    try:
        root = loader.get_single_node()
        return (_Builder(loader).value(root) if root is not None else None), root
    finally:
        loader.dispose()


class _Builder:
    """Values as SpecLoader would construct them. A node met again (an alias) gives the same object, so a
    billion-laughs document stays small and a self-referencing one terminates."""

    def __init__(self, loader: SpecLoader):
        self.loader = loader
        self.built: dict[int, object] = {}
        self.scalars = {_TAG + "null": _null, _TAG + "bool": loader.construct_yaml_bool,
                        _TAG + "int": loader.construct_yaml_int, _TAG + "float": loader.construct_yaml_float,
                        _TAG + "timestamp": loader.construct_yaml_str}

    def value(self, node: Any) -> Any:  # a yaml.Node, dispatched on its tag (isinstance would cost per node)
        # One frame per nesting level (no helpers, no generators): as deep as PyYAML's constructor goes.
        tag = node.tag
        if tag == _STR:
            return node.value
        done = self.built.get(id(node))
        if done is not None:
            return done
        if tag == _SEQ:
            items: list[Any] = []
            self.built[id(node)] = items
            for item in node.value:
                items.append(self.value(item))
            return items
        if tag == _MAP:
            mapping: dict[str, Any] = {}
            self.built[id(node)] = mapping
            _refuse_duplicate_keys(node)
            if any(key.tag == _MERGE for key, _ in node.value):
                self.loader.flatten_mapping(node)  # `<<: *defaults`: merged pairs first, the node's own win
            for key_node, value_node in node.value:
                key = key_node.value if key_node.tag == _STR else self.value(key_node)
                if not isinstance(key, str):
                    if isinstance(key, (dict, list)):
                        raise ConstructorError("while constructing a mapping", node.start_mark,
                                               "found unhashable key", key_node.start_mark)
                    key = json_key(key)
                mapping[key] = self.value(value_node)
            return mapping
        scalar = self.scalars.get(tag)
        if scalar is not None:
            return scalar(node)
        value = self.loader.construct_object(node, deep=True)  # the rare explicit tags (!!set, !!binary…)
        if isinstance(value, (dict, list)):
            self.built[id(node)] = value
        return value
