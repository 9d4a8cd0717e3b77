"""Split a Markdown file into YAML front matter and body; parse YAML as strings that keep their lines.

PyYAML's default loader turns `01` into 1, `no` into False and `2023-13-01` into a crash without a line
number. We compose with BaseLoader so every scalar stays a string and every node keeps its line; the
loader converts types itself and reports `path:line`.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Value:
    """A YAML value with the 1-based file line it starts on. `data` is str, list[Value] or dict[str, Value]."""

    data: object
    line: int


@dataclass(frozen=True)
class Key:
    """A mapping key with its file line (to report unknown keys)."""

    name: str
    line: int


@dataclass(frozen=True)
class Parsed:
    """The front matter as ordered (Key, Value) pairs, and the body with the line it starts on."""

    fields: tuple[tuple[Key, Value], ...]
    body: str
    body_line: int


class FrontMatterError(Exception):
    """A front matter block that cannot be parsed, with the file line of the problem."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def _convert(node: yaml.Node, offset: int) -> Value:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.ScalarNode):
        return Value(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        return Value([_convert(n, offset) for n in node.value], line)
    if isinstance(node, yaml.MappingNode):
        pairs = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                raise FrontMatterError(k.start_mark.line + 1 + offset, "键必须是文字 keys must be plain text")
            pairs[k.value] = _convert(v, offset)
        return Value(pairs, line)
    raise FrontMatterError(line, "不支持的 YAML 结构 unsupported YAML node")


# libyaml composes the same nodes (with line marks) several times faster; it is part of PyYAML's wheels.
_FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def parse_yaml(text: str, first_line: int = 1) -> tuple[tuple[Key, Value], ...]:
    """Parse a YAML mapping whose first line is file line `first_line`; duplicate keys are errors."""
    offset = first_line - 1
    try:
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        node = None  # parse again with the pure-Python loader, whose messages are the ones documented
    try:
        node = node or yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the construct began (e.g. an unclosed quote), which is what to fix.
        mark = exc.context_mark or exc.problem_mark
        line = (mark.line + 1 + offset) if mark else first_line
        what = f"{exc.context}: {exc.problem}" if exc.context else str(exc.problem)
        raise FrontMatterError(line, f"YAML 格式错误（请检查引号、冒号和缩进） YAML syntax error (check quotes, colons and indentation): {what}") from None
    if node is None:
        return ()
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(node.start_mark.line + 1 + offset, "应为“键: 值”的列表 expected a mapping of `key: value` lines")
    seen: dict[str, int] = {}
    fields = []
    for k, v in node.value:
        if not isinstance(k, yaml.ScalarNode):
            raise FrontMatterError(k.start_mark.line + 1 + offset, "键必须是文字 keys must be plain text")
        line = k.start_mark.line + 1 + offset
        if k.value in seen:
            raise FrontMatterError(line, f"字段 {k.value!r} 重复（第 {seen[k.value]} 行已有） duplicate key {k.value!r} (first on line {seen[k.value]})")
        seen[k.value] = line
        fields.append((Key(k.value, line), _convert(v, offset)))
    return tuple(fields)


def split_front_matter(text: str) -> Parsed:
    """Split `---` YAML `---` body. A file without an opening `---` line is an error."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise FrontMatterError(1, "文件须以 `---` 开头的 YAML 文件信息开始 the file must start with a `---` line opening the front matter")
    for i in range(1, len(lines)):
        if lines[i].rstrip() == "---":
            fields = parse_yaml("\n".join(lines[1:i]), first_line=2)
            return Parsed(fields, "\n".join(lines[i + 1:]), i + 2)
    raise FrontMatterError(1, "文件信息没有以 `---` 结束 the front matter is not closed by a `---` line")
