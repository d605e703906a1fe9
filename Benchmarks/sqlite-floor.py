#!/usr/bin/env python3
"""How fast can SQLite alone store a catalog import's rows, with Quartermaster's schema?

Reads the rows an import wrote (products, full-text rows, spec index rows, variants, offers, price
history) from a database kept by `quartermaster bench catalog --keep DIR`, and inserts exactly those
rows into a fresh file with the same schema: prepared statements (`executemany`), in as many
transactions as the import had batches, in the order the import wrote them. No parsing, no lookups,
no decisions: a floor for the writer, not something the product could reach.

Usage: Benchmarks/sqlite-floor.py DIR/bench.sqlite [--batches 50] [--mode product|unsafe]
  product: WAL, synchronous=NORMAL, no checkpoint in the commits (as the product runs its writer)
  unsafe:  no journal, no sync, a 1 GB page cache (nothing durable; the lowest this schema can do)
"""
import argparse
import os
import sqlite3
import tempfile
import time

TABLES = ["products", "product_fts", "product_specs", "variants", "offers", "price_history"]

parser = argparse.ArgumentParser()
parser.add_argument("source")
parser.add_argument("--batches", type=int, default=50)
parser.add_argument("--mode", choices=["product", "unsafe"], default="product")
args = parser.parse_args()

source = sqlite3.connect(f"file:{args.source}?mode=ro", uri=True)
folder = tempfile.mkdtemp(prefix="qm-floor-")
target = sqlite3.connect(os.path.join(folder, "floor.sqlite"), isolation_level=None)
if args.mode == "product":
    pragmas = ["journal_mode=WAL", "synchronous=NORMAL", "wal_autocheckpoint=0", "cache_size=-65536"]
else:
    pragmas = ["journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000"]
for pragma in pragmas + ["foreign_keys=OFF", "temp_store=MEMORY"]:
    target.execute("PRAGMA " + pragma)

# The same tables and indexes (FTS5's shadow tables come with its virtual table).
for (sql,) in source.execute(
    "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'product_fts_%' AND name NOT LIKE 'sqlite_%'"
):
    target.execute(sql)

rows = {}
for table in TABLES:
    columns = [r[1] for r in source.execute(f"PRAGMA table_info({table})")]
    if table == "product_fts":
        columns = ["rowid"] + columns
    order = "seq" if table == "product_specs" else "rowid"
    rows[table] = (columns, source.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}").fetchall())

products = len(rows["products"][1])
spent = {table: 0.0 for table in TABLES}
commits = 0.0
started = time.perf_counter()
for batch in range(args.batches):
    target.execute("BEGIN IMMEDIATE")
    for table in TABLES:
        columns, all_rows = rows[table]
        part = all_rows[batch * len(all_rows) // args.batches:(batch + 1) * len(all_rows) // args.batches]
        at = time.perf_counter()
        target.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", part)
        spent[table] += time.perf_counter() - at
    at = time.perf_counter()
    target.execute("COMMIT")
    commits += time.perf_counter() - at
total = time.perf_counter() - started

print(f"mode {args.mode}, {args.batches} transactions, {products:,} products")
for table in TABLES:
    print(f"  {table:14} {len(rows[table][1]):>9,} rows  {spent[table]:6.2f} s")
print(f"  commits                         {commits:6.2f} s")
print(f"total {total:.2f} s: at most {products / total:,.0f} products/s for the writer alone")
for name in os.listdir(folder):
    os.remove(os.path.join(folder, name))
os.rmdir(folder)
