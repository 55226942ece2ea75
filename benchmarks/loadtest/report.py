"""The load test's report as a markdown section for benchmarks/RESULTS.md."""

from __future__ import annotations

from typing import Any


def _table(rows: dict[str, dict[str, Any]], first: str) -> list[str]:
    lines = [f"| {first} | requests | failed | p50 ms | p99 ms | max ms |", "|---|--:|--:|--:|--:|--:|"]
    for name, s in rows.items():
        lines.append(
            f"| {name} | {s['count']} | {s['failed']} | {s['p50_ms']:.1f} | {s['p99_ms']:.1f} | {s['max_ms']:.1f} |"
        )
    return lines


def render(report: dict[str, Any]) -> str:
    """The report as a markdown section for benchmarks/RESULTS.md."""
    machine, steady = report["machine"], report["steady"]
    rss, warmup = steady["rss_mib"], steady["warmup"]
    lines = [
        "## Load and overload (`python -m benchmarks.loadtest`)",
        "",
        f"Measured {machine['date']} on {machine['cores']} cores ({machine['cpu']}, {machine['memory']}), "
        f"Python {machine['python']}; load average before {machine['load_average']}, after "
        f"{report['load_average_after']}. Clients share the machine with the server. Bundle "
        f"`{report['bundle_id']}`.",
        "",
        f"### Below capacity: {steady['clients']} clients, {steady['seconds']:.0f} s, max_inflight "
        f"{steady['max_inflight']}",
        "",
        *_table(steady["endpoints"], "kind"),
        "",
        f"Throughput {steady['throughput_rps']:.0f} requests/s. Server RSS {warmup['cold_rss_mib']:.0f} MiB "
        f"once ready, {rss[0][1]:.0f} MiB at start (after a {warmup['seconds']:g}-s warm-up of the same mix: "
        f"{warmup['count']} requests, {warmup['failed']} failed) → {rss[-1][1]:.0f} MiB at end "
        f"({rss[-1][1] - rss[0][1]:+.0f} MiB; peak {steady['peak_rss_mib']:.0f} MiB); samples "
        + ", ".join(f"{mib:.0f} @ {at:g} s" for at, mib in rss)
        + ".",
    ]
    if steady["problems"]:
        lines += ["", "Failures: " + "; ".join(steady["problems"])]
    overload = report.get("overload")
    if overload is not None:
        statuses = ", ".join(f"{code}: {n}" for code, n in sorted(overload["statuses"].items()))
        recovery = overload["recovery_seconds"]
        lines += [
            "",
            f"### Past capacity: {overload['clients']} clients for {overload['seconds']:g} s, max_inflight "
            f"{overload['max_inflight']}",
            "",
            *_table({"503 (shed)": overload["shed"], "200 (served)": overload["served"]}, "answer"),
            "",
            f"Statuses: {statuses}. 503s without Retry-After or reason: {overload['shed']['failed']}; other "
            f"failures: {overload['other_failures']}. After the burst a new request was served "
            + (f"{recovery * 1000:.0f} ms later" if recovery is not None else "NOT within the timeout")
            + f"; then {overload['calm']['count']} requests of {report['config']['calm_clients']} clients: "
            f"{overload['calm']['failed']} failed.",
        ]
        if overload["problems"]:
            lines += ["", "Failures: " + "; ".join(overload["problems"])]
    lines += ["", *(f"- {'PASS' if ok else 'FAIL'}: {name}" for name, ok in report["verdicts"].items()), ""]
    return "\n".join(lines)
