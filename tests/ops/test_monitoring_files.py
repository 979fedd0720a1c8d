"""The alert rules and the Grafana dashboard name only metrics the product exposes."""

from __future__ import annotations

import json
import re

import yaml

from crm_res.settings import ROOT

SCRAPE_TIME = {
    "crm_res_queue_depth",
    "crm_res_queue_oldest_age_seconds",
    "crm_res_queue_failed_jobs",
    "crm_res_restaurants_open",
}
SUFFIXES = ("_bucket", "_count", "_sum")


def _exposed() -> set[str]:
    from prometheus_client import REGISTRY

    import crm_res.metrics  # noqa: F401 - registers them

    names = set(SCRAPE_TIME)
    for metric in REGISTRY.collect():
        if metric.name.startswith("crm_res_"):
            names.add(metric.name + ("_total" if metric.type == "counter" else ""))
            names.add(metric.name)
    return names


def _named(text: str) -> set[str]:
    found = set(re.findall(r"crm_res_[a-z_]+", text))
    return {next((n.removesuffix(s) for s in SUFFIXES if n.endswith(s)), n) for n in found}


def test_alert_rules_parse_and_name_exposed_metrics():
    """deploy/prometheus/alerts.yml is valid YAML, has the five alerts the issue asks for, and every metric exists."""
    rules = yaml.safe_load((ROOT / "deploy/prometheus/alerts.yml").read_text())["groups"][0]["rules"]
    names = {r["alert"] for r in rules}
    assert {
        "CrmResWebhook5xx",
        "CrmResQueueStuck",
        "CrmResSendFailureRate",
        "CrmResLlmBreakerOpen",
        "CrmResNoInbound",
    } <= names
    missing = set().union(*(_named(r["expr"]) for r in rules)) - _exposed()
    assert not missing, missing


def test_dashboard_panels_name_exposed_metrics():
    """Every expression of the Grafana dashboard reads a metric the product exposes."""
    dash = json.loads((ROOT / "deploy/grafana/crm-res-dashboard.json").read_text())
    exprs = [t["expr"] for p in dash["panels"] for t in p["targets"]]
    assert len(exprs) >= 15
    missing = set().union(*(_named(e) for e in exprs)) - _exposed()
    assert not missing, missing
