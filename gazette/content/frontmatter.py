"""Split a Markdown file into YAML front matter and body; parse YAML as strings that keep their lines.

PyYAML's default loader turns `01` into 1, `no` into False and `2023-13-01` into a crash without a line
number. We compose with BaseLoader so every scalar stays a string and every node keeps its line; the
loader converts types itself and reports `path:line`.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ..core.textcheck import bad_character_message, first_bad_character

MAX_DEPTH = 50  # nested lists and mappings; content needs 4 (config.yaml's categories), a bomb needs thousands


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
        _check_characters(node, offset)
        return Value(node.value, line)
    if isinstance(node, yaml.SequenceNode):
        return Value([_convert(n, offset) for n in node.value], line)
    if isinstance(node, yaml.MappingNode):
        pairs = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                raise FrontMatterError(k.start_mark.line + 1 + offset, "键必须是文字 keys must be plain text")
            _check_characters(k, offset)
            pairs[k.value] = _convert(v, offset)
        return Value(pairs, line)
    raise FrontMatterError(line, "不支持的 YAML 结构 unsupported YAML node")


def _check_characters(node: yaml.ScalarNode, offset: int) -> None:
    """Escapes ("\\x07", "\\ud800") make characters the file itself cannot hold: refuse them where written."""
    bad = first_bad_character(node.value)
    if bad:
        raise FrontMatterError(node.start_mark.line + 1 + offset, bad_character_message(bad.group()))


def _structure_count(text: str) -> int:
    """An upper bound of the nesting depth: every list or mapping starts at one of these indicators."""
    return text.count(":") + text.count("-") + text.count("[") + text.count("{") + text.count("?")


def _check_bounds(text: str, offset: int) -> None:
    """Refuse anchors and aliases (a "billion laughs" alias bomb expands exponentially; content needs none)
    and nesting deeper than MAX_DEPTH (composing recurses: 5,000 levels were a RecursionError, 100,000 a
    segmentation fault inside libyaml). Checked on the event stream, which the parser makes with its own
    stack, before anything is composed; skipped when the text cannot hold either (the usual case)."""
    if "&" not in text and "*" not in text and _structure_count(text) <= MAX_DEPTH:
        return
    try:
        _scan(text, offset, _FAST_LOADER)
    except yaml.YAMLError:
        _scan(text, offset, yaml.BaseLoader)  # pure Python: its syntax errors are the documented messages


def _scan(text: str, offset: int, loader) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1 + offset
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise FrontMatterError(line, "不允许使用 YAML 锚点和别名（&名称、*名称），请把值直接写出来；值本身以 & 或 * 开头时请加英文双引号 "
                                         "YAML anchors and aliases (&name, *name) are not allowed; write the value out, and put a "
                                         "value that starts with & or * in double quotes")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise FrontMatterError(line, f"YAML 嵌套超过 {MAX_DEPTH} 层 YAML nested more than {MAX_DEPTH} levels deep; "
                                             "fields need at most a few")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


# libyaml composes the same nodes (with line marks) several times faster; it is part of PyYAML's wheels.
_FAST_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def parse_yaml(text: str, first_line: int = 1) -> tuple[tuple[Key, Value], ...]:
    """Parse a YAML mapping whose first line is file line `first_line`; duplicate keys are errors."""
    offset = first_line - 1
    try:
        _check_bounds(text, offset)
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        node = None  # parse again with the pure-Python loader, whose messages are the ones documented
    try:
        node = node or yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the construct began (an unclosed quote or bracket), which is what to fix;
        # but a block mapping or list "began" at its first key, lines above the bad indentation: there the
        # problem mark is the line at fault.
        block = (exc.context or "").startswith("while parsing a block")
        mark = (exc.problem_mark if block else exc.context_mark) or exc.problem_mark or exc.context_mark
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
        _check_characters(k, offset)
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
