"""What the browser tests share: a served sandbox with a callback receiver, and page helpers."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import attrs

from momo_wrapper import MomoClient, MomoConfig, ProductCredentials
from momo_wrapper.cli._receiver import CallbackReceiver
from momo_wrapper.sandbox import Sandbox, SandboxCredentials, SandboxServer, VirtualClock
from momo_wrapper.sandbox import serve_sandbox as _serve_sandbox

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "test-artefacts" / "browser"
WAIT = 20.0
T = TypeVar("T")


@attrs.define
class Served:
    sandbox: Sandbox
    server: SandboxServer
    user: SandboxCredentials
    receiver: CallbackReceiver

    def client(self, **settings: Any) -> MomoClient:
        """An SDK client against the served sandbox, sending callbacks to the receiver."""
        config = MomoConfig(
            base_url=self.server.base_url,
            callback_base_url=self.receiver.url,
            collection=ProductCredentials(
                subscription_key=self.user.subscription_key,
                api_user=self.user.user_id,
                api_key=self.user.api_key,
            ),
            poll_initial_interval=0.2,
            poll_max_interval=0.5,
            backoff_base=0.05,
            backoff_cap=0.5,
            **settings,
        )
        momo = MomoClient(config)
        self.receiver.attach(momo)
        return momo


@contextlib.contextmanager
def serve(admin_token: str | None = None) -> Iterator[Served]:
    sandbox = Sandbox(clock=VirtualClock(follow_real_time=True), admin_token=admin_token)
    receiver = CallbackReceiver("127.0.0.1")
    try:
        with sandbox, _serve_sandbox(sandbox) as server:
            user = sandbox.provision("collection", callback_host="127.0.0.1")
            yield Served(sandbox, server, user, receiver)
    finally:
        receiver.close()


def wait_until(probe: Callable[[], T | None], what: str, timeout: float = WAIT) -> T:
    """Poll `probe` until it returns something truthy; fail naming `what` at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.1)


class Page:
    """The sandbox page in the browser."""

    def __init__(self, driver: Any, served: Served) -> None:
        self.driver = driver
        self.served = served

    def open(self, fragment: str = "") -> None:
        self.driver.get(self.served.server.page_url + fragment)
        wait_until(lambda: "live" in self.text("connection"), "the page's first poll")

    def by_id(self, element_id: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.ID, element_id)

    def text(self, element_id: str) -> str:
        return str(self.by_id(element_id).text)

    def css(self, selector: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        return list(self.driver.find_elements(By.CSS_SELECTOR, selector))

    def tab(self, name: str) -> None:
        self.by_id(f"tab-{name}").click()
        wait_until(lambda: self.by_id(f"view-{name}").is_displayed(), f"the {name} view")

    def row(self, reference_id: str) -> Any:
        """The transactions row of `reference_id`, once the page shows it."""
        return wait_until(
            lambda: next(
                iter(self.css(f'#transactions tr[data-reference="{reference_id}"]')), None
            ),
            f"transaction {reference_id} in the page",
        )

    def cells(self, reference_id: str) -> list[str]:
        from selenium.webdriver.common.by import By

        try:
            return [str(td.text) for td in self.row(reference_id).find_elements(By.TAG_NAME, "td")]
        except Exception as error:  # re-rendered between the two reads: read again
            if type(error).__name__ != "StaleElementReferenceException":
                raise
            return self.cells(reference_id)

    def set_value(self, element_id: str, value: str) -> None:
        field = self.by_id(element_id)
        field.clear()
        field.send_keys(value)

    def select(self, element_id: str, value: str) -> None:
        from selenium.webdriver.support.ui import Select

        Select(self.by_id(element_id)).select_by_value(value)

    def screenshot(self, name: str) -> Path:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTEFACTS / f"{name}.png"
        assert self.driver.save_screenshot(str(path)), f"screenshot {name} failed"
        return path
