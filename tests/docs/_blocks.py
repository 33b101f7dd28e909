"""README.md's fenced blocks: finding them, the Block type, its markers and continuations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README_PATH = ROOT / "README.md"
README = README_PATH.read_text(encoding="utf-8")

FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
LIST_LINE = re.compile(r"^(\s*([-*+]|\d+[.)])\s|\s{2,}\S)")
SHELL = ("bash", "sh")
KNOWN_LANGUAGES = ("python", *SHELL, "toml", "text")

#: The markers a block's first line may carry (see test_readme_examples' docstring).
CONTINUES = "# continues the example above"
GIVEN = re.compile(r"^# given: (?P<what>\S.*)$")
NOT_RUN = re.compile(r"not run by the README tests: (?P<reason>\S.*)$")


@dataclass(frozen=True)
class Block:
    """One fenced block of README.md."""

    language: str
    line: int  # README line of the opening fence; the code starts on the next line
    source: str

    def __str__(self) -> str:
        return f"README.md:{self.line}"

    @property
    def first_line(self) -> str:
        return next((line.strip() for line in self.source.splitlines() if line.strip()), "")

    @property
    def padded(self) -> str:
        """The source after one empty line per README line before it, so that line numbers
        in parse results and tracebacks are README's."""
        return "\n" * self.line + self.source


def fenced_blocks(text: str) -> list[Block]:
    """Every fenced code block of ``text``, in order."""
    lines = text.splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence = opening["fence"]
        close = next(
            (i for i in range(index + 1, len(lines)) if lines[i].strip() == fence),
            None,
        )
        assert close is not None, f"README.md:{index + 1}: a code fence that is never closed"
        words = opening["info"].split()
        source = "".join(line + "\n" for line in lines[index + 1 : close])
        blocks.append(Block(words[0] if words else "", index + 1, source))
        index = close + 1
    return blocks


def indented_code_blocks(text: str) -> list[int]:
    """Lines where an indented (unfenced, so unlabelled and unchecked) code block starts."""
    found: list[int] = []
    fence: str | None = None
    previous = ""
    last_text = ""
    for number, line in enumerate(text.splitlines(), 1):
        opening = FENCE.match(line)
        if fence is not None:
            fence = None if line.strip() == fence else fence
        elif opening is not None:
            fence = opening["fence"]
        elif (
            line.startswith("    ")
            and line.strip()
            and not previous.strip()
            and not LIST_LINE.match(last_text)
        ):
            found.append(number)
        previous = line
        last_text = line if line.strip() else last_text
    return found


BLOCKS = fenced_blocks(README)
PYTHON = [block for block in BLOCKS if block.language == "python"]

SHELL_BLOCKS = [block for block in BLOCKS if block.language in SHELL]


def not_run_reason(block: Block) -> str | None:
    marker = NOT_RUN.search(block.first_line) if block.first_line.startswith("#") else None
    return marker["reason"] if marker else None


def given_of(block: Block) -> str | None:
    marker = GIVEN.match(block.first_line)
    return marker["what"] if marker else None


def predecessor(block: Block) -> Block | None:
    index = PYTHON.index(block)
    return PYTHON[index - 1] if index else None


def chain(block: Block) -> list[Block]:
    """``block`` after every block it continues, the first of them first."""
    blocks = [block]
    while blocks[0].first_line == CONTINUES:
        before = predecessor(blocks[0])
        assert before is not None, f"{blocks[0]} continues an example, but none comes before it"
        blocks.insert(0, before)
    return blocks


def outputs_of(block: Block) -> list[Block]:
    """The ``text`` blocks after ``block`` and before the next python block: its output."""
    after = [b for b in BLOCKS if b.line > block.line]
    code = next((i for i, b in enumerate(after) if b.language == "python"), len(after))
    return [b for b in after[:code] if b.language == "text"]
