#!/usr/bin/env python3
"""Turns a gen_customers.py export (CSV on stdin) into SQL for PostgreSQL on stdout.

Usage:
  python3 ../shared/bench/gen_customers.py 300 - | scripts/customers-sql.py > samples/customers.sql
  scripts/customers-sql.py --schema-only      # just the CREATE TABLE (the benchmark loads rows with \\copy)

Columns get the types a warehouse would give them (numeric, boolean, date, timestamptz);
empty cells become NULL. Standard library only.
"""
import csv
import sys

SCHEMA = """CREATE TABLE customers (
    customer_id       text PRIMARY KEY,
    email             text,
    phone             text,
    first_name        text,
    last_name         text,
    loyalty_tier      text,
    lifetime_value    numeric(12,2),
    vip               boolean,
    birthday          date,
    sms_opt_in        boolean,
    email_opt_in      boolean,
    shopify_id        bigint,
    loyalty_id        text,
    favorite_category text,
    updated_at        timestamptz
);
"""


BOOLEANS = {"vip", "sms_opt_in", "email_opt_in"}
NUMBERS = {"lifetime_value", "shopify_id"}


def literal(column, value):
    if value == "":
        return "NULL"
    if column in BOOLEANS:
        return "true" if value.lower() in ("true", "yes", "y", "1") else "false"
    if column in NUMBERS:
        return value
    return "'" + value.replace("'", "''") + "'"


def main():
    if sys.argv[1:] == ["--schema-only"]:
        sys.stdout.write(SCHEMA)
        return
    reader = csv.reader(sys.stdin)
    header = next(reader)
    rows = [", ".join(literal(c, v) for c, v in zip(header, row)) for row in reader]
    out = sys.stdout
    out.write("-- The sample customers (samples/customers.csv, from ../shared/bench/gen_customers.py 300),\n")
    out.write("-- as a PostgreSQL table: psql -d SCRATCH_DATABASE -f samples/customers.sql\n")
    out.write("BEGIN;\n\n" + SCHEMA + "\n")
    out.write(f"INSERT INTO customers ({', '.join(header)}) VALUES\n")
    out.write(",\n".join(f"({row})" for row in rows) + ";\n\nCOMMIT;\n")


if __name__ == "__main__":
    main()
