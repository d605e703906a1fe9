"""Browser tests of approvals: the quote matrix on the request page, the approver's inbox and approval page
(rejecting a line with "drop" until the request is approved), a refused self-approval, and the admin
pages for cost centres, budgets and approval rules.

Run:  QUARTERMASTER_BIN=.build/debug/quartermaster python3 -m pytest Tests/browser/test_approvals.py -q
"""

import sys
import time
import uuid
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_catalog import (  # noqa: E402
    TAG, api_request, create_vendor, go, run_import, set_field, signed_in, text_of, visible, wait_for,
)
from test_shell import PASSWORD, browser, by_testid, log_in, server, uncaught_errors  # noqa: E402,F401  (fixtures)

OFFICEHUB = [
    {"sku": f"AP-{TAG}", "title": "Papyra Copy Paper A4 80gsm, 500 Sheets", "category": ["Paper", "Copy Paper"], "price": 5.25,
     "unit": "RM"},
    {"sku": f"AS-{TAG}", "title": "Fixa Desktop Stapler, 25 Sheets", "category": ["Office", "Staplers"], "price": 8.90},
]
PAPERWORLD = [
    {"sku": f"PW-{TAG}", "title": "Papyra Copy Paper A4 80gsm, 500 Sheets", "category": ["Paper", "Copy Paper"], "price": 5.60,
     "unit": "RM"},
]


def stocked_with_approver(driver, base_url):
    """A signed-in admin whose catalog has paper at two vendors, and an approver; returns (token, approver)."""
    token = signed_in(driver, base_url)
    hub = create_vendor(base_url, token, f"OfficeHub {TAG}", shipping_fee=4.95, free_shipping_over=100)
    world = create_vendor(base_url, token, f"PaperWorld {TAG}", shipping_fee=4.95, free_shipping_over=100)
    assert run_import(base_url, token, hub["id"], OFFICEHUB)["status"] == "succeeded"
    assert run_import(base_url, token, world["id"], PAPERWORLD)["status"] == "succeeded"
    approver = {"email": f"grace-{uuid.uuid4().hex[:8]}@example.com", "name": "Grace Approver",
                "roles": ["approver"], "password": PASSWORD}
    status, body = api_request(base_url, "POST", "/users", token, approver)
    assert status == 201, body
    return token, approver


def submitted(base_url, token, text, until=("awaiting_approval",), timeout=30):
    """Submits a request through the API and waits until the agent has quoted it."""
    status, request = api_request(base_url, "POST", "/requests", token, {"text": text})
    assert status == 201, request
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, request = api_request(base_url, "GET", f"/requests/{request['id']}", token)
        assert status == 200, request
        if request["status"] in until:
            return request
        time.sleep(0.2)
    raise AssertionError(f"request {request['id']} is {request['status']}, not {until}")


def click(driver, testid):
    """Clicks once the element holds still (live pages re-render when the feed reports a change)."""
    def attempt(d):
        element = d.find_element(*by_testid(testid))
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()
        return True
    wait_for(driver, attempt)


def test_an_approver_drops_a_line_and_the_request_is_approved(server, browser):
    token, approver = stocked_with_approver(browser, server)
    # 200 × 5.25 = 1,050.00 of paper and 3 × 8.90 of staplers: above the 1,000 approval threshold.
    request = submitted(server, token, "200 reams of A4 copy paper\n3 staplers")
    paper = next(line for line in request["quote"]["lines"] if "Paper" in line["title"])
    assert paper["line_total"] == 1050

    # The quote: one row per line, one column per vendor, the chosen cell marked.
    go(browser, server, f"requests/{request['id']}")
    wait_for(browser, lambda d: len(d.find_elements(*by_testid("quote-line"))) == 2)
    row = browser.find_element(By.CSS_SELECTOR, f'[data-testid="quote-line"][data-line="{paper["line"]}"]')
    chosen = row.find_element(By.CSS_SELECTOR, '[data-testid="quote-cell"][data-chosen="true"]')
    assert chosen.get_attribute("data-vendor") == paper["vendor_id"]
    assert "1,050.00" in chosen.text and "Chosen" in chosen.text
    cells = row.find_elements(By.CSS_SELECTOR, '[data-testid="quote-cell"]')
    assert len(cells) == 2  # OfficeHub and PaperWorld
    alternative = next(cell for cell in cells if cell.get_attribute("data-chosen") != "true")
    assert "1,120.00" in alternative.text and "70.00 more" in alternative.text
    assert visible(browser, "quote-reasons").text
    assert "1,076.70" in text_of(browser, "quote-total")
    assert browser.find_element(*by_testid("request-status-badge")).get_attribute("data-status") == "awaiting_approval"

    # The requester may not approve their own request: the server's refusal is shown.
    visible(browser, "request-approval-link").click()
    wait_for(browser, EC.url_contains("#/approvals/apv_"))
    approval_id = browser.current_url.split("#/approvals/")[1]
    status, refusal = api_request(server, "POST", f"/approvals/{approval_id}/approve", token, {})
    assert status == 403, refusal
    visible(browser, "approval-approve").click()
    error = wait_for(browser, lambda d: (e := d.find_element(*by_testid("approval-error"))).is_displayed() and e)
    assert error.get_attribute("role") == "alert"
    assert refusal["detail"] in error.text
    assert browser.find_element(*by_testid("approval-status")).get_attribute("data-status") == "pending"

    # The approver finds it in the inbox and drops the paper line.
    browser.find_element(*by_testid("logout-button")).click()
    log_in(browser, approver["email"], approver["password"])
    visible(browser, "app-shell")
    visible(browser, "nav-approvals").click()
    inbox_row = wait_for(browser, EC.visibility_of_element_located(
        (By.CSS_SELECTOR, f'[data-testid="approval-row"][data-approval-id="{approval_id}"]')))
    assert "200 reams of A4 copy paper" in inbox_row.text and "1,076.70" in inbox_row.text
    inbox_row.find_element(*by_testid("approval-link")).click()
    wait_for(browser, lambda d: len(d.find_elements(*by_testid("approval-line"))) == 2)
    assert "1,076.70" in text_of(browser, "approval-amount")
    assert browser.find_elements(*by_testid("approval-level"))
    reject_lines = browser.find_element(*by_testid("approval-reject-lines"))
    assert not reject_lines.is_enabled()
    paper_row = browser.find_element(By.CSS_SELECTOR, f'[data-testid="approval-line"][data-line="{paper["line"]}"]')
    paper_row.find_element(*by_testid("approval-line-check")).click()
    browser.find_element(*by_testid("approval-action-drop")).click()
    set_field(browser, "approval-comment", "We still have paper in stock")
    assert reject_lines.is_enabled()
    reject_lines.click()

    wait_for(browser, EC.text_to_be_present_in_element_attribute(by_testid("approval-status"), "data-status", "rejected"))
    decision = visible(browser, "approval-decision")
    assert decision.get_attribute("data-verdict") == "reject"
    assert "We still have paper in stock" in decision.text
    click(browser, "approval-request-link")
    # Without the paper the request is small enough to be approved automatically.
    wait_for(browser, EC.text_to_be_present_in_element_attribute(by_testid("request-status-badge"), "data-status", "approved"),
             timeout=30)
    wait_for(browser, lambda d: len(d.find_elements(*by_testid("quote-line"))) == 1)

    # The history tab lists the decided approval.
    go(browser, server, "approvals")
    visible(browser, "approvals-tab-history").click()
    wait_for(browser, EC.visibility_of_element_located(
        (By.CSS_SELECTOR, f'[data-testid="approval-row"][data-approval-id="{approval_id}"][data-status="rejected"]')))
    assert uncaught_errors(browser) == []


def test_an_approver_approves_with_a_comment(server, browser):
    token, approver = stocked_with_approver(browser, server)
    request = submitted(server, token, "200 reams of A4 copy paper")
    browser.find_element(*by_testid("logout-button")).click()
    log_in(browser, approver["email"], approver["password"])
    visible(browser, "app-shell")
    go(browser, server, "approvals")
    visible(browser, "approval-link").click()
    set_field(browser, "approval-comment", "Fine for the quarter")
    visible(browser, "approval-approve").click()
    wait_for(browser, EC.text_to_be_present_in_element_attribute(by_testid("approval-status"), "data-status", "approved"))
    assert "Fine for the quarter" in visible(browser, "approval-decision").text
    assert visible(browser, "approval-result").text
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status, body = api_request(server, "GET", f"/requests/{request['id']}", token)
        if body["status"] == "approved":
            break
        time.sleep(0.2)
    assert body["status"] == "approved", body["status"]
    go(browser, server, f"requests/{request['id']}")
    wait_for(browser, EC.text_to_be_present_in_element_attribute(by_testid("request-status-badge"), "data-status", "approved"))
    assert uncaught_errors(browser) == []


def test_an_admin_sets_up_a_cost_centre_a_budget_and_a_rule(server, browser):
    signed_in(browser, server)
    visible(browser, "nav-admin").click()
    visible(browser, "admin-settings-cost-centres").click()

    code = f"OPS-{TAG}"
    set_field(browser, "cc-code", "has space")
    set_field(browser, "cc-name", "Operations")
    visible(browser, "cost-centre-submit").click()
    error = visible(browser, "cost-centre-error")  # the server's field message, shown as an alert
    assert "spaces" in error.text and error.get_attribute("role") == "alert"
    set_field(browser, "cc-code", code)
    visible(browser, "cost-centre-submit").click()
    wait_for(browser, EC.visibility_of_element_located(
        (By.XPATH, f'//*[@data-testid="cost-centre-row"][contains(., "{code}")][contains(., "Operations")]')))

    visible(browser, "settings-budgets").click()
    wait_for(browser, EC.presence_of_element_located(
        (By.CSS_SELECTOR, f'[data-testid="budget-cost-centre"] option[value="{code}"]')))
    Select(browser.find_element(*by_testid("budget-cost-centre"))).select_by_value(code)
    Select(browser.find_element(*by_testid("budget-period"))).select_by_value("year")
    set_field(browser, "budget-amount", "5000")
    visible(browser, "budget-submit").click()
    row = wait_for(browser, EC.visibility_of_element_located(
        (By.XPATH, f'//*[@data-testid="budget-row"][contains(., "{code}")]')))
    assert "5,000.00" in row.find_element(*by_testid("budget-available")).text
    row.find_element(By.TAG_NAME, "a").click()
    visible(browser, "budget-detail")
    # The detail panel shows "loading" first; its figures arrive with the budget.
    wait_for(browser, lambda d: "5,000.00" in text_of(d, "budget-available"))
    visible(browser, "ledger-empty")

    go(browser, server, "approvals/settings/rules")
    visible(browser, "rule-level")
    set_field(browser, "rule-name", "Big paper orders")
    set_field(browser, "rule-priority", "10")
    set_field(browser, "rule-amount-min", "500")
    set_field(browser, "rule-categories", "Paper")
    browser.find_element(*by_testid("rule-level-role-finance")).click()
    visible(browser, "rule-submit").click()
    rule = wait_for(browser, EC.visibility_of_element_located(
        (By.XPATH, '//*[@data-testid="rule-row"][contains(., "Big paper orders")]')))
    assert "Paper" in rule.text and "Finance" in rule.text
    delete = rule.find_element(*by_testid("rule-delete"))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", delete)
    delete.click()
    wait_for(browser, lambda d: not d.find_elements(By.XPATH, '//*[@data-testid="rule-row"][contains(., "Big paper orders")]'))
    assert uncaught_errors(browser) == []
