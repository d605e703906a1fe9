"""Browser tests of the supplier portal and of the buyer's follow-up of an order: a vendor's user sees only the
portal (no dashboard, no event stream), acknowledges an order with a line split into accepted and backordered
parts, ships it in two notices (a shipment of more than was ordered refused as the server words it), writes
to the buyer and invoices the received order ("flip"), which matches; the buyer sees the shipments, the
vendor's progress per line and the message, and answers; another vendor's user cannot see the order, and a
vendor's user is refused the buyer's API. A second test sends a change order from the buyer's order page.

Run:  QUARTERMASTER_BIN=.build/debug/quartermaster python3 -m pytest Tests/browser/test_portal.py -q
"""

import sys
import uuid
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_approvals import click, submitted  # noqa: E402
from test_catalog import TAG, api_request, create_vendor, go, run_import, set_field, text_of, visible, wait_for  # noqa: E402
from test_orders import VENDOR_ADDRESS, alert_text, orders_of, status_is  # noqa: E402
from test_shell import (  # noqa: E402,F401  (server and browser are fixtures)
    PASSWORD, browser, by_testid, log_in, new_account, post_json, server, stored, uncaught_errors,
)

CATALOG = [
    {"sku": f"VP-{TAG}", "title": "Papyra Copy Paper A4 80gsm, 500 Sheets", "category": ["Paper", "Copy Paper"], "price": 5.25,
     "unit": "RM"},
    {"sku": f"VS-{TAG}", "title": "Fixa Desktop Stapler, 25 Sheets", "category": ["Office", "Staplers"], "price": 8.90},
]
PROFILE = {
    "buyer": {"name": "Acme Supplies Ltd", "address": {"street": ["12 Harbour Road"], "city": "Portland", "region": "OR",
                                                       "postal_code": "97201", "country_code": "US"},
              "contact": {"name": "Ada Lovelace", "email": "ada@acme.example"}},
    "ship_to": {"name": "Acme Warehouse", "address": {"street": ["99 Dock Street"], "city": "Portland", "country_code": "US"}},
    "payment_terms": {"net_days": 30},
}
# Records the event streams the page opens (vendor users must get none).
EVENT_SOURCE_SPY = """
window.__eventSources = [];
const NativeEventSource = window.EventSource;
window.EventSource = class extends NativeEventSource {
  constructor(url, options) { super(url, options); window.__eventSources.push(String(url)); }
};
"""


# ---------- helpers ----------

def organisation(base_url):
    """A fresh organisation through the API; returns (account, admin token)."""
    account = new_account()
    status, _, tokens = post_json(base_url, "/auth/signup", account)
    assert status == 201, tokens
    return account, tokens["access_token"]


def vendor_user(base_url, token, vendor):
    """A user of `vendor` (role "vendor"); returns its credentials and token."""
    user = {"email": f"rep-{uuid.uuid4().hex[:8]}@example.com", "name": f"Rita Rep of {vendor['name']}", "password": PASSWORD,
            "roles": ["vendor"], "vendor_id": vendor["id"]}
    status, body = api_request(base_url, "POST", "/users", token, user)
    assert status == 201, body
    status, _, tokens = post_json(base_url, "/auth/login", {"email": user["email"], "password": PASSWORD})
    assert status == 200, tokens
    return {**user, "token": tokens["access_token"]}


def issued_order(base_url, token, text="20 reams of A4 copy paper\n3 staplers"):
    """An approved request's purchase order, issued to the vendor."""
    request = submitted(base_url, token, text, until=("approved",))
    [order] = orders_of(base_url, token, request["id"])
    status, issued = api_request(base_url, "POST", f"/purchase-orders/{order['id']}/issue", token, {})
    assert status == 200 and issued["status"] == "issued", issued
    return issued


def stocked(base_url):
    """An organisation with a purchasing profile, a vendor with a catalog and another vendor; returns (account, token, vendor, other)."""
    account, token = organisation(base_url)
    status, profile = api_request(base_url, "PUT", "/purchasing-profile", token, PROFILE)
    assert status == 200, profile
    vendor = create_vendor(base_url, token, f"OfficeHub {TAG}", shipping_fee=4.95, free_shipping_over=100, address=VENDOR_ADDRESS)
    other = create_vendor(base_url, token, f"PaperWorld {TAG}", address=VENDOR_ADDRESS)
    assert run_import(base_url, token, vendor["id"], CATALOG)["status"] == "succeeded"
    return account, token, vendor, other


def line_cell(driver, testid, line):
    return driver.find_element(By.CSS_SELECTOR, f'[data-line="{line}"] [data-testid="{testid}"]')


def set_date(driver, testid, value):
    """Sets a date input (typing depends on the locale's format)."""
    element = visible(driver, testid)
    driver.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}))",
                          element, value)


def problem_shown(driver, testid, problem):
    """The alert next to the form says what the server said: its detail and each field's message."""
    text = alert_text(driver, testid)
    assert (problem.get("detail") or problem.get("title")) in text, (text, problem)
    for error in problem.get("errors") or []:
        assert error["message"] in text, (text, problem)
    return text


# ---------- tests ----------

def test_a_vendor_acknowledges_ships_writes_and_invoices_in_the_portal(server, browser):
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": EVENT_SOURCE_SPY})
    account, token, vendor, other = stocked(server)
    order = issued_order(server, token)
    rep = vendor_user(server, token, vendor)
    stranger = vendor_user(server, token, other)
    assert order["total"] in (131.7, "131.70", "131.7"), order["total"]

    # The vendor's user signs in and lands in the portal: no dashboard, no other section, no event stream.
    browser.get(f"{server}/#/login")
    log_in(browser, rep["email"], rep["password"])
    wait_for(browser, EC.url_contains("#/portal"))
    row = wait_for(browser, EC.visibility_of_element_located(
        (By.CSS_SELECTOR, f'[data-testid="portal-order-row"][data-order-id="{order["id"]}"]')))
    assert order["number"] in row.text and "Acme Supplies Ltd" in row.text and "131.70" in row.text
    assert row.get_attribute("data-status") == "issued"
    assert visible(browser, "nav-portal").get_attribute("aria-current") == "page"
    nav = [link.get_attribute("data-testid") for link in browser.find_elements(By.CSS_SELECTOR, "#primary-nav a")]
    assert nav == ["nav-portal"], nav
    assert vendor["name"] in text_of(browser, "org-name")
    assert browser.find_element(By.CSS_SELECTOR, '[data-testid="user-roles"] [data-role="vendor"]').is_displayed()
    go(browser, server, "orders")  # a buyer's page: back to the portal
    wait_for(browser, EC.url_contains("#/portal"))
    visible(browser, "portal-order-row")
    assert browser.execute_script("return window.__eventSources") == []

    # The order: parties, lines, documents.
    click(browser, "portal-order-link")
    wait_for(browser, EC.url_contains(f"#/portal/orders/{order['id']}"))
    status_is(browser, "portal-order-status", "issued")
    assert order["number"] in text_of(browser, "page-title")
    assert "Acme Supplies Ltd" in visible(browser, "order-party-buyer").text
    assert "99 Dock Street" in text_of(browser, "order-party-ship_to")
    assert len(browser.find_elements(*by_testid("portal-line"))) == 2
    click(browser, "document-pdf")
    wait_for(browser, EC.text_to_be_present_in_element_attribute(by_testid("document-status"), "data-type", "application/pdf"))
    assert visible(browser, "document-link-pdf").get_attribute("href").startswith("blob:")

    # Acknowledged: 12 reams now and 8 backordered, the staplers accepted.
    assert browser.find_element(*by_testid("ack-quantity-1")).get_attribute("value") == "20"
    set_field(browser, "ack-quantity-1", "12")
    click(browser, "ack-split-1")
    assert Select(visible(browser, "ack-status-1-2")).first_selected_option.get_attribute("value") == "backordered"
    set_field(browser, "ack-quantity-1-2", "8")
    set_date(browser, "ack-date-1-2", "2026-12-15")
    set_field(browser, "ack-comment-1-2", "Back in stock mid-December")
    click(browser, "ack-submit")
    wait_for(browser, lambda d: d.find_element(*by_testid("ack-result")).text.strip())
    status_is(browser, "portal-order-status", "acknowledged")
    confirmations = [item.get_attribute("data-status") for item in browser.find_elements(
        By.CSS_SELECTOR, '[data-testid="portal-line"][data-line="1"] [data-testid="line-confirmation"]')]
    assert sorted(confirmations) == ["accepted", "backordered"], confirmations
    assert line_cell(browser, "portal-line-ack", 2).get_attribute("data-ack") == "accepted"
    assert text_of(browser, "portal-order-acknowledged") and \
        browser.find_element(*by_testid("portal-order-acknowledged")).get_attribute("data-acknowledged") == "true"
    status, acknowledged = api_request(server, "GET", f"/portal/purchase-orders/{order['id']}", rep["token"])
    assert status == 200, acknowledged
    expected = {line["line_number"]: line["expected"] for line in acknowledged["lines"]}

    # Shipping more than was ordered is refused, and the page says what the server said.
    status, refusal = api_request(server, "POST", f"/portal/purchase-orders/{order['id']}/shipments", rep["token"],
                                  {"carrier": "UPS", "tracking_number": "1ZREFUSED", "lines": [{"line": 1, "quantity": 50}]})
    assert status == 422, refusal
    set_field(browser, "ship-carrier", "UPS")
    set_field(browser, "ship-tracking", f"1Z{TAG}A")
    set_field(browser, "ship-quantity-1", "50")
    set_field(browser, "ship-quantity-2", "0")
    click(browser, "ship-submit")
    problem_shown(browser, "ship-error", refusal)
    status_is(browser, "portal-order-status", "acknowledged")
    assert not browser.find_elements(*by_testid("shipment"))

    # A first shipment: 6 reams and the staplers.
    set_field(browser, "ship-quantity-1", "6")
    set_field(browser, "ship-quantity-2", "3")
    click(browser, "ship-submit")
    status_is(browser, "portal-order-status", "partially_shipped")
    assert not browser.find_element(*by_testid("ship-error")).is_displayed()
    shipment = visible(browser, "shipment")
    assert f"1Z{TAG}A" in shipment.find_element(*by_testid("shipment-tracking")).text and "UPS" in shipment.text
    assert line_cell(browser, "portal-line-shipped", 1).text == "6"
    assert line_cell(browser, "portal-line-shipped", 2).text == "3"

    # A word to the buyer.
    note = f"Six reams left today ({TAG}); the rest follows."
    set_field(browser, "message-body", note)
    click(browser, "message-submit")
    message = wait_for(browser, EC.visibility_of_element_located(
        (By.XPATH, f'//*[@data-testid="message"][@data-side="vendor"][contains(., "{note}")]')))
    assert rep["name"] in message.text
    assert browser.find_element(*by_testid("message-body")).get_attribute("value") == ""

    # The rest of what is expected, prefilled.
    assert browser.find_element(*by_testid("ship-quantity-1")).get_attribute("value") == str(expected[1] - 6)
    assert browser.find_element(*by_testid("ship-quantity-2")).get_attribute("value") == "0"
    set_field(browser, "ship-carrier", "DHL")
    set_field(browser, "ship-tracking", f"JD{TAG}B")
    click(browser, "ship-submit")
    wait_for(browser, lambda d: len(d.find_elements(*by_testid("shipment"))) == 2)
    status_is(browser, "portal-order-status", "shipped")

    # The buyer receives everything (through the API); the vendor invoices it, prefilled from what shipped.
    received = {"lines": [{"line": 1, "quantity": expected[1]}, {"line": 2, "quantity": expected[2]}]}
    status, receipt = api_request(server, "POST", f"/purchase-orders/{order['id']}/receipts", token, received)
    assert status == 201 and receipt["purchase_order_status"] == "received", receipt
    click(browser, "portal-order-refresh")
    status_is(browser, "portal-order-status", "received")
    assert line_cell(browser, "portal-line-received", 1).text == str(expected[1])
    assert browser.find_element(*by_testid("portal-invoice-quantity-1")).get_attribute("value") == str(expected[1])
    assert browser.find_element(*by_testid("portal-invoice-quantity-2")).get_attribute("value") == "3"
    assert browser.find_element(*by_testid("portal-invoice-price-1")).get_attribute("value") in ("5.25", "5.2500")
    set_field(browser, "portal-invoice-number", f"INV-{TAG}")
    click(browser, "portal-invoice-submit")
    wait_for(browser, EC.text_to_be_present_in_element_attribute(by_testid("portal-invoice-result"), "data-status", "matched"))
    assert "matches" in text_of(browser, "portal-invoice-result")
    invoice_row = visible(browser, "portal-invoice-row")
    assert invoice_row.get_attribute("data-status") == "matched" and f"INV-{TAG}" in invoice_row.text
    status_is(browser, "portal-order-status", "matched")
    assert not browser.find_elements(*by_testid("portal-invoice-form"))
    assert browser.execute_script("return window.__eventSources") == []
    assert uncaught_errors(browser) == []

    # The buyer's order page: progress per line, the shipments, the vendor's message; the buyer answers.
    click(browser, "logout-button")
    log_in(browser, account["email"], account["password"])
    visible(browser, "app-shell")
    go(browser, server, f"orders/{order['id']}")
    status_is(browser, "order-status", "matched")
    tracking = [cell.text for cell in wait_for(browser, lambda d: d.find_elements(
        By.CSS_SELECTOR, '[data-testid="order-shipments"] [data-testid="shipment-tracking"]'))]
    assert f"1Z{TAG}A" in tracking and f"JD{TAG}B" in tracking, tracking
    assert line_cell(browser, "order-line-shipped", 1).text == str(expected[1])
    assert line_cell(browser, "order-line-received", 2).text == "3"
    assert line_cell(browser, "order-line-ack", 2).get_attribute("data-ack") == "accepted"
    vendor_message = wait_for(browser, EC.visibility_of_element_located(
        (By.XPATH, f'//*[@data-testid="message"][@data-side="vendor"][contains(., "{note}")]')))
    assert rep["name"] in vendor_message.text
    assert not browser.find_elements(*by_testid("change-form"))  # matched: nothing left to change
    reply = f"Thanks, all received ({TAG})."
    set_field(browser, "message-body", reply)
    click(browser, "message-submit")
    wait_for(browser, EC.visibility_of_element_located(
        (By.XPATH, f'//*[@data-testid="message"][@data-side="buyer"][contains(., "{reply}")]')))
    status, thread = api_request(server, "GET", f"/portal/purchase-orders/{order['id']}/messages", rep["token"])
    assert status == 200 and [m["side"] for m in thread["items"]] == ["vendor", "buyer"], thread
    assert thread["items"][1]["body"] == reply
    assert uncaught_errors(browser) == []

    # Another vendor's user does not see the order; a vendor's user is refused the buyer's API.
    status, body = api_request(server, "GET", f"/portal/purchase-orders/{order['id']}", stranger["token"])
    assert status == 404, body
    status, page = api_request(server, "GET", "/portal/purchase-orders", stranger["token"])
    assert status == 200 and order["id"] not in [item["id"] for item in page["items"]], page
    status, body = api_request(server, "POST", f"/portal/purchase-orders/{order['id']}/messages", stranger["token"], {"body": "hello"})
    assert status == 404, body
    for path in ("/requests", f"/purchase-orders/{order['id']}"):
        status, body = api_request(server, "GET", path, rep["token"])
        assert status == 403, (path, status, body)


def test_the_buyer_sends_a_change_order_and_the_vendor_sees_it(server, browser):
    account, token, vendor, _ = stocked(server)
    order = issued_order(server, token, text="10 reams of A4 copy paper\n2 staplers")
    rep = vendor_user(server, token, vendor)
    status, _ = api_request(server, "POST", f"/portal/purchase-orders/{order['id']}/shipments", rep["token"],
                            {"carrier": "UPS", "tracking_number": f"1Z{TAG}C", "lines": [{"line": 1, "quantity": 4}]})
    assert status == 201

    browser.get(f"{server}/#/login")
    log_in(browser, account["email"], account["password"])
    visible(browser, "app-shell")
    go(browser, server, f"orders/{order['id']}")
    status_is(browser, "order-status", "partially_shipped")
    assert f"1Z{TAG}C" in visible(browser, "shipment-tracking").text
    assert line_cell(browser, "order-line-shipped", 1).text == "4"

    # Below what shipped: refused as the server words it.
    set_field(browser, "change-quantity-1", "3")
    set_field(browser, "change-reason", "Fewer people in the office")
    status, refusal = api_request(server, "POST", f"/purchase-orders/{order['id']}/change", token,
                                  {"lines": [{"line": 1, "quantity": 3}], "reason": "Fewer people in the office"})
    assert status == 422, refusal
    click(browser, "change-submit")
    problem_shown(browser, "change-error", refusal)

    set_field(browser, "change-quantity-1", "6")
    click(browser, "change-submit")
    version = order["version"] + 1
    wait_for(browser, lambda d: f"version {version}" in d.find_element(*by_testid("change-result")).text)
    assert not browser.find_element(*by_testid("change-error")).is_displayed()
    wait_for(browser, lambda d: "6 RM" in d.find_element(By.CSS_SELECTOR, '[data-testid="order-line"][data-line="1"]').text)

    # The vendor's portal shows the new version.
    status, seen = api_request(server, "GET", f"/portal/purchase-orders/{order['id']}", rep["token"])
    assert status == 200 and seen["version"] == version and seen["lines"][0]["quantity"] == 6, seen
    click(browser, "logout-button")
    log_in(browser, rep["email"], rep["password"])
    visible(browser, "portal-order-row")
    go(browser, server, f"portal/orders/{order['id']}")
    wait_for(browser, lambda d: text_of(d, "portal-order-version") == str(version))
    assert "6 RM" in browser.find_element(By.CSS_SELECTOR, '[data-testid="portal-line"][data-line="1"]').text
    Select(browser.find_element(*by_testid("lang-select"))).select_by_value("fr")
    wait_for(browser, EC.text_to_be_present_in_element(by_testid("nav-portal"), "Portail fournisseur"))
    assert "Expédition" in browser.find_element(*by_testid("portal-ship")).text
    assert uncaught_errors(browser) == []
