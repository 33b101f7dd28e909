"""The per-call latency plot (item 1): one group of bars per operation, one bar per contender."""

from __future__ import annotations

from pathlib import Path

from benchmarks._common import Samples, progress

COLOURS = {"fake": "#1f77b4", "floor": "#7f7f7f", "stubber": "#2ca02c", "moto": "#d62728"}
LABELS = {
    "fake": "amplify-fakes (mock_amplifybackend)",
    "floor": "botocore floor (canned before-send)",
    "stubber": "botocore Stubber",
    "moto": "moto mock_aws (comparable call)",
}


def per_call_plot(samples: dict[str, Samples], path: Path, env: dict[str, str]) -> None:
    try:
        import matplotlib
    except ImportError:
        progress("matplotlib is not installed (pip install -e '.[bench]'): no plot")
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    operations = list(samples)
    contenders = list(COLOURS)
    width = 0.8 / len(contenders)
    figure, axes = plt.subplots(figsize=(10, 5), dpi=110)
    for index, name in enumerate(contenders):
        xs = [i + (index - (len(contenders) - 1) / 2) * width for i in range(len(operations))]
        heights = [samples[op].median(name) * 1e6 for op in operations]
        bars = axes.bar(xs, heights, width, label=LABELS[name], color=COLOURS[name])
        axes.bar_label(bars, fmt="%.0f", fontsize=7, padding=1)
    axes.set_xticks(range(len(operations)), operations)
    axes.set_ylabel("median µs per call (lower is better)")
    axes.set_title(
        "amplifybackend per-call latency through boto3\n"
        f"Python {env['python']}, botocore {env['botocore']}, moto {env['moto']}, {env['date']}",
        fontsize=10,
    )
    axes.legend(fontsize=8)
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
