"""Browser tests of purchasing: the purchasing profile set through the UI, a request's order on the request
page, the order page (its PDF fetched with the token, issuing, receiving with a rejection, the invoice
matched), refusals shown as the server words them, and an order that cannot be issued without addresses.

Run:  QUARTERMASTER_BIN=.build/debug/quartermaster python3 -m pytest Tests/browser/test_orders.py -q
"""

import sys
import time
import uuid
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_approvals import click, submitted  # noqa: E402
from test_catalog import (  # noqa: E402
    TAG, api_request, create_vendor, go, run_import, set_field, signed_in, text_of, visible, wait_for,
)
from test_shell import browser, by_testid, server, uncaught_errors  # noqa: E402,F401  (fixtures)

CATALOG = [
    {"sku": f"OP-{TAG}", "title": "Papyra Copy Paper A4 80gsm, 500 Sheets", "category": ["Paper", "Copy Paper"], "price": 5.25,
     "unit": "RM"},
    {"sku": f"OS-{TAG}", "title": "Fixa Desktop Stapler, 25 Sheets", "category": ["Office", "Staplers"], "price": 8.90},
]
VENDOR_ADDRESS = {"street": ["200 Industrial Way"], "city": "Springfield", "region": "IL", "postal_code": "62701",
                  "country_code": "US"}


def stocked(driver, base_url, address=VENDOR_ADDRESS):
    """A signed-in admin with a vendor (with an address unless told otherwise) and its products; returns (token, vendor)."""
    token = signed_in(driver, base_url)
    fields = {"shipping_fee": 4.95, "free_shipping_over": 100}
    if address:
        fields["address"] = address
    vendor = create_vendor(base_url, token, f"OfficeHub {TAG}", **fields)
    assert run_import(base_url, token, vendor["id"], CATALOG)["status"] == "succeeded"
    return token, vendor


def orders_of(base_url, token, request_id, timeout=30):
    """Waits for the agent's purchase step to draft the request's orders."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, page = api_request(base_url, "GET", f"/purchase-orders?request={request_id}", token)
        assert status == 200, page
        if page["items"]:
            return page["items"]
        time.sleep(0.2)
    raise AssertionError(f"no purchase order for {request_id}")


def status_is(driver, testid, status, timeout=15):
    """Waits for the element's data-status to be exactly `status` ("received" is in "partially_received")."""
    wait_for(driver, lambda d: d.find_element(*by_testid(testid)).get_attribute("data-status") == status, timeout=timeout)


def alert_text(driver, testid):
    element = wait_for(driver, lambda d: (e := d.find_element(*by_testid(testid))).is_displayed() and e)
    assert element.get_attribute("role") == "alert"
    return element.text


def set_profile_through_the_ui(driver, base_url):
    visible(driver, "nav-admin").click()
    visible(driver, "admin-purchasing-profile").click()
    visible(driver, "profile-form")
    set_field(driver, "profile-buyer-name", "Acme Supplies Ltd")
    set_field(driver, "profile-buyer-street", "12 Harbour Road\nUnit 4")
    set_field(driver, "profile-buyer-city", "Portland")
    set_field(driver, "profile-buyer-region", "OR")
    set_field(driver, "profile-buyer-postal_code", "97201")
    set_field(driver, "profile-buyer-country_code", "USA")  # refused: two letters
    set_field(driver, "profile-buyer-contact-name", "Ada Lovelace")
    set_field(driver, "profile-buyer-contact-email", "ada@acme.example")
    set_field(driver, "profile-ship_to-name", "Acme Warehouse")
    set_field(driver, "profile-ship_to-street", "99 Dock Street")
    set_field(driver, "profile-ship_to-city", "Portland")
    set_field(driver, "profile-ship_to-country_code", "US")
    set_field(driver, "profile-payment_terms-net_days", "45")
    set_field(driver, "profile-payment_terms-discount_percent", "2")
    set_field(driver, "profile-payment_terms-discount_days", "10")
    Select(driver.find_element(*by_testid("profile-incoterms-rule"))).select_by_value("DAP")
    set_field(driver, "profile-incoterms-place", "Portland warehouse")
    set_field(driver, "profile-terms", "Quote the PO number on every invoice")
    set_field(driver, "profile-tolerances-price_percent", "1")
    click(driver, "profile-submit")
    error = alert_text(driver, "profile-error")
    assert "Buyer" in error and "two-letter" in error
    assert driver.find_element(*by_testid("profile-buyer-country_code")).get_attribute("aria-invalid") == "true"

    set_field(driver, "profile-buyer-country_code", "us")  # upper-cased on the way
    click(driver, "profile-submit")
    wait_for(driver, lambda d: d.find_element(*by_testid("profile-done")).text.strip())
    assert not driver.find_element(*by_testid("profile-error")).is_displayed()


def test_an_order_goes_from_the_request_page_to_a_matched_invoice(server, browser, tmp_path):
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    token, vendor = stocked(browser, server)
    set_profile_through_the_ui(browser, server)
    status, profile = api_request(server, "GET", "/purchasing-profile", token)
    assert status == 200 and profile["buyer"]["address"]["country_code"] == "US", profile
    assert profile["buyer"]["address"]["street"] == ["12 Harbour Road", "Unit 4"]
    assert profile["incoterms"] == {"rule": "DAP", "place": "Portland warehouse"}
    assert "bill_to" not in profile or profile["bill_to"] is None

    # 20 × 5.25 + 3 × 8.90 = 131.70: below 1,000, approved without anyone, and ordered by the agent.
    request = submitted(server, token, "20 reams of A4 copy paper\n3 staplers", until=("approved",))
    [order] = orders_of(server, token, request["id"])

    # The request page shows the order and how far it has got.
    go(browser, server, f"requests/{request['id']}")
    row = wait_for(browser, EC.visibility_of_element_located(
        (By.CSS_SELECTOR, f'[data-testid="request-order"][data-order-id="{order["id"]}"]')))
    assert order["number"] in row.text and vendor["name"] in row.text and "131.70" in row.text
    assert row.find_element(*by_testid("request-order-status")).get_attribute("data-status") == "draft"
    click(browser, "request-order-link")

    # The order page: parties, lines, totals, terms.
    wait_for(browser, EC.url_contains(f"#/orders/{order['id']}"))
    status_is(browser, "order-status", "draft")
    assert order["number"] in text_of(browser, "page-title")
    buyer = visible(browser, "order-party-buyer").text
    assert "Acme Supplies Ltd" in buyer and "12 Harbour Road" in buyer and "Portland" in buyer
    assert "Acme Supplies Ltd" in text_of(browser, "order-party-bill_to")  # the buyer, as no bill-to was given
    assert "99 Dock Street" in text_of(browser, "order-party-ship_to")
    assert "200 Industrial Way" in text_of(browser, "order-party-supplier")
    assert len(browser.find_elements(*by_testid("order-line"))) == 2
    terms = text_of(browser, "order-terms")
    assert "Net 45" in terms and "DAP Portland warehouse" in terms and "Quote the PO number" in terms
    assert "131.70" in text_of(browser, "order-total")

    # The PDF is fetched with the token and offered as a file.
    click(browser, "document-pdf")
    wait_for(browser, EC.text_to_be_present_in_element_attribute(by_testid("document-status"), "data-type", "application/pdf"))
    link = visible(browser, "document-link-pdf")
    assert link.get_attribute("href").startswith("blob:") and link.get_attribute("download").endswith(".pdf")
    assert order["number"] in text_of(browser, "document-status")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not list(tmp_path.glob("*.pdf")):
        time.sleep(0.2)
    [pdf] = list(tmp_path.glob("*.pdf"))
    assert pdf.read_bytes()[:5] == b"%PDF-"

    # Issued: the buyer's buttons change and the server refuses a second issue.
    click(browser, "order-issue")
    status_is(browser, "order-status", "issued")
    assert order["number"] in visible(browser, "order-result").text
    assert not browser.find_elements(*by_testid("order-issue"))
    status, refusal = api_request(server, "POST", f"/purchase-orders/{order['id']}/issue", token, {})
    assert status == 409, refusal

    # Line 1 arrives with two damaged reams; then a receipt over the ordered quantity is refused.
    set_field(browser, "receive-quantity-1", "20")
    set_field(browser, "receive-rejected-1", "2")
    set_field(browser, "receive-reason-1", "Water-damaged")
    click(browser, "receive-submit")
    status_is(browser, "order-status", "partially_received")
    receipt = visible(browser, "receipt-line")
    assert "20 received" in receipt.text and "18 accepted" in receipt.text and "Water-damaged" in receipt.text
    assert "18 / 20" in browser.find_element(By.CSS_SELECTOR, '[data-testid="order-line"][data-line="1"] [data-testid="order-line-accepted"]').text

    set_field(browser, "receive-quantity-1", "5")
    click(browser, "receive-submit")
    error = alert_text(browser, "receive-error")
    assert "Line 1" in error and "more than the 20 ordered" in error, error
    assert browser.find_element(*by_testid("order-status")).get_attribute("data-status") == "partially_received"

    # The rest arrives.
    set_field(browser, "receive-quantity-1", "2")
    set_field(browser, "receive-quantity-2", "3")
    click(browser, "receive-submit")
    status_is(browser, "order-status", "received")
    assert len(browser.find_elements(*by_testid("receipt"))) == 2
    assert not browser.find_elements(*by_testid("receive-form"))

    # The vendor's invoice, prefilled from the order, matches.
    assert browser.find_element(*by_testid("invoice-quantity-1")).get_attribute("value") == "20"
    assert browser.find_element(*by_testid("invoice-price-2")).get_attribute("value") == "8.9"
    set_field(browser, "invoice-number", f"INV-{uuid.uuid4().hex[:6]}")
    click(browser, "invoice-submit")
    status_is(browser, "order-status", "matched")
    invoice = wait_for(browser, EC.visibility_of_element_located(by_testid("invoice-row")))
    assert invoice.get_attribute("data-status") == "matched" and "131.70" in invoice.text
    assert "Matched" in visible(browser, "invoice-result").text
    assert not browser.find_elements(*by_testid("invoice-form"))

    # The request page and the orders list follow.
    go(browser, server, f"requests/{request['id']}")
    status_is(browser, "request-order-status", "matched")
    go(browser, server, "orders")
    Select(visible(browser, "orders-status")).select_by_value("matched")
    row = wait_for(browser, EC.visibility_of_element_located(
        (By.CSS_SELECTOR, f'[data-testid="order-row"][data-order-id="{order["id"]}"]')))
    assert order["number"] in row.text and "131.70" in row.text
    Select(browser.find_element(*by_testid("orders-status"))).select_by_value("draft")
    visible(browser, "empty-state")
    assert uncaught_errors(browser) == []


def test_an_order_without_addresses_is_not_issued_and_is_cancelled(server, browser):
    token, _ = stocked(browser, server, address=None)  # no purchasing profile, no vendor address
    request = submitted(server, token, "3 staplers", until=("approved",))
    [order] = orders_of(server, token, request["id"])
    go(browser, server, f"orders/{order['id']}")
    status_is(browser, "order-status", "draft")
    assert visible(browser, "receive-closed").text

    click(browser, "order-issue")
    error = alert_text(browser, "order-error")
    fields = [item.get_attribute("data-field") for item in browser.find_elements(By.CSS_SELECTOR, '[data-testid="order-error"] li')]
    assert "buyer.address.city" in fields and "supplier.address.country_code" in fields, fields
    assert "Supplier" in error and "must not be empty" in error
    assert browser.find_element(*by_testid("order-status")).get_attribute("data-status") == "draft"

    click(browser, "order-cancel")  # without a reason
    assert "reason" in alert_text(browser, "order-error")
    set_field(browser, "order-cancel-reason", "Bought at the shop next door")
    click(browser, "order-cancel")
    status_is(browser, "order-status", "cancelled")
    assert not browser.find_elements(*by_testid("order-cancel")) and not browser.find_elements(*by_testid("order-issue"))

    # In French.
    Select(browser.find_element(*by_testid("lang-select"))).select_by_value("fr")
    wait_for(browser, EC.text_to_be_present_in_element(by_testid("order-status"), "Annulée"))
    assert "Bon de commande" in text_of(browser, "page-title")
    assert uncaught_errors(browser) == []
