#!/usr/bin/env python3
"""Parses a Prometheus text-format file with prometheus_client's strict parser and prints its
samples as JSON: [{"name", "labels", "value", "type", "help"}]. Exits non-zero on a malformed file.
Run with the tests' virtual environment (scripts/test-tools.sh)."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

text = open(sys.argv[1], encoding="utf-8").read()
samples = []
for family in text_string_to_metric_families(text):
    for sample in family.samples:
        samples.append({"name": sample.name, "labels": sample.labels, "value": sample.value,
                        "type": family.type, "help": family.documentation})
json.dump(samples, sys.stdout)
