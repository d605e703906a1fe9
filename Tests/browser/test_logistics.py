"""Browser tests of logistics: packing a load and looking at it in the 3D viewer (box count, utilisation,
picking a box, an item too large for the container), and the fleet: a vehicle added through the form (a
refused value shown next to its field), a price calculated and a transport booked in the UI (once, even
when Book is pressed again), the booking dispatched and delivered from the list, its layout opened in the
viewer, the calendar showing the vehicle booked, and a second booking that no free vehicle can take
refused with the server's own words.

Run:  QUARTERMASTER_BIN=.build/debug/quartermaster python3 -m pytest Tests/browser/test_logistics.py -q
"""

import datetime
import sys
import uuid
from pathlib import Path

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_approvals import click  # noqa: E402
from test_catalog import api_request, go, set_field, signed_in, text_of, visible, wait_for  # noqa: E402
from test_orders import alert_text  # noqa: E402
from test_portal import set_date  # noqa: E402
from test_shell import browser, by_testid, server, uncaught_errors  # noqa: E402,F401  (fixtures)

# The Pack panel's sample load (logistics.js SAMPLE_CONTAINER / SAMPLE_ITEMS).
SAMPLE_CONTAINER = {"length": 240, "width": 150, "height": 120, "max_weight": 1000}
SAMPLE_QUANTITIES = {"copy-paper-carton": 16, "toner-box": 12, "office-chair": 2, "monitor": 4}
OVERSIZED = {"id": "conference-table", "length": 400, "width": 200, "height": 150, "weight": 80, "quantity": 1,
             "orientations": "any"}
# The Book form's prefilled load: the first two sample items, at most 6 of each.
BOOK_ITEMS = [
    {"id": "copy-paper-carton", "length": 43, "width": 30, "height": 25, "weight": 12.5, "quantity": 6, "orientations": "upright"},
    {"id": "toner-box", "length": 40, "width": 20, "height": 15, "weight": 2.2, "quantity": 6, "orientations": "any"},
]
TRIP = {"distance_km": 35, "loading_minutes": 20, "unloading_minutes": 20}


# ---------- helpers ----------

def last_row(driver, prefix):
    return driver.find_elements(*by_testid(f"{prefix}-item-row"))[-1]


def type_into(element, text):
    element.clear()
    element.send_keys(str(text))


def add_item(driver, prefix, item):
    click(driver, f"{prefix}-item-add")
    row = last_row(driver, prefix)
    for name in ("id", "length", "width", "height", "weight", "quantity"):
        type_into(row.find_element(*by_testid(f"{prefix}-item-{name}")), item[name])


def viewer_count(driver, testid):
    return int(driver.find_element(*by_testid(f"{testid}-box-count")).get_attribute("data-count"))


def legend(driver, testid):
    return {element.get_attribute("data-item"): int(element.get_attribute("data-count"))
            for element in driver.find_elements(*by_testid(f"{testid}-legend-item"))}


def click_a_box(driver, testid):
    """Clicks on the canvas where some box is in front; returns that box as the viewer has it."""
    canvas = visible(driver, f"{testid}-canvas")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", canvas)
    found = driver.execute_script("""
        const viewer = window.__qmViewer;
        for (let i = viewer.count() - 1; i >= 0; i -= 1) {
          const point = viewer.pointFor(i);
          if (point) {
            const rect = arguments[0].getBoundingClientRect();
            return {index: i, box: viewer.box(i), dx: point.x - (rect.left + rect.width / 2), dy: point.y - (rect.top + rect.height / 2)};
          }
        }
        return null;""", canvas)
    assert found, "no box is visible in the viewer"
    ActionChains(driver).move_to_element_with_offset(canvas, round(found["dx"]), round(found["dy"])).click().perform()
    return found


def next_wednesday():
    today = datetime.date.today()
    days = (2 - today.weekday()) % 7 or 7
    return (today + datetime.timedelta(days=days if days >= 2 else days + 7)).isoformat()


def create_vehicle(base_url, token, **fields):
    body = {
        "name": f"Box truck {uuid.uuid4().hex[:4]}", "type": "box_truck",
        "cargo_space": {"length_cm": 600, "width_cm": 240, "height_cm": 240}, "max_payload_kg": 5000,
        "currency": "USD", "fixed_cost": 120, "cost_per_km": 1.2, "cost_per_hour": 45, "average_speed_kmh": 60,
        "depot": {"latitude": 45.52, "longitude": -122.68}, "capabilities": [],
        "availability": {"weekdays": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
                         "extra_dates": [], "blocked": []},
        **fields,
    }
    status, vehicle = api_request(base_url, "POST", "/vehicles", token, body)
    assert status == 201, vehicle
    return vehicle


def booking_row(driver, booking_id):
    return wait_for(driver, EC.visibility_of_element_located(
        (By.CSS_SELECTOR, f'[data-testid="booking-row"][data-booking-id="{booking_id}"]')))


def row_status_is(driver, booking_id, status):
    wait_for(driver, lambda d: d.find_element(
        By.CSS_SELECTOR, f'[data-testid="booking-row"][data-booking-id="{booking_id}"]').get_attribute("data-status") == status)


def click_in_row(driver, booking_id, testid):
    def attempt(d):
        row = d.find_element(By.CSS_SELECTOR, f'[data-testid="booking-row"][data-booking-id="{booking_id}"]')
        button = row.find_element(*by_testid(testid))
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
        button.click()
        return True
    wait_for(driver, attempt)


def money_text(amount):
    return f"${float(amount):,.2f}"


# ---------- tests ----------

def test_pack_a_sample_load_then_pick_a_box_and_see_what_did_not_fit(browser, server):
    token = signed_in(browser, server)
    visible(browser, "nav-logistics").click()
    visible(browser, "pack-form")
    assert browser.find_element(*by_testid("logistics-tab-pack")).get_attribute("aria-current") == "page"
    assert len(browser.find_elements(*by_testid("pack-item-row"))) == len(SAMPLE_QUANTITIES)
    add_item(browser, "pack", OVERSIZED)

    click(browser, "pack-submit")

    overall = wait_for(browser, lambda d: (e := d.find_element(*by_testid("pack-overall"))).text.strip() and e)
    packed = sum(SAMPLE_QUANTITIES.values())
    assert overall.get_attribute("data-boxes") == str(packed), overall.text
    assert overall.get_attribute("data-unpacked") == "1", overall.text
    assert f"{packed} of {packed + 1}" in overall.text and "%" in overall.text
    # The viewer: every sample box, one legend entry (and colour) per item, the volume used.
    assert viewer_count(browser, "pack-viewer") == packed
    assert legend(browser, "pack-viewer") == SAMPLE_QUANTITIES
    utilisation = browser.find_element(*by_testid("pack-viewer-utilization"))
    assert "%" in utilisation.text and 0 < float(utilisation.get_attribute("data-value")) <= 1, utilisation.text
    assert " of " in text_of(browser, "pack-viewer-weight")  # "<weight> of <max>"
    # The oversized item, with the server's reason.
    row = visible(browser, "pack-unpacked-row")
    assert row.get_attribute("data-item") == OVERSIZED["id"]
    status, alone = api_request(server, "POST", "/logistics/pack", token,
                                {"container": SAMPLE_CONTAINER, "items": [OVERSIZED], "time_limit_seconds": 1})
    assert status == 200 and alone["unpacked"], alone
    assert row.find_element(*by_testid("pack-unpacked-reason")).text == alone["unpacked"][0]["reason"]

    # Picking: click where a box is in front; the panel names its item, position and size.
    found = click_a_box(browser, "pack-viewer")
    selection = visible(browser, "pack-viewer-selection")
    wait_for(browser, lambda d: selection.get_attribute("data-index") == str(found["index"]))
    assert text_of(browser, "pack-viewer-selected-item") == found["box"]["item"]
    assert found["box"]["item"] in SAMPLE_QUANTITIES
    assert "x " in text_of(browser, "pack-viewer-selected-position") and "×" in text_of(browser, "pack-viewer-selected-size")

    # Zoom and orbit keep the selection; a drag is not a click.
    click(browser, "pack-viewer-zoom-in")
    click(browser, "pack-viewer-zoom-out")
    canvas = browser.find_element(*by_testid("pack-viewer-canvas"))
    corner = "const v = window.__qmViewer; return v.pointFor(arguments[0]) ?? v.box(arguments[0]);"
    before = browser.execute_script(corner, found["index"])
    ActionChains(browser).click_and_hold(canvas).move_by_offset(80, 30).move_by_offset(40, 10).release().perform()
    assert selection.get_attribute("data-index") == str(found["index"])
    assert browser.execute_script(corner, found["index"]) != before  # the view turned
    found = click_a_box(browser, "pack-viewer")  # still pickable from the new angle
    wait_for(browser, lambda d: selection.get_attribute("data-index") == str(found["index"]))
    # A legend entry highlights its item.
    entry = browser.find_element(By.CSS_SELECTOR, '[data-testid="pack-viewer-legend-item"][data-item="monitor"]')
    entry.click()
    assert entry.get_attribute("aria-pressed") == "true"
    assert uncaught_errors(browser) == []


def test_add_a_vehicle_book_transport_dispatch_deliver_and_a_second_booking_is_refused(browser, server):
    token = signed_in(browser, server)
    date = next_wednesday()
    truck = create_vehicle(server, token)

    # A van through the form: a length of 0 is refused next to its field, then accepted.
    go(browser, server, "logistics/fleet")
    wait_for(browser, EC.visibility_of_element_located(
        (By.CSS_SELECTOR, f'[data-testid="vehicle-row"][data-vehicle-id="{truck["id"]}"]')))
    van_name = f"Tail-lift van {uuid.uuid4().hex[:4]}"
    for testid, text in (("vehicle-name", van_name), ("vehicle-capabilities", "tail_lift"),
                         ("vehicle-cargo_space-length_cm", "0"), ("vehicle-cargo_space-width_cm", "150"),
                         ("vehicle-cargo_space-height_cm", "140"), ("vehicle-max_payload_kg", "800"),
                         ("vehicle-fixed_cost", "40"), ("vehicle-cost_per_km", "0.5"), ("vehicle-cost_per_hour", "30"),
                         ("vehicle-depot-latitude", "45.5"), ("vehicle-depot-longitude", "-122.6")):
        set_field(browser, testid, text)
    click(browser, "vehicle-submit")
    error = wait_for(browser, lambda d: (e := d.find_element(*by_testid("vehicle-cargo_space-length_cm-error"))).text.strip() and e)
    assert "> 0" in error.text or "0" in error.text, error.text
    assert browser.find_element(*by_testid("vehicle-cargo_space-length_cm")).get_attribute("aria-invalid") == "true"
    assert alert_text(browser, "vehicle-error")
    set_field(browser, "vehicle-cargo_space-length_cm", "250")
    click(browser, "vehicle-submit")
    wait_for(browser, lambda d: van_name in d.find_element(*by_testid("vehicle-done")).text)
    van_row = wait_for(browser, EC.visibility_of_element_located(
        (By.XPATH, f'//*[@data-testid="vehicle-row"][contains(., "{van_name}")]')))
    van_id = van_row.get_attribute("data-vehicle-id")
    status, fleet = api_request(server, "GET", "/vehicles", token)
    van = next(v for v in fleet["items"] if v["id"] == van_id)
    assert van["capabilities"] == ["tail_lift"] and van["cargo_space"]["length_cm"] == 250, van
    # The calendar has a week of cells per vehicle.
    wait_for(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, f'[data-testid="calendar-cell"][data-vehicle-id="{van_id}"]')) == 7)

    # Price and book a load that needs a tail lift: only the van can take it.
    body = {"date": date, "trip": TRIP, "load": {"items": BOOK_ITEMS, "required_capabilities": ["tail_lift"]}}
    status, offer = api_request(server, "POST", "/bookings/calculate-price", token, body)
    assert status == 200 and [v["vehicle_id"] for v in offer["vehicles"]] == [van_id], offer
    go(browser, server, "logistics/book")
    visible(browser, "book-form")
    set_date(browser, "book-date", date)
    set_field(browser, "book-capabilities", "tail_lift")
    click(browser, "book-calculate")
    total = wait_for(browser, lambda d: (e := d.find_element(*by_testid("book-offer-total"))).text.strip() and e)
    assert total.text == money_text(offer["total"]["amount"]), (total.text, offer["total"])
    vehicle = visible(browser, "book-offer-vehicle")
    assert vehicle.get_attribute("data-vehicle-id") == van_id and van_name in vehicle.text
    assert len(vehicle.find_elements(*by_testid("book-price-line"))) == len(offer["vehicles"][0]["price"]["lines"])
    assert viewer_count(browser, "book-viewer") == sum(item["quantity"] for item in BOOK_ITEMS)

    click(browser, "book-submit")
    done = wait_for(browser, lambda d: (e := d.find_element(*by_testid("book-done"))).is_displayed() and e.text.strip() and e)
    booking_id = done.get_attribute("data-booking-id")
    assert booking_id and booking_id in done.text
    click(browser, "book-submit")  # again, unchanged: the same Idempotency-Key, the same booking
    wait_for(browser, lambda d: "Already booked" in d.find_element(*by_testid("book-done")).text)
    assert browser.find_element(*by_testid("book-done")).get_attribute("data-booking-id") == booking_id
    status, day = api_request(server, "GET", f"/bookings?date={date}", token)
    assert status == 200 and [b["id"] for b in day["items"]] == [booking_id], day

    # The day's bookings: dispatch, deliver, look at the layout.
    click(browser, "book-booking-link")
    row = booking_row(browser, booking_id)
    assert row.get_attribute("data-status") == "booked" and van_name in row.text
    assert money_text(offer["total"]["amount"]) in row.find_element(*by_testid("booking-total")).text
    click_in_row(browser, booking_id, "booking-action-dispatched")
    row_status_is(browser, booking_id, "dispatched")
    click_in_row(browser, booking_id, "booking-action-delivered")
    row_status_is(browser, booking_id, "delivered")
    row = booking_row(browser, booking_id)
    assert not row.find_elements(By.CSS_SELECTOR, '[data-testid^="booking-action-"]')
    status, booking = api_request(server, "GET", f"/bookings/{booking_id}", token)
    assert booking["status"] == "delivered" and booking["next_statuses"] == [], booking
    click_in_row(browser, booking_id, "booking-view-layout")
    visible(browser, "booking-layout")
    assert viewer_count(browser, "booking-viewer") == sum(item["quantity"] for item in BOOK_ITEMS)
    assert legend(browser, "booking-viewer") == {item["id"]: item["quantity"] for item in BOOK_ITEMS}

    # The calendar shows the van booked that day.
    go(browser, server, f"logistics/fleet?week={date}")
    cell = (By.CSS_SELECTOR, f'[data-testid="calendar-cell"][data-vehicle-id="{van_id}"][data-date="{date}"]')
    wait_for(browser, EC.presence_of_element_located(cell))
    assert browser.find_element(*cell).get_attribute("data-state") == "booked"
    truck_cell = browser.find_element(By.CSS_SELECTOR, f'[data-testid="calendar-cell"][data-vehicle-id="{truck["id"]}"][data-date="{date}"]')
    assert truck_cell.get_attribute("data-state") == "available"

    # A second booking that day needing a tail lift: the only such vehicle is taken.
    go(browser, server, "logistics/book")
    visible(browser, "book-form")
    set_date(browser, "book-date", date)
    set_field(browser, "book-capabilities", "tail_lift")
    click(browser, "book-submit")
    shown = alert_text(browser, "book-error")
    status, problem = api_request(server, "POST", "/bookings/calculate-price", token, body)
    assert status == 409, problem
    assert problem["detail"] in shown, (shown, problem)
    click(browser, "book-calculate")
    wait_for(browser, lambda d: problem["detail"] in d.find_element(*by_testid("book-error")).text)
    assert not browser.find_element(*by_testid("book-offer")).is_displayed()
    status, day = api_request(server, "GET", f"/bookings?date={date}", token)
    assert [b["id"] for b in day["items"]] == [booking_id], day
    assert uncaught_errors(browser) == []


def test_cancelling_a_booking_asks_for_a_reason(browser, server):
    token = signed_in(browser, server)
    date = next_wednesday()
    create_vehicle(server, token)
    go(browser, server, "logistics/book")
    visible(browser, "book-form")
    set_date(browser, "book-date", date)
    click(browser, "book-submit")
    done = wait_for(browser, lambda d: (e := d.find_element(*by_testid("book-done"))).is_displayed() and e.text.strip() and e)
    booking_id = done.get_attribute("data-booking-id")

    go(browser, server, f"logistics/bookings?date={date}")
    booking_row(browser, booking_id)
    click_in_row(browser, booking_id, "booking-action-cancelled")
    reason = visible(browser, "booking-cancel-reason")
    click(browser, "booking-cancel-confirm")  # no reason: refused in the form
    assert reason.get_attribute("aria-invalid") == "true"
    row_status_is(browser, booking_id, "booked")
    reason.send_keys("Customer postponed")
    click(browser, "booking-cancel-confirm")
    row_status_is(browser, booking_id, "cancelled")
    assert "Customer postponed" in booking_row(browser, booking_id).text
    status, booking = api_request(server, "GET", f"/bookings/{booking_id}", token)
    assert booking["status"] == "cancelled" and booking["state"]["cancellation_reason"] == "Customer postponed", booking
    assert uncaught_errors(browser) == []
