"""Plausible source files as syntax-highlighted HTML lines: Python, TypeScript, Go and YAML.

Tokens are wrapped in ``<span class="k|s|n|c|f|t">`` (keyword, string, number, comment, function,
type); the editor and terminal colour those classes from the theme's ANSI colours.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from html import escape

from benchmarks.browser_shots.text import WORDS, sentence

SYNTAX_CSS = """
.k{color:var(--magenta)} .s{color:var(--green)} .n{color:var(--yellow)} .c{color:var(--comment);font-style:italic}
.f{color:var(--blue)} .t{color:var(--cyan)}
"""


def _span(cls: str, value: str) -> str:
    return f'<span class="{cls}">{escape(value)}</span>'


def snake(rng: random.Random, n: int = 2) -> str:
    return "_".join(rng.choice(WORDS) for _ in range(rng.randint(1, n)))


def camel(rng: random.Random, n: int = 2) -> str:
    first, *rest = snake(rng, n).split("_")
    return first + "".join(w.capitalize() for w in rest)


def pascal(rng: random.Random) -> str:
    return "".join(w.capitalize() for w in snake(rng, 2).split("_"))


def _lit(rng: random.Random, quote: str = '"') -> str:
    if rng.random() < 0.5:
        return _span("n", str(rng.choice([0, 1, 2, 8, 10, 32, 100, 255, 1024, rng.randint(3, 9999)])))
    return _span("s", f"{quote}{snake(rng, 3).replace('_', rng.choice(['_', ' ', '-', '/']))}{quote}")


def _python(rng: random.Random, n: int) -> list[str]:
    lines = [_span("s", f'"""{sentence(rng, 5, 10)}"""'), ""]
    for _ in range(rng.randint(2, 5)):
        lines.append(
            f"{_span('k', 'from')} {snake(rng, 1)}.{snake(rng, 1)} {_span('k', 'import')} {pascal(rng)}, {snake(rng)}"
        )
    while len(lines) < n:
        lines += ["", ""]
        indent = ""
        if rng.random() < 0.4:
            lines.append(f"{_span('k', 'class')} {_span('t', pascal(rng))}({_span('t', pascal(rng))}):")
            lines.append("    " + _span("s", f'"""{sentence(rng, 4, 9)}"""'))
            indent = "    "
            lines.append("")
        for _ in range(rng.randint(1, 3)):
            args = ", ".join(
                f"{snake(rng, 1)}: {_span('t', rng.choice(['int', 'str', 'float', 'bool', pascal(rng)]))}"
                for _ in range(rng.randint(0, 3))
            )
            self_arg = "self, " if indent and args else ("self" if indent else "")
            ret = _span("t", rng.choice(["None", "int", "str", "list[str]", "dict[str, Any]", pascal(rng)]))
            if rng.random() < 0.2:
                lines.append(f"{indent}{_span('f', '@' + rng.choice(['property', 'staticmethod', 'cache']))}")
            lines.append(f"{indent}{_span('k', 'def')} {_span('f', snake(rng))}({self_arg}{args}) -> {ret}:")
            lines += _py_body(rng, indent + "    ", rng.randint(2, 9), 0)
            lines.append("")
    return lines[:n]


def _py_body(rng: random.Random, indent: str, n: int, depth: int) -> list[str]:
    out: list[str] = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.12:
            out.append(f"{indent}{_span('c', '# ' + sentence(rng, 3, 9).lower())}")
        elif roll < 0.25 and depth < 2:
            head = rng.choice(
                [
                    f"{_span('k', 'if')} {snake(rng)} {_span('k', 'is not')} {_span('k', 'None')}:",
                    f"{_span('k', 'for')} {snake(rng, 1)} {_span('k', 'in')} {snake(rng)}:",
                    f"{_span('k', 'with')} {_span('f', snake(rng))}() {_span('k', 'as')} {snake(rng, 1)}:",
                ]
            )
            out += [indent + head, *_py_body(rng, indent + "    ", rng.randint(1, 3), depth + 1)]
        elif roll < 0.35:
            out.append(f"{indent}{_span('k', 'return')} {snake(rng)}")
        else:
            call = f"{_span('f', snake(rng))}({_lit(rng)}, {snake(rng, 1)}={_lit(rng)})"
            out.append(f"{indent}{snake(rng)} = {rng.choice(['self.', '', snake(rng, 1) + '.'])}{call}")
    return out


def _typescript(rng: random.Random, n: int) -> list[str]:
    lines = [
        f"{_span('k', 'import')} {{ {camel(rng)}, {pascal(rng)} }} {_span('k', 'from')} "
        f"{_span('s', repr('./' + snake(rng, 1)))};"
        for _ in range(rng.randint(2, 5))
    ]
    while len(lines) < n:
        lines.append("")
        if rng.random() < 0.35:
            lines.append(f"{_span('k', 'export interface')} {_span('t', pascal(rng))} {{")
            lines += [
                f"  {camel(rng)}: {_span('t', rng.choice(['string', 'number', 'boolean', pascal(rng)]))};"
                for _ in range(rng.randint(2, 6))
            ]
            lines.append("}")
            continue
        args = ", ".join(
            f"{camel(rng)}: {_span('t', rng.choice(['string', 'number', pascal(rng)]))}"
            for _ in range(rng.randint(0, 3))
        )
        lines.append(f"{_span('k', 'export async function')} {_span('f', camel(rng))}({args}) {{")
        for _ in range(rng.randint(2, 8)):
            roll = rng.random()
            if roll < 0.15:
                lines.append(f"  {_span('c', '// ' + sentence(rng, 3, 8).lower())}")
            elif roll < 0.3:
                lines += [
                    f"  {_span('k', 'if')} (!{camel(rng)}) {{",
                    f"    {_span('k', 'throw new')} {_span('t', 'Error')}({_lit(rng, chr(39))});",
                    "  }",
                ]
            else:
                lines.append(
                    f"  {_span('k', 'const')} {camel(rng)} = {_span('k', 'await')} "
                    f"{camel(rng, 1)}.{_span('f', camel(rng))}({_lit(rng, chr(39))});"
                )
        lines += [f"  {_span('k', 'return')} {camel(rng)};", "}"]
    return lines[:n]


def _go(rng: random.Random, n: int) -> list[str]:
    lines = [f"{_span('k', 'package')} {snake(rng, 1)}", "", f"{_span('k', 'import')} ("]
    lines += [
        f"\t{_span('s', chr(34) + p + chr(34))}"
        for p in rng.sample(["context", "errors", "fmt", "net/http", "strings", "time", "sync", "io"], 4)
    ]
    lines.append(")")
    while len(lines) < n:
        lines.append("")
        kind = pascal(rng)
        if rng.random() < 0.35:
            lines.append(f"{_span('k', 'type')} {_span('t', kind)} {_span('k', 'struct')} {{")
            lines += [
                f"\t{pascal(rng)} {_span('t', rng.choice(['string', 'int', 'bool', 'time.Time', '[]byte']))}"
                for _ in range(rng.randint(2, 6))
            ]
            lines.append("}")
            continue
        lines.append(
            f"{_span('k', 'func')} (s *{_span('t', kind)}) {_span('f', pascal(rng))}(ctx "
            f"{_span('t', 'context.Context')}, {camel(rng, 1)} {_span('t', 'string')}) {_span('t', 'error')} {{"
        )
        for _ in range(rng.randint(1, 4)):
            message = _span("s", f'"{snake(rng)}: %w"')
            lines += [
                f"\t{camel(rng)}, err := s.{_span('f', pascal(rng))}(ctx, {_lit(rng)})",
                f"\t{_span('k', 'if')} err != {_span('k', 'nil')} {{",
                f"\t\t{_span('k', 'return')} fmt.{_span('f', 'Errorf')}({message}, err)",
                "\t}",
            ]
        lines += [f"\t{_span('k', 'return')} {_span('k', 'nil')}", "}"]
    return lines[:n]


def _yaml(rng: random.Random, n: int) -> list[str]:
    lines: list[str] = []
    while len(lines) < n:
        lines.append(f"{_span('t', snake(rng))}:")
        for _ in range(rng.randint(2, 6)):
            if rng.random() < 0.25:
                lines.append(f"  {_span('t', snake(rng, 1))}:")
                lines += [f"    - {_lit(rng)}" for _ in range(rng.randint(1, 4))]
            else:
                lines.append(f"  {_span('t', snake(rng))}: {_lit(rng)}")
        if rng.random() < 0.3:
            lines.append(_span("c", "# " + sentence(rng, 3, 8).lower()))
    return lines[:n]


LANGUAGES: dict[str, tuple[str, str, Callable[[random.Random, int], list[str]]]] = {
    "python": ("py", "Python", _python),
    "typescript": ("ts", "TypeScript", _typescript),
    "go": ("go", "Go", _go),
    "yaml": ("yaml", "YAML", _yaml),
}
EXT_COLOURS = {
    "py": "var(--blue)",
    "ts": "var(--cyan)",
    "go": "var(--cyan)",
    "yaml": "var(--magenta)",
    "md": "var(--muted)",
    "json": "var(--yellow)",
    "toml": "var(--red)",
    "txt": "var(--muted)",
}


def source_lines(rng: random.Random, language: str, n: int) -> list[str]:
    """``n`` highlighted lines in ``language`` (a key of :data:`LANGUAGES`)."""
    return LANGUAGES[language][2](rng, n)
