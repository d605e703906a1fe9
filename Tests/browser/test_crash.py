"""Crash test of the agent runtime: SIGKILL the server at random moments while many runs are in
flight, restart it on the same database, repeat; then every run must end exactly once, with a quote,
and the notify step's side effect (a webhook call, made through an intent with an idempotency key)
must have been applied once per run."""

import http.server
import json
import os
import random
import signal
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from contextlib import closing

from test_process import PASSWORD, free_port, post

CATALOG = {
    "OfficeHub": [
        {"sku": "P-1", "title": "Papyra Copy Paper A4 80gsm, 500 Sheets", "category": ["Paper", "Copy Paper"], "price": 5.25, "unit": "RM"},
        {"sku": "G-1", "gtin": "4006381333931", "title": "Scribo Gel Pens Fine, Pack of 12", "category": ["Writing", "Gel Pens"],
         "price": 11.50, "unit": "BX", "pack_size": 12},
        {"sku": "S-1", "title": "Fixa Desktop Stapler, 25 Sheets", "category": ["Office", "Staplers"], "price": 8.90},
        {"sku": "N-1", "title": "Memo Sticky Notes 76x76 Yellow, 12 Pads", "category": ["Office", "Notes"], "price": 6.40},
    ],
    "Northside": [
        {"sku": "NG-1", "gtin": "4006381333931", "title": "Scribo Gel Pens Fine, Pack of 12", "category": ["Writing", "Gel Pens"],
         "price": 12.00, "unit": "BX", "pack_size": 12},
        {"sku": "NC-1", "title": "Loftworks Ergonomic Office Chair with Armrests", "category": ["Furniture", "Chairs"], "price": 189.00},
        {"sku": "NM-1", "title": "Vivid Whiteboard Markers, Assorted, Pack of 4", "category": ["Writing", "Markers"], "price": 4.75},
    ],
}
LINES = ["20 reams of A4 copy paper", "2 boxes of gel pens", "3 staplers", "4 sticky notes", "2 ergonomic chairs",
         "6 whiteboard markers"]


class Hook(http.server.BaseHTTPRequestHandler):
    """A webhook receiver that, like any idempotent API, applies each Idempotency-Key once."""
    lock = threading.Lock()
    calls = []       # (key, body) for every delivery
    applied = {}     # key -> body, first delivery only

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        key = self.headers.get("Idempotency-Key", "")
        if len(body) < length:
            # The sender was killed mid-request: nothing arrived to apply (it will deliver again).
            self.close_connection = True
            return
        with Hook.lock:
            Hook.calls.append((key, body))
            Hook.applied.setdefault(key, body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def start_server(tmp_path, port, db, hook_port, index):
    env = dict(os.environ, QUARTERMASTER_BCRYPT_COST="4", QUARTERMASTER_RATELIMIT_ENABLED="false",
               QUARTERMASTER_JOBS_LEASE_SECONDS="2", QUARTERMASTER_JOBS_CONCURRENCY="8",
               QUARTERMASTER_SEARCH_EMBEDDINGS="off",
               QUARTERMASTER_AGENT_WEBHOOK_URL=f"http://127.0.0.1:{hook_port}/hook")
    log = open(tmp_path / f"server-{index}.log", "w")
    import subprocess
    process = subprocess.Popen([os.environ["QUARTERMASTER_BIN"], "serve", "--port", str(port), "--database-url", f"sqlite://{db}"],
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, (tmp_path / f"server-{index}.log").read_text()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=1) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.05)
    raise AssertionError("server did not become ready")


def get(port, path, token):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def submit(port, token, rng, count):
    runs = []
    for _ in range(count):
        text = "\n".join(rng.sample(LINES, rng.randint(2, len(LINES))))
        try:
            status, body = post(port, "/api/v1/requests", {"text": text}, token)
            assert status == 201
            runs.append(body["run_id"])
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            break  # the server was killed meanwhile; the request either exists (and will be found) or not
    return runs


ADDRESS = {"street": ["1 Main Street"], "city": "Springfield", "country_code": "US"}


def start_vendor_sim(tmp_path):
    """A simulated vendor in its own process (never killed: its log is the witness), slow enough and
    losing enough answers that kills land while orders are being submitted."""
    import subprocess
    vendor_port = free_port()
    log = open(tmp_path / "vendor-sim.log", "w")
    process = subprocess.Popen([os.environ["QUARTERMASTER_BIN"], "vendor-sim", "--port", str(vendor_port), "--profile", "marketplace",
                                "--latency-ms", "30", "--lost-answer-rate", "0.2"], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{vendor_port}/_log", timeout=1):
                return process, vendor_port
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the vendor simulator did not start")


def put(port, path, body, token):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(), method="PUT",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def test_runs_survive_repeated_sigkill(tmp_path):
    rng = random.Random(int(os.environ.get("QM_CRASH_SEED", "20261121")))
    kills = int(os.environ.get("QM_CRASH_KILLS", "20"))
    hook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    simulator, vendor_port = start_vendor_sim(tmp_path)
    port, db = free_port(), tmp_path / "crash.sqlite"
    process = start_server(tmp_path, port, db, hook.server_address[1], 0)
    try:
        _, body = post(port, "/api/v1/auth/signup",
                       {"organization": "Crash", "name": "C", "email": "c@crash.test", "password": PASSWORD})
        token = body["access_token"]
        assert put(port, "/api/v1/purchasing-profile", {"buyer": {"name": "Crash", "address": ADDRESS}}, token) == 200
        for vendor, lines in CATALOG.items():
            _, created = post(port, "/api/v1/vendors", {"name": vendor, "currency": "USD", "shipping_fee": 5, "address": ADDRESS},
                              token)
            # Every order goes to the simulated vendor through its JSON connector.
            assert put(port, f"/api/v1/vendors/{created['id']}/connector",
                       {"kind": "http_json", "url": f"http://127.0.0.1:{vendor_port}"}, token) == 200
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/catalog/imports?vendor={created['id']}",
                data="\n".join(json.dumps(line) for line in lines).encode(), method="POST",
                headers={"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {token}"})
            with urllib.request.urlopen(request, timeout=10) as response:
                imported = json.loads(response.read())
            for _ in range(200):
                if get(port, f"/api/v1/catalog/imports/{imported['id']}", token)["status"] == "succeeded":
                    break
                time.sleep(0.05)
        submitted, in_flight = [], set()
        for index in range(1, kills + 1):
            # A burst of runs (≥ 20 in flight on the first round), then a kill while they are being worked.
            submitted += submit(port, token, rng, 25 if index == 1 else rng.randint(5, 15))
            time.sleep(rng.uniform(0, 0.15))
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
            # Runs the kill caught half-way: some step done, the run still running.
            with closing(sqlite3.connect(db)) as conn:
                in_flight |= {row[0] for row in conn.execute(
                    "SELECT r.id FROM runs r WHERE r.status = 'running' AND EXISTS "
                    "(SELECT 1 FROM run_steps s WHERE s.run_id = r.id AND s.status = 'completed')")}
            process = start_server(tmp_path, port, db, hook.server_address[1], index)
            token = post(port, "/api/v1/auth/login", {"email": "c@crash.test", "password": PASSWORD})[1]["access_token"]

        # Every run the server knows ends; none is lost, none is left half-done.
        known, cursor = [], ""
        while True:
            page = get(port, f"/api/v1/requests?limit=200&cursor={cursor}", token)
            known += [item["run_id"] for item in page["items"]]
            cursor = page.get("next_cursor")
            if not cursor:
                break
        assert set(submitted) <= set(known)
        assert len(known) >= 20
        deadline = time.monotonic() + 120
        pending = set(known)
        while pending and time.monotonic() < deadline:
            for run in list(pending):
                if get(port, f"/api/v1/runs/{run}", token)["status"] in ("succeeded", "failed", "cancelled"):
                    pending.discard(run)
            time.sleep(0.2)
        assert not pending, f"runs still unfinished: {sorted(pending)[:5]}"
        notified = set()
        for run in known:
            detail = get(port, f"/api/v1/runs/{run}", token)
            assert detail["status"] == "succeeded", detail
            # Every basket stays below 1,000: the policy check runs, the approval step approves by itself,
            # the purchase step drafts the orders.
            assert [step["status"] for step in detail["steps"]] == [
                "completed", "completed", "completed", "completed", "completed", "completed", "completed", "completed"]
            events = get(port, f"/api/v1/runs/{run}/events?limit=1000", token)["items"]
            assert [e["type"] for e in events].count("run.finished") == 1, run
            assert [e["type"] for e in events].count("run.started") == 1, run
            # Each step's log was committed with its outcome: never twice.
            for step in ("understand", "search", "optimise", "notify"):
                actions = [e for e in events if e["step"] == step and e["type"] in ("run.action", "run.thought")]
                assert len({json.dumps(e["data"], sort_keys=True) for e in actions}) == len(actions), (run, step)
            notified.add(run)
        # The webhook: one applied effect per run, every redelivery carried the same key and body.
        with Hook.lock:
            applied, calls = dict(Hook.applied), list(Hook.calls)
        runs_notified = {json.loads(body)["run_id"] for body in applied.values()}
        assert runs_notified == notified
        assert len(applied) == len(notified)
        for key, body in calls:
            assert applied[key] == body
        # Purchase orders: one per vendor of each run's quote, every number once, each sent to the
        # vendor exactly once (submissions left open by a kill are finished by the recovery job).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            orders = get(port, "/api/v1/purchase-orders?limit=1000", token)["items"]
            if all(order.get("vendor_reference") for order in orders):
                break
            time.sleep(0.5)
        assert all(order["status"] != "draft" and order.get("vendor_reference") for order in orders), \
            [order["number"] for order in orders if not order.get("vendor_reference")][:5]
        with urllib.request.urlopen(f"http://127.0.0.1:{vendor_port}/_log", timeout=10) as response:
            counts = json.loads(response.read())["counts"]
        assert sorted(count["po_number"] for count in counts) == sorted(order["number"] for order in orders)
        assert all(count["received"] == 1 for count in counts), [c for c in counts if c["received"] != 1][:5]
        repeats = sum(count["repeats"] for count in counts)
        numbers = [order["number"] for order in orders]
        assert len(numbers) == len(set(numbers))
        assert len({(order["request_id"], order["vendor_id"]) for order in orders}) == len(orders)
        assert {order["request_id"] for order in orders} == {
            get(port, f"/api/v1/runs/{run}", token)["request_id"] for run in known}
        resumed = len(in_flight & set(known))
        print(f"{kills} kills, {len(known)} runs, {resumed} caught half-way by a kill and finished after it, "
              f"{len(orders)} purchase orders each placed once ({repeats} repeated submissions recognised by their key), "
              f"{len(calls)} webhook deliveries, {len(calls) - len(applied)} redelivered")
        # The kills must have hit runs in flight, or this test proves nothing.
        assert resumed > 0
    finally:
        if process.poll() is None:
            process.kill()
        simulator.terminate()
        simulator.wait(timeout=10)
        hook.shutdown()
