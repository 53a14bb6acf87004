#!/usr/bin/env python3
"""Validates JSON files against a JSON Schema (Draft 7) with the jsonschema package: mappings
against mappings/mapping.schema.json, reports against reports/report.schema.json.

Usage: check-schema.py SCHEMA FILE...  Prints "valid FILE" or "invalid FILE: reason" per file;
exits 1 when any is invalid. The tests run it from .build/test-venv.
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
failed = False
for path in sys.argv[2:]:
    errors = sorted(validator.iter_errors(json.load(open(path))), key=lambda e: list(e.path))
    if errors:
        failed = True
        print(f"invalid {path}: {errors[0].message[:200]}")
    else:
        print(f"valid {path}")
sys.exit(1 if failed else 0)
