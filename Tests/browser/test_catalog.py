"""Browser tests of the catalog pages: vendors, the product form, catalog imports and search.

Run:  QUARTERMASTER_BIN=.build/debug/quartermaster python3 -m pytest Tests/browser/test_catalog.py -q
Uses the server and browser fixtures of test_shell.py (a real `quartermaster serve`, headless Chromium).
"""

import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_shell import (  # noqa: E402,F401  (server and browser are fixtures)
    TIMEOUT, browser, by_testid, new_account, server, sign_up, stored, uncaught_errors,
)

TAG = uuid.uuid4().hex[:6]  # in SKUs and names, so a failed run is easy to tell apart in the server log


# ---------- helpers ----------

def wait_for(driver, condition, timeout=TIMEOUT):
    """Like test_shell's, but also retries when the page replaced an element between find and read
    (search results and facets are re-rendered after every query)."""
    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)).until(condition)


def visible(driver, testid):
    return wait_for(driver, EC.visibility_of_element_located(by_testid(testid)))


def fill(driver, testid, text):
    field = visible(driver, testid)
    field.clear()
    field.send_keys(text)


def api_request(base_url, method, path, token, body=None, content_type="application/json"):
    """Calls the API from Python; returns (status, parsed body)."""
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Accept": "application/json, application/problem+json", "Authorization": f"Bearer {token}"}
    if data is not None:
        headers["Content-Type"] = content_type
    request = urllib.request.Request(f"{base_url}/api/v1{path}", data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def signed_in(driver, base_url):
    """A fresh organisation whose admin is signed in; returns the access token."""
    sign_up(driver, base_url, new_account())
    return stored(driver, "qm.access_token")


def create_vendor(base_url, token, name, **fields):
    status, vendor = api_request(base_url, "POST", "/vendors", token, {"name": name, "currency": "USD", **fields})
    assert status == 201, vendor
    return vendor


def go(driver, base_url, route):
    driver.get(f"{base_url}/#/{route}")


def text_of(driver, testid):
    return driver.find_element(*by_testid(testid)).text.strip()


def choose_vendor(driver, testid, vendor_id):
    """Selects a vendor once the page has loaded the vendor list."""
    wait_for(driver, EC.presence_of_element_located(
        (By.CSS_SELECTOR, f'[data-testid="{testid}"] option[value="{vendor_id}"]')))
    Select(driver.find_element(*by_testid(testid))).select_by_value(vendor_id)


def set_field(driver, testid, text):
    """Types into an input or textarea, replacing what was there."""
    field = visible(driver, testid)
    field.clear()
    if text:
        field.send_keys(text)


def search(base_url, token, query):
    status, body = api_request(base_url, "GET", f"/search?q={urllib.parse.quote(query)}", token)
    assert status == 200, body
    return body


def run_import(base_url, token, vendor_id, lines, timeout=30):
    """Imports JSON Lines through the API and waits for the job to finish; returns the import."""
    body = "\n".join(json.dumps(line) for line in lines).encode() + b"\n"
    status, job = api_request(base_url, "POST", f"/catalog/imports?vendor={vendor_id}", token, body,
                              content_type="application/x-ndjson")
    assert status == 202, job
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, job = api_request(base_url, "GET", f"/catalog/imports/{job['id']}", token)
        assert status == 200, job
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"import {job} did not finish within {timeout} s")


def paper_rows():
    """Two good rows and one bad one (a negative price)."""
    return [
        {"sku": f"QK-A4-80-{TAG}", "title": "Quokka Copy Paper A4 80gsm", "brand": "Quokka",
         "category": ["Paper", "Copy Paper"], "price": 5.49, "currency": "USD", "unit": "RM", "stock": 40,
         "specs": {"paper_size": "A4", "weight_gsm": 80}},
        {"sku": f"QK-A3-90-{TAG}", "title": "Quokka Copy Paper A3 90gsm", "brand": "Quokka",
         "category": ["Paper", "Copy Paper"], "price": 11.20, "currency": "USD", "unit": "RM", "stock": 12,
         "specs": {"paper_size": "A3", "weight_gsm": 90}},
        {"sku": f"QK-BAD-{TAG}", "title": "Quokka Broken Row", "brand": "Quokka", "price": -3, "currency": "USD"},
    ]


# ---------- tests ----------

def test_create_a_vendor_on_the_vendors_page(browser, server):
    token = signed_in(browser, server)
    name = f"Northwind Office {TAG}"

    browser.find_element(*by_testid("nav-vendors")).click()
    visible(browser, "vendor-form")
    fill(browser, "vendor-field-name", name)
    Select(browser.find_element(*by_testid("vendor-field-kind"))).select_by_value("external")
    fill(browser, "vendor-field-contact_email", "orders@northwind.example")
    set_field(browser, "vendor-field-currency", "EUR")
    fill(browser, "vendor-field-shipping_fee", "4.95")
    fill(browser, "vendor-field-free_shipping_over", "50")
    fill(browser, "vendor-field-min_order_value", "20")
    fill(browser, "vendor-field-lead_time_days", "3")
    fill(browser, "vendor-field-reliability", "0.9")
    # A bad country code is refused next to its field; then the address is stored.
    fill(browser, "vendor-field-address_street", "12 Harbour Road")
    fill(browser, "vendor-field-address_city", "Lisbon")
    fill(browser, "vendor-field-address_postal_code", "1100-001")
    fill(browser, "vendor-field-address_country_code", "P")
    browser.find_element(*by_testid("vendor-submit")).click()
    wait_for(browser, lambda d: d.find_element(*by_testid("vendor-field-address_country_code")).get_attribute("aria-invalid") == "true")
    set_field(browser, "vendor-field-address_country_code", "pt")
    browser.find_element(*by_testid("vendor-submit")).click()

    row = (By.XPATH, f'//*[@data-testid="vendor-row"][contains(., "{name}")]')
    wait_for(browser, EC.visibility_of_element_located(row))
    assert "EUR" in browser.find_element(*row).text
    status, vendors = api_request(server, "GET", "/vendors", token)
    assert status == 200, vendors
    created = [v for v in vendors["items"] if v["name"] == name]
    assert len(created) == 1, vendors
    vendor = created[0]
    assert vendor["currency"] == "EUR" and vendor["kind"] == "external"
    assert vendor["contact_email"] == "orders@northwind.example"
    assert float(vendor["shipping_fee"]) == 4.95 and float(vendor["free_shipping_over"]) == 50
    assert float(vendor["min_order_value"]) == 20 and vendor["lead_time_days"] == 3
    assert float(vendor["reliability"]) == 0.9
    assert vendor["address"]["city"] == "Lisbon" and vendor["address"]["country_code"] == "PT", vendor["address"]
    assert vendor["address"]["street"] == ["12 Harbour Road"]
    assert browser.find_element(*row).get_attribute("data-vendor-id") == vendor["id"]
    assert uncaught_errors(browser) == []


def test_add_a_product_through_the_form(browser, server):
    token = signed_in(browser, server)
    vendor = create_vendor(server, token, f"Paper Depot {TAG}")
    sku = f"PD-A4-{TAG}"
    title = f"Wombat Premium Copy Paper {TAG}"

    browser.find_element(*by_testid("nav-catalog")).click()
    browser.find_element(*by_testid("catalog-new")).click()
    visible(browser, "product-form")
    choose_vendor(browser, "product-field-vendor_id", vendor["id"])
    fill(browser, "product-field-sku", sku)
    fill(browser, "product-field-title", title)
    fill(browser, "product-field-brand", "Wombat")
    fill(browser, "product-field-category", "Paper > Copy Paper")
    fill(browser, "product-field-description", "Bright white paper for everyday printing.")
    fill(browser, "product-field-bullet_points", "Jam-free\nBright white")
    fill(browser, "product-field-attributes", "recycled, acid free")
    for key, value in (("weight_gsm", "80"), ("paper_size", "A4"), ("acid_free", "true")):
        browser.find_element(*by_testid("spec-add")).click()
        browser.find_elements(*by_testid("spec-key"))[-1].send_keys(key)
        browser.find_elements(*by_testid("spec-value"))[-1].send_keys(value)
    fill(browser, "product-field-price", "5.49")
    set_field(browser, "product-field-currency", "USD")
    fill(browser, "product-field-stock", "120")
    fill(browser, "product-field-moq", "2")
    fill(browser, "product-field-lead_time_days", "2")
    Select(browser.find_element(*by_testid("product-field-unit"))).select_by_value("RM")
    fill(browser, "product-field-pack_size", "1")
    browser.find_element(*by_testid("break-add")).click()
    browser.find_elements(*by_testid("break-min-qty"))[-1].send_keys("10")
    browser.find_elements(*by_testid("break-price"))[-1].send_keys("4.99")
    browser.find_element(*by_testid("product-submit")).click()

    wait_for(browser, lambda d: "#/catalog/products/" in d.current_url and "/edit" not in d.current_url)
    wait_for(browser, EC.text_to_be_present_in_element(by_testid("page-title"), title))
    product_id = urllib.parse.unquote(browser.current_url.split("#/catalog/products/")[1])
    offer_row = (By.XPATH, f'//*[@data-testid="product-offer-row"][contains(., "{sku}")]')
    wait_for(browser, EC.visibility_of_element_located(offer_row))
    assert vendor["name"] in browser.find_element(*offer_row).text
    assert browser.find_element(*offer_row).get_attribute("data-vendor-id") == vendor["id"]
    assert text_of(browser, "product-brand") == "Wombat"
    assert "Copy Paper" in text_of(browser, "product-category")
    specs = browser.find_element(*by_testid("product-specs")).text
    assert "weight_gsm" in specs and "80" in specs
    assert browser.find_element(*by_testid("product-edit")).is_displayed()

    status, product = api_request(server, "GET", f"/products/{product_id}", token)
    assert status == 200, product
    assert product["title"] == title and product["category"] == ["Paper", "Copy Paper"]
    assert product["bullet_points"] == ["Jam-free", "Bright white"]
    assert {"recycled", "acid free"} <= set(product["attributes"])  # the server may add mined phrases
    assert product["specs"]["weight_gsm"] == 80 and product["specs"]["acid_free"] is True
    assert product["specs"]["paper_size"] == "A4"
    offer = product["variants"][0]["offers"][0]
    assert offer["sku"] == sku and offer["vendor_id"] == vendor["id"]
    assert float(offer["unit_price"]) == 5.49 and offer["currency"] == "USD" and offer["unit"] == "RM"
    assert offer["stock"] == 120 and offer["moq"] == 2 and offer["lead_time_days"] == 2
    assert [(b["min_qty"], float(b["price"])) for b in offer["price_breaks"]] == [(10, 4.99)]

    # Editing prefills the form from the vendor's offer.
    browser.find_element(*by_testid("product-edit")).click()
    wait_for(browser, lambda d: d.find_element(*by_testid("product-field-sku")).get_attribute("value") == sku)
    assert browser.find_element(*by_testid("product-field-price")).get_attribute("value") in ("5.49", "5.4900")
    assert browser.find_element(*by_testid("product-field-title")).get_attribute("value") == title
    spec_keys = [e.get_attribute("value") for e in browser.find_elements(*by_testid("spec-key"))]
    assert {"weight_gsm", "paper_size", "acid_free"} <= set(spec_keys)
    assert uncaught_errors(browser) == []


def test_a_negative_price_is_shown_next_to_the_price_and_nothing_is_created(browser, server):
    token = signed_in(browser, server)
    vendor = create_vendor(server, token, f"Paper Depot {TAG}")
    title = f"Negative Numbat Paper {TAG}"

    go(browser, server, f"catalog/new?vendor={vendor['id']}")
    visible(browser, "product-form")
    choose_vendor(browser, "product-field-vendor_id", vendor["id"])
    fill(browser, "product-field-sku", f"NEG-{TAG}")
    fill(browser, "product-field-title", title)
    fill(browser, "product-field-price", "-1")
    browser.find_element(*by_testid("product-submit")).click()

    error = wait_for(browser, lambda d: (e := d.find_element(*by_testid("product-error-price"))).text.strip() and e)
    assert error.is_displayed()
    price = browser.find_element(*by_testid("product-field-price"))
    assert price.get_attribute("aria-invalid") == "true"
    assert error.get_attribute("id") in price.get_attribute("aria-describedby").split()
    assert not text_of(browser, "product-error-title")
    assert browser.current_url.split("#/")[1].startswith("catalog/new")
    assert browser.find_element(*by_testid("product-submit")).is_enabled()
    assert search(server, token, "Numbat")["total"] == 0
    assert uncaught_errors(browser) == []


def test_import_a_json_lines_file_with_one_bad_row(browser, server, tmp_path):
    token = signed_in(browser, server)
    vendor = create_vendor(server, token, f"Quokka Supplies {TAG}")
    catalog = tmp_path / "quokka.jsonl"
    catalog.write_text("\n".join(json.dumps(row) for row in paper_rows()) + "\n")

    browser.find_element(*by_testid("nav-imports")).click()
    visible(browser, "import-form")
    choose_vendor(browser, "import-vendor", vendor["id"])
    browser.find_element(*by_testid("import-file")).send_keys(str(catalog))
    browser.find_element(*by_testid("import-submit")).click()

    wait_for(browser, EC.text_to_be_present_in_element_attribute(by_testid("import-status"), "data-status", "succeeded"),
             timeout=30)
    assert text_of(browser, "import-imported") == "2"
    assert text_of(browser, "import-rejected") == "1"
    bad = (By.XPATH, f'//*[@data-testid="import-report-row"][contains(., "QK-BAD-{TAG}")]')
    wait_for(browser, EC.visibility_of_element_located(bad))
    report_row = browser.find_element(*bad)
    assert "price" in report_row.text
    assert report_row.get_attribute("data-row") == "3"
    assert report_row.get_attribute("data-severity") == "error"
    recent = (By.CSS_SELECTOR, '[data-testid="import-row"]')
    wait_for(browser, EC.visibility_of_element_located(recent))
    assert search(server, token, "Quokka")["total"] == 2
    assert uncaught_errors(browser) == []


def test_search_finds_the_imported_product_and_a_facet_narrows_it(browser, server):
    token = signed_in(browser, server)
    vendor = create_vendor(server, token, f"Quokka Supplies {TAG}")
    job = run_import(server, token, vendor["id"], paper_rows() + [
        {"sku": f"KK-PEN-{TAG}", "title": "Kookaburra Gel Pen Blue", "brand": "Kookaburra",
         "category": ["Writing", "Pens"], "price": 1.25, "currency": "USD", "stock": 300},
    ])
    assert job["status"] == "succeeded" and job["imported"] == 3, job

    browser.find_element(*by_testid("nav-catalog")).click()
    fill(browser, "search-input", "copy paper")
    browser.find_element(*by_testid("search-submit")).click()

    result = (By.XPATH, '//*[@data-testid="search-result"][contains(., "Quokka Copy Paper A4 80gsm")]')
    wait_for(browser, EC.visibility_of_element_located(result))
    assert "Quokka" in browser.find_element(*result).text
    assert vendor["name"] in browser.find_element(*result).text
    assert "q=copy" in browser.current_url

    brand = (By.XPATH, '//*[@data-testid="facet-brand"]//button[contains(., "Quokka")]')
    value = wait_for(browser, EC.element_to_be_clickable(brand)).get_attribute("data-value")
    facet = (By.CSS_SELECTOR, f'[data-testid="facet-brand"] button[data-value="{value}"]')
    browser.find_element(*facet).click()

    wait_for(browser, lambda d: d.find_element(*facet).get_attribute("aria-pressed") == "true")
    assert f"brand={urllib.parse.quote(value)}" in browser.current_url
    wait_for(browser, EC.visibility_of_element_located(result))
    results = browser.find_elements(*by_testid("search-result"))
    assert 1 <= len(results) <= 2
    assert all("Quokka" in r.text for r in results)
    assert browser.find_element(*by_testid("search-total")).get_attribute("data-total") == str(len(results))

    # The result links to its product page.
    product_id = browser.find_element(*result).get_attribute("data-product-id")
    browser.find_element(*result).find_element(*by_testid("search-result-link")).click()
    wait_for(browser, EC.text_to_be_present_in_element(by_testid("page-title"), "Quokka Copy Paper A4 80gsm"))
    assert urllib.parse.unquote(browser.current_url).endswith(f"#/catalog/products/{product_id}")
    # Back returns to the filtered search.
    browser.back()
    wait_for(browser, lambda d: d.find_element(*facet).get_attribute("aria-pressed") == "true")
    assert uncaught_errors(browser) == []


def test_screenshots_of_the_catalog(browser, server, tmp_path):
    token = signed_in(browser, server)
    vendor = create_vendor(server, token, f"Quokka Supplies {TAG}")
    run_import(server, token, vendor["id"], paper_rows())

    go(browser, server, "catalog?q=paper")
    visible(browser, "search-result")
    shots = {"search": tmp_path / "catalog-search.png"}
    assert browser.save_screenshot(str(shots["search"]))
    browser.find_element(*by_testid("search-result-link")).click()
    visible(browser, "product-offer-row")
    shots["product"] = tmp_path / "catalog-product.png"
    assert browser.save_screenshot(str(shots["product"]))
    browser.set_window_size(420, 860)
    browser.find_element(*by_testid("product-edit")).click()
    visible(browser, "product-form")
    shots["form-narrow"] = tmp_path / "catalog-form-narrow.png"
    assert browser.save_screenshot(str(shots["form-narrow"]))

    for path in shots.values():
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print("screenshots:", *shots.values())
