"""The `quartermaster vendor-sim` contract, driven as outside checks drive it: a separate process that
speaks the HTTP JSON vendor contract (docs/VENDOR-API.md) and logs every order it received."""

import json
import os
import subprocess
import time
import urllib.error
import urllib.request

from test_process import free_port

BIN = os.environ.get("QUARTERMASTER_BIN", ".build/debug/quartermaster")

ORDER = {
    "operation": "new", "po_number": "PO-2026-000042", "version": 1, "order_date": "2026-11-21T09:30:00Z",
    "currency": "USD",
    "buyer": {"name": "Acme", "address": {"street": ["1 Main St"], "city": "Springfield", "country_code": "US"}},
    "bill_to": {"name": "Acme", "address": {"street": ["1 Main St"], "city": "Springfield", "country_code": "US"}},
    "ship_to": {"name": "Acme", "address": {"street": ["1 Main St"], "city": "Springfield", "country_code": "US"}},
    "supplier": {"name": "Bazaar", "address": {"street": ["2 Market St"], "city": "Seattle", "country_code": "US"}},
    "lines": [{"line_number": 1, "supplier_part_id": "P-1", "description": "Copy paper A4", "quantity": 10, "unit": "RM",
               "unit_price": "5.25", "line_total": "52.50"}],
    "subtotal": "52.50", "total": "52.50",
}


def call(port, method, path, body=None, key=None):
    headers = {"Content-Type": "application/json", **({"Idempotency-Key": key} if key else {})}
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_the_simulator_places_each_order_once_whatever_the_repeats():
    port = free_port()
    process = subprocess.Popen([BIN, "vendor-sim", "--port", str(port), "--profile", "marketplace"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                if call(port, "GET", "/_log")[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        # Without an idempotency key nothing is placed.
        status, problem = call(port, "POST", "/orders", ORDER)
        assert status == 400, problem
        first_status, first = call(port, "POST", "/orders", ORDER, key="org-acme:PO-2026-000042:v1:new")
        assert first_status in (200, 201), first
        again_status, again = call(port, "POST", "/orders", ORDER, key="org-acme:PO-2026-000042:v1:new")
        assert again_status == 200 and again["id"] == first["id"]
        _, log = call(port, "GET", "/_log")
        counts = [c for c in log["counts"] if c["po_number"] == "PO-2026-000042"]
        assert len(counts) == 1 and counts[0]["received"] == 1 and counts[0]["repeats"] == 1
        status, order = call(port, "GET", f"/orders/{first['id']}")
        assert status == 200 and order["id"] == first["id"]
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0


def test_an_unknown_profile_is_refused():
    done = subprocess.run([BIN, "vendor-sim", "--port", str(free_port()), "--profile", "nope"], capture_output=True, text=True,
                          timeout=30)
    assert done.returncode != 0
    assert "marketplace" in (done.stderr + done.stdout)
