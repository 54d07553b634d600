"""Driving the dashboard in Debian's headless chromium: shared by the browser tests, the benchmark and the
screenshots in docs/images (benchmarks/bench_dashboard.py). A test helper, so it lives under tests/ and is
not shipped in the wheel. Selenium (a test dependency) is imported only when a browser is started.

Every helper takes a selenium WebDriver; components are found by the ids of :mod:`dashboard.ids`.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from dashboard import ids

VIEWPORT = (1280, 800)  # the size the dashboard is designed and screenshotted at
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--no-first-run", "--hide-scrollbars")


def xpath_id(component_id: str | dict) -> str:
    return f"//*[@id='{ids.dom_id(component_id)}']"


def wait_until(predicate: Callable[[], Any], timeout: float = 15, message: str = "condition not met") -> Any:
    """Poll ``predicate`` until it returns something truthy (returned), or fail after ``timeout`` seconds.

    An element that Dash re-rendered while it was being read counts as "not yet".
    """
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + timeout
    while True:
        try:
            value = predicate()
        except StaleElementReferenceException:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message)
        time.sleep(0.03)


def find(driver, component_id: str | dict, timeout: float = 10):
    """The element of a component, once it is in the page."""
    from selenium.webdriver.common.by import By

    return wait_until(lambda: (driver.find_elements(By.XPATH, xpath_id(component_id)) or [None])[0], timeout,
                      f"no element with id {ids.dom_id(component_id)}")


def click(driver, component_id: str | dict) -> None:
    """Click a component after scrolling it to the middle of the window (clear of the sticky header)."""
    click_clear(driver, lambda: find(driver, component_id), ids.dom_id(component_id))


def click_clear(driver, element: Callable[[], Any], what: str, timeout: float = 10) -> None:
    """Scroll an element to the middle of the window and click it, trying again while something covers it.

    A dropdown's menu or a re-render can sit over the element for a frame or two (chromium then answers
    "element click intercepted"); the click is tried again, found afresh, until ``timeout``, and the failure
    keeps chromium's message, which names the covering element."""
    from selenium.common.exceptions import ElementClickInterceptedException

    last: list[str] = []

    def clicked() -> bool:
        target = element()
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", target)
        try:
            target.click()
        except ElementClickInterceptedException as error:
            last[:] = [error.msg.splitlines()[0] if error.msg else "intercepted"]
            return False
        return True

    try:
        wait_until(clicked, timeout)
    except AssertionError:
        raise AssertionError(f"could not click {what}: {last[0] if last else 'not clickable'}") from None


def text_of(driver, component_id: str | dict) -> str:
    return wait_until(lambda: find(driver, component_id).text or " ", 10, "unreadable text").strip()


def value_of(driver, component_id: str | dict) -> str | None:
    """An input's current value, read in one go (the element may be re-rendered at any time)."""
    find(driver, component_id)
    return driver.execute_script("const e = document.getElementById(arguments[0]); return e ? e.value : null;",
                                 ids.dom_id(component_id))


def type_into(driver, component_id: str | dict, text: str) -> None:
    """Replace an input's text and leave the field (which sends the value).

    The field must hold exactly ``text`` before it is left: a keystroke lost or a selection that missed
    fails here, naming what the field held, rather than later as a status that never changes."""
    from selenium.webdriver.common.keys import Keys

    element = find(driver, component_id)
    element.send_keys(Keys.CONTROL, "a")
    element.send_keys(Keys.DELETE)
    element.send_keys(text)
    held = value_of(driver, component_id)
    if held != text:
        raise AssertionError(f"typed {text!r} into {ids.dom_id(component_id)} but it holds {held!r}")
    element.send_keys(Keys.TAB)


def free_port() -> int:
    """A port no socket on this machine holds now, chosen by the kernel.

    Dash's test runner counts up from 58050, which lies inside Linux's ephemeral range (32768-60999): any
    outgoing connection of the other test worker can hold it, and the server then fails to bind."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(dash_duo, app, ready: str, timeout: float = 30) -> Any:
    """Serve ``app`` through ``dash_duo`` on a free port and wait until the form's status reads ``ready``."""
    dash_duo.start_server(app, port=free_port())
    wait_for_text(dash_duo.driver, ids.FORM_STATUS, ready, timeout)
    return dash_duo.driver


def wait_for_text(driver, component_id: str | dict, expected: str, timeout: float = 30) -> None:
    """Wait until a component's text is ``expected``; the failure names the text last seen.

    The bound is generous because the other test worker may hold both cores while a callback runs."""
    seen: list[str] = []

    def shows() -> bool:
        seen[:] = [text_of(driver, component_id)]
        return seen[0] == expected

    try:
        wait_until(shows, timeout)
    except AssertionError:
        raise AssertionError(f"{ids.dom_id(component_id)} still shows {seen[0] if seen else None!r} after "
                             f"{timeout:g} s, not {expected!r}") from None


def choose(driver, component_id: str | dict, option_text: str) -> None:
    """Open a dcc.Dropdown and click the first option whose text contains ``option_text``."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    click(driver, component_id)

    def option():
        return wait_until(lambda: next((o for o in driver.find_elements(By.CSS_SELECTOR, "[role='option']")
                                        if option_text in o.text), None), 10, f"no option {option_text!r}")

    click_clear(driver, option, f"option {option_text!r} of {ids.dom_id(component_id)}")
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)


def slide(driver, component_id: str | dict, key: str) -> None:
    """Move a dcc.Slider's handle with a key: ``Keys.HOME`` (minimum), ``Keys.END`` (maximum), arrows (a step)."""
    from selenium.webdriver.common.by import By

    find(driver, component_id).find_element(By.CSS_SELECTOR, "[role='slider']").send_keys(key)


def upload(driver, path: str) -> None:
    """Give a file to the requirements page's upload (its hidden file input)."""
    from selenium.webdriver.common.by import By

    find(driver, ids.UPLOAD).find_element(By.CSS_SELECTOR, "input[type='file']").send_keys(path)


def callbacks_running(driver) -> bool:
    """Whether Dash has a callback in flight (the renderer's redux state)."""
    return bool(driver.execute_script("return !window.store || window.store.getState().isLoading;"))


def settle(driver, timeout: float = 20) -> None:
    """Wait until no callback is in flight."""
    time.sleep(0.05)
    wait_until(lambda: not callbacks_running(driver), timeout, "callbacks still running")


def choice_cards(driver) -> list[str]:
    """The text of each workload's choice card on the results page (read in one go: the page may re-render)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.choice-card'), e => e.innerText.trim());")


def chromium_driver(download_dir: str | None = None):
    """A headless Debian chromium (never a downloaded browser) with a 1280×800 viewport."""
    from selenium import webdriver

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={VIEWPORT[0]},{VIEWPORT[1]}")
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    if download_dir:
        options.add_experimental_option("prefs", {"download.default_directory": download_dir,
                                                  "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options)
    set_viewport(driver)
    return driver


def set_viewport(driver, width: int = VIEWPORT[0], height: int = VIEWPORT[1]) -> None:
    """Make the page area exactly ``width``×``height`` CSS pixels (screenshots are then that size)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


@contextmanager
def serve(app, host: str = "127.0.0.1") -> Iterator[str]:
    """Run a Dash app on a free loopback port in a thread; yields its URL."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs) -> None:  # one line per request would drown the output
            pass

    server = make_server(host, 0, app.server, threaded=True, request_handler=Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
