"""The verification report: one row per checked call, a table and a JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OK = "ok"
VIOLATION = "contract violation"
UNEXPECTED = "unexpected error"
SKIPPED = "skipped"
DIFFERS = "differs from recording"


@dataclass
class Row:
    """The outcome of one scenario step."""

    operation: str
    case: str
    outcome: str
    details: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Everything a verification run found."""

    target: str
    rows: list[Row] = field(default_factory=list)
    unknown_members: dict[str, list[str]] = field(default_factory=dict)
    observed: dict[str, list[str]] = field(default_factory=dict)
    #: per call, whether an HTTP answer came (False: a connection error or timeout)
    answered: list[bool] = field(default_factory=list)
    #: what the run created but could not remove: delete these by hand
    leftovers: list[str] = field(default_factory=list)

    @property
    def reached(self) -> bool:
        """False when the target never answered (the first call got no HTTP answer)."""
        return not self.answered or any(self.answered)

    @property
    def ok(self) -> bool:
        """True when no row is a violation or an unexpected error."""
        return not self.leftovers and all(row.outcome in (OK, SKIPPED) for row in self.rows)

    def counts(self) -> dict[str, int]:
        """How many rows had each outcome."""
        out: dict[str, int] = {}
        for row in self.rows:
            out[row.outcome] = out.get(row.outcome, 0) + 1
        return out

    def operations(self) -> set[str]:
        """The operations a non-skipped row exercised."""
        return {row.operation for row in self.rows if row.outcome != SKIPPED}

    def summary(self) -> str:
        """One line: operations covered and outcome counts."""
        counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(self.counts().items()))
        verdict = "PASSED" if self.ok else "FAILED"
        left = f"; {len(self.leftovers)} left behind" if self.leftovers else ""
        return f"{verdict}: {len(self.operations())}/31 operations, {len(self.rows)} checks ({counts}){left} against {self.target}"

    def table(self) -> str:
        """The per-operation table."""
        width = max((len(r.operation) for r in self.rows), default=9)
        case_width = max((len(r.case) for r in self.rows), default=4)
        lines = [f"{'operation':<{width}}  {'case':<{case_width}}  outcome"]
        for row in self.rows:
            lines.append(f"{row.operation:<{width}}  {row.case:<{case_width}}  {row.outcome}")
            lines.extend(f"{'':<{width}}    - {detail}" for detail in row.details)
        if self.unknown_members:
            lines.append("members the contract does not know:")
            for op, paths in sorted(self.unknown_members.items()):
                lines.append(f"  {op}: {', '.join(paths)}")
        if self.leftovers:
            lines.append("left behind (delete by hand):")
            lines.extend(f"  {item}" for item in self.leftovers)
        if self.observed:
            lines.append("observed values of free-text fields:")
            for path, values in sorted(self.observed.items()):
                lines.append(f"  {path}: {', '.join(values)}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-serialisable data."""
        return {
            "target": self.target,
            "ok": self.ok,
            "summary": self.summary(),
            "rows": [r.__dict__ for r in self.rows],
            "unknownMembers": self.unknown_members,
            "observed": self.observed,
            "leftovers": self.leftovers,
        }
