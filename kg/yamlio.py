"""YAML reading with line numbers and duplicate-key rejection.

PyYAML's C composer gives every node its start mark; we keep a map from the path of each value
(``("services", 3, "limits", 0)``) to its line, so a pydantic error can name the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import DataFileError

__all__ = ["LineMap", "read_yaml", "line_of"]

try:  # the C composer is 5-10x faster; fall back when libyaml is absent
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the wheel
    _Loader = yaml.SafeLoader

LineMap = dict[tuple[str | int, ...], int]
_STR = "tag:yaml.org,2002:str"


def _construct(
    node: yaml.Node, path: tuple[str | int, ...], lines: LineMap, file: str, loader: Any
) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise DataFileError(file, key_node.start_mark.line + 1, "mapping keys must be text")
            key = key_node.value
            if key in out:
                raise DataFileError(file, key_node.start_mark.line + 1, f"duplicate key {key!r}")
            out[key] = _construct(value_node, (*path, key), lines, file, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(v, (*path, i), lines, file, loader) for i, v in enumerate(node.value)]
    if node.tag == _STR:  # the composer already resolved the tag: plain text is most scalars
        return node.value
    # other scalars: let the safe constructor resolve ints, floats, bools, dates
    return loader.construct_object(node, deep=True)


def read_yaml(path: Path, *, label: str | None = None) -> tuple[Any, LineMap]:
    """Read a YAML file; return its data and a map from value paths to 1-based lines."""
    name = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(name, None, f"cannot read the file: {exc}") from exc
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise DataFileError(name, line, f"not valid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(name, None, f"not valid YAML: {exc}") from exc
    if node is None:
        raise DataFileError(name, 1, "the file is empty")
    lines: LineMap = {}
    loader = _Loader("")
    try:
        return _construct(node, (), lines, name, loader), lines
    finally:
        loader.dispose()


def line_of(lines: LineMap, loc: tuple[str | int, ...]) -> int | None:
    """The line of the deepest known prefix of ``loc`` (pydantic error locations)."""
    path = tuple(loc)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get(())
