"""Browser tests of the request pages: the new-request form with its live preview, the request page
with the run's live log and quote, answering a clarifying question, and the request list.

Run:  QUARTERMASTER_BIN=.build/debug/quartermaster python3 -m pytest Tests/browser/test_requests.py -q
"""

import sys
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_catalog import (  # noqa: E402
    TAG, create_vendor, go, run_import, set_field, signed_in, visible, wait_for,
)
from test_shell import browser, by_testid, server, uncaught_errors  # noqa: E402,F401  (fixtures)

CATALOG = [
    {"sku": f"P-{TAG}", "title": "Papyra Copy Paper A4 80gsm, 500 Sheets", "category": ["Paper", "Copy Paper"], "price": 5.25,
     "unit": "RM"},
    {"sku": f"S-{TAG}", "title": "Fixa Desktop Stapler, 25 Sheets", "category": ["Office", "Staplers"], "price": 8.90},
]


def stocked(driver, base_url):
    token = signed_in(driver, base_url)
    vendor = create_vendor(base_url, token, f"OfficeHub {TAG}", shipping_fee=4.95, free_shipping_over=100)
    assert run_import(base_url, token, vendor["id"], CATALOG)["status"] == "succeeded"
    return token


def log_kinds(driver):
    return [line.get_attribute("data-kind") for line in driver.find_elements(*by_testid("log-line"))]


def test_a_text_request_previews_then_runs_live_to_a_quote(server, browser):
    stocked(browser, server)
    go(browser, server, "requests/new")
    set_field(browser, "request-text", "20 reams of A4 copy paper\n3 staplers")
    # The live preview reads the two lines before anything is submitted.
    wait_for(browser, lambda d: len(d.find_elements(*by_testid("preview-line"))) == 2)
    rows = [row.text for row in browser.find_elements(*by_testid("preview-line"))]
    assert rows[0].startswith("20") and "paper" in rows[0].lower()
    assert rows[1].startswith("3") and "stapler" in rows[1].lower()
    visible(browser, "request-submit").click()

    # The request page: the run's log fills in live and ends with the quote.
    wait_for(browser, EC.url_contains("#/requests/req_"))
    wait_for(browser, lambda d: "finished" in log_kinds(d))
    kinds = log_kinds(browser)
    assert kinds[0] == "started" and "action" in kinds and "observation" in kinds
    assert kinds.count("finished") == 1
    wait_for(browser, EC.visibility_of_element_located(by_testid("quote-table")))
    lines = browser.find_elements(*by_testid("quote-line"))
    assert len(lines) == 2
    # 20 × 5.25 + 3 × 8.90 = 131.70, over the free-shipping threshold.
    assert "131.70" in visible(browser, "quote-total").text
    assert browser.find_element(*by_testid("step-policy")).get_attribute("data-status") == "completed"
    # Below 1,000 the approval step approves by itself.
    assert browser.find_element(*by_testid("step-approval")).get_attribute("data-status") == "completed"
    assert browser.find_element(*by_testid("step-notify")).get_attribute("data-status") == "completed"
    assert not browser.find_elements(*by_testid("run-cancel"))

    go(browser, server, "requests")
    wait_for(browser, lambda d: len(d.find_elements(*by_testid("request-row"))) == 1)
    assert "20 reams" in browser.find_element(*by_testid("request-row")).text
    assert uncaught_errors(browser) == []


def test_a_question_is_answered_on_the_request_page(server, browser):
    stocked(browser, server)
    go(browser, server, "requests/new")
    set_field(browser, "request-text", "staplers")
    wait_for(browser, lambda d: d.find_elements(*by_testid("preview-question")))
    visible(browser, "request-submit").click()
    wait_for(browser, EC.visibility_of_element_located(by_testid("answer-form")))
    field = browser.find_element(By.CSS_SELECTOR, '[data-testid="answer-form"] input')
    field.send_keys("many")
    visible(browser, "answer-submit").click()
    error = visible(browser, "answer-error")
    assert "whole number" in error.text
    field.clear()
    field.send_keys("4")
    visible(browser, "answer-submit").click()
    wait_for(browser, EC.visibility_of_element_located(by_testid("quote-table")))
    assert "4 EA" in browser.find_element(*by_testid("quote-line")).text
    assert uncaught_errors(browser) == []


def test_bad_structured_lines_are_explained(server, browser):
    stocked(browser, server)
    go(browser, server, "requests/new")
    visible(browser, "mode-lines").click()
    set_field(browser, "line-description", "")
    set_field(browser, "line-quantity", "0")
    visible(browser, "request-submit").click()
    errors = visible(browser, "request-errors")
    assert "lines[0].description" in errors.text and "lines[0].quantity" in errors.text
    set_field(browser, "line-description", "copy paper")
    set_field(browser, "line-quantity", "2")
    visible(browser, "request-submit").click()
    wait_for(browser, EC.visibility_of_element_located(by_testid("quote-table")))
    assert uncaught_errors(browser) == []
