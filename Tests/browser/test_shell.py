"""Browser tests of the web UI shell: a real `quartermaster serve` and a real (headless) Chromium.

Run:  QUARTERMASTER_BIN=.build/debug/quartermaster python3 -m pytest Tests/browser -q
Needs: pip install -r Tests/browser/requirements.txt; apt-get install chromium chromium-driver
"""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PASSWORD = "correct horse battery"
TIMEOUT = 15  # seconds for any one UI condition


# ---------- server ----------

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path, lines=40):
    text = path.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def wait_until_ready(process, base_url, log_path, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"quartermaster exited with {process.returncode} before it was ready:\n{log_tail(log_path)}",
                        pytrace=False)
        try:
            with urllib.request.urlopen(f"{base_url}/readyz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:  # connection refused, 503 (HTTPError), timeout
            pass
        time.sleep(0.1)
    pytest.fail(f"{base_url}/readyz did not answer 200 within {timeout} s:\n{log_tail(log_path)}", pytrace=False)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """Starts `quartermaster serve` on a free port with a fresh SQLite database; yields its base URL."""
    binary = os.environ.get("QUARTERMASTER_BIN", "")
    if not binary:
        pytest.fail("QUARTERMASTER_BIN is not set: point it at the built `quartermaster` executable, "
                    "e.g. QUARTERMASTER_BIN=.build/debug/quartermaster", pytrace=False)
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        pytest.fail(f"QUARTERMASTER_BIN={binary!r} is not an executable file", pytrace=False)

    workdir = tmp_path_factory.mktemp("server")
    port = free_port()
    log_path = workdir / "server.log"
    command = [binary, "serve", "--port", str(port), "--database-url", f"sqlite://{workdir}/qm.sqlite"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, env={**os.environ, "QUARTERMASTER_BCRYPT_COST": "4"},
                                   stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(process, base_url, log_path)
        yield base_url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def browser(server):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--lang=en-US"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


# ---------- helpers ----------

def by_testid(name):
    return By.CSS_SELECTOR, f'[data-testid="{name}"]'


def wait_for(driver, condition, timeout=TIMEOUT):
    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition)


def visible(driver, testid):
    return wait_for(driver, EC.visibility_of_element_located(by_testid(testid)))


def fill(driver, testid, text):
    field = visible(driver, testid)
    field.clear()
    field.send_keys(text)


def new_account():
    tag = uuid.uuid4().hex[:10]
    return {"organization": f"Acme Supplies {tag}", "name": "Ada Lovelace",
            "email": f"ada-{tag}@example.com", "password": PASSWORD}


def sign_up(driver, base_url, account):
    driver.get(f"{base_url}/#/signup")
    for field in ("organization", "name", "email", "password"):
        fill(driver, f"signup-{field}", account[field])
    driver.find_element(*by_testid("signup-submit")).click()
    return visible(driver, "app-shell")


def log_in(driver, email, password):
    visible(driver, "login-form")
    fill(driver, "login-email", email)
    fill(driver, "login-password", password)
    driver.find_element(*by_testid("login-submit")).click()


def stored(driver, key):
    return driver.execute_script("return window.localStorage.getItem(arguments[0])", key)


def post_json(base_url, path, body, token=None):
    """POST to the API from Python; returns (status, content type, parsed body)."""
    headers = {"Content-Type": "application/json", "Accept": "application/json, application/problem+json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"{base_url}/api/v1{path}", data=json.dumps(body).encode(),
                                     headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), json.loads(error.read() or b"null")


def uncaught_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and "Failed to load resource" not in entry["message"]]


# ---------- tests ----------

def test_sign_up_shows_the_shell_with_organisation_and_admin_role(browser, server):
    account = new_account()

    sign_up(browser, server, account)

    wait_for(browser, EC.text_to_be_present_in_element(by_testid("org-name"), account["organization"]))
    admin_badge = browser.find_element(By.CSS_SELECTOR, '[data-testid="user-roles"] [data-role="admin"]')
    assert admin_badge.is_displayed()
    assert "admin" in admin_badge.text.lower()
    assert browser.find_element(*by_testid("user-name")).text == account["name"]
    assert stored(browser, "qm.access_token") and stored(browser, "qm.refresh_token")


def test_log_out_then_log_in_again(browser, server):
    account = new_account()
    sign_up(browser, server, account)

    browser.find_element(*by_testid("logout-button")).click()
    visible(browser, "login-form")
    assert stored(browser, "qm.access_token") is None
    log_in(browser, account["email"], account["password"])

    visible(browser, "app-shell")
    wait_for(browser, EC.text_to_be_present_in_element(by_testid("org-name"), account["organization"]))
    assert browser.find_element(By.CSS_SELECTOR, '[data-testid="user-roles"] [data-role="admin"]').is_displayed()


def test_bad_login_shows_the_problem_detail(browser, server):
    credentials = {"email": f"nobody-{uuid.uuid4().hex[:8]}@example.com", "password": "not the password"}
    status, content_type, problem = post_json(server, "/auth/login", credentials)
    assert status == 401 and "application/problem+json" in content_type, (status, content_type, problem)
    browser.get(f"{server}/#/login")

    log_in(browser, credentials["email"], credentials["password"])

    error = wait_for(browser, lambda d: (e := d.find_element(*by_testid("form-error"))).text.strip() and e)
    assert error.text == (problem.get("detail") or problem.get("title"))
    assert error.get_attribute("aria-live") in ("assertive", "polite")
    assert browser.find_element(*by_testid("login-form")).is_displayed()
    assert browser.find_element(*by_testid("login-submit")).is_enabled()
    assert not browser.find_elements(*by_testid("app-shell"))
    assert uncaught_errors(browser) == []


def test_live_feed_shows_a_user_created_event(browser, server):
    sign_up(browser, server, new_account())
    wait_for(browser, EC.text_to_be_present_in_element_attribute(by_testid("feed-status"), "data-state", "open"))
    token = stored(browser, "qm.access_token")
    newcomer = {"email": f"grace-{uuid.uuid4().hex[:8]}@example.com", "name": "Grace Hopper",
                "roles": ["requester"], "password": PASSWORD}

    status, _, body = post_json(server, "/users", newcomer, token=token)

    assert status == 201, body
    entry = (By.XPATH, '//*[@data-testid="event-item"][@data-event-type="user.created"]'
                       f'[contains(., "{newcomer["email"]}") or contains(., "{newcomer["name"]}")]')
    wait_for(browser, EC.visibility_of_element_located(entry))


def test_switching_to_french_translates_the_shell(browser, server):
    sign_up(browser, server, new_account())
    assert browser.find_element(*by_testid("nav-requests")).text == "Requests"

    Select(browser.find_element(*by_testid("lang-select"))).select_by_value("fr")

    wait_for(browser, EC.text_to_be_present_in_element(by_testid("nav-requests"), "Demandes"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert browser.find_element(*by_testid("logout-button")).text == "Se déconnecter"
    assert stored(browser, "qm.lang") == "fr"
    browser.refresh()  # the choice is remembered
    wait_for(browser, EC.text_to_be_present_in_element(by_testid("nav-requests"), "Demandes"))


def test_admin_page_lists_the_organisation_users(browser, server):
    account = new_account()
    sign_up(browser, server, account)

    browser.find_element(*by_testid("nav-admin")).click()

    row = (By.XPATH, f'//*[@data-testid="user-row"][contains(., "{account["email"]}")]')
    wait_for(browser, EC.visibility_of_element_located(row))
    assert browser.find_element(*row).find_elements(By.CSS_SELECTOR, '[data-role="admin"]')


def test_screenshots_of_the_shell(browser, server, tmp_path):
    sign_up(browser, server, new_account())
    wait_for(browser, EC.text_to_be_present_in_element_attribute(by_testid("feed-status"), "data-state", "open"))
    post_json(server, "/users", {"email": f"linus-{uuid.uuid4().hex[:8]}@example.com", "name": "Linus Pauling",
                                 "roles": ["buyer"], "password": PASSWORD}, token=stored(browser, "qm.access_token"))
    visible(browser, "event-item")

    shots = {"dashboard": tmp_path / "shell-dashboard.png"}
    assert browser.save_screenshot(str(shots["dashboard"]))
    browser.set_window_size(420, 860)
    browser.find_element(*by_testid("nav-toggle")).click()
    visible(browser, "nav-requests")
    shots["narrow"] = tmp_path / "shell-narrow-nav.png"
    assert browser.save_screenshot(str(shots["narrow"]))

    for path in shots.values():
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    print("screenshots:", *shots.values())
