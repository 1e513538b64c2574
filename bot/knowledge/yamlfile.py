"""Read a YAML file and remember the line of every value, for error messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Tuple

import yaml

Loc = Tuple[Any, ...]
# libyaml when PyYAML has it: every server reads the knowledge at start-up, and the pure-Python parser
# took most of that second.
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlSyntaxError(Exception):
    def __init__(self, path: Path, line: int, problem: str):
        super().__init__(f"{path}:{line}: {problem}")
        self.path, self.line, self.problem = path, line, problem


def load_with_lines(path: Path) -> Tuple[Any, Dict[Loc, int]]:
    """Return the data and a map from each value's location to its line (1-based)."""
    text = path.read_text(encoding="utf-8")
    loader = Loader(text)
    try:
        node = loader.get_single_node()  # parsed once: the data is built from the same nodes
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(path, line, str(err.problem or err)) from err
    finally:
        loader.dispose()
    lines: Dict[Loc, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return data, lines


def _walk(node: yaml.Node, loc: Loc, lines: Dict[Loc, int]) -> None:
    lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = loc + (key.value,)
            _walk(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, loc + (index,), lines)


def line_of(lines: Dict[Loc, int], loc: Loc) -> int:
    """The line of ``loc`` or of its nearest ancestor that has one."""
    while loc not in lines and loc:
        loc = loc[:-1]
    return lines.get(loc, 1)
