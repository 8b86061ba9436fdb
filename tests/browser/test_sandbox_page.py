"""The sandbox's page in a real headless Chromium: watch, act as the payer, inject faults.

Each test drives the page the way a person does (clicks, typing, the keyboard) and checks the
effect where it really lands: the SDK's answer, the callback receiver, the sandbox's log.
Screenshots of every view go to test-artefacts/browser/.
"""

from __future__ import annotations

import base64
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from momo_wrapper import TransactionStatus
from tests.browser.browser_support import Page, serve, wait_until

STATUS, REASON, POSTS, MESSAGE = 6, 7, 10, 11
NEVER_FINAL = "46733123454"  # stays CREATED until the payer answers
ALWAYS_SUCCEEDS = "56733123453"


def _act_as_payer(page: Page, reference_id: str) -> None:
    """Press the row's "Act as payer" button (the list re-renders when data changes: retry)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    def press() -> bool:
        try:
            page.row(reference_id).find_element(By.CSS_SELECTOR, "button").click()
        except StaleElementReferenceException:
            return False
        return page.by_id("payer").is_displayed() and reference_id in page.text("payer-ref")

    wait_until(press, f"the payer panel for {reference_id}")


def test_a_payment_made_with_the_sdk_is_approved_in_the_page(page: Page) -> None:
    served = page.served
    page.open()
    page.screenshot("01-transactions-empty")
    with served.client() as momo, ThreadPoolExecutor(1) as pool:
        accepted = momo.collection.request_to_pay(
            amount="12.50", payer=NEVER_FINAL, external_id="order-17", payer_message="Order 17"
        )
        ref = accepted.reference_id
        waiting = pool.submit(momo.collection.wait_for_request_to_pay, ref, timeout=60)
        cells = page.cells(ref)  # appears without a reload
        assert cells[:2] == ["collection", "RequesttoPay"]
        assert cells[3:6] == ["order-17", "12.5 EUR", NEVER_FINAL]
        assert cells[STATUS] == "CREATED"
        assert cells[POSTS] == "1"
        assert not waiting.done(), "the SDK must still be waiting for the payer"

        _act_as_payer(page, ref)
        page.set_value("payer-pin", "12")  # too short: refused, nothing changes
        page.by_id("payer-approve").click()
        wait_until(lambda: "PIN" in page.text("payer-summary"), "the PIN error")
        assert served.sandbox.resource("collection", ref).status == "CREATED"
        page.set_value("payer-pin", "1234")
        page.screenshot("02-act-as-payer")
        page.by_id("payer-approve").click()

        final = waiting.result(timeout=30)
        assert final.status is TransactionStatus.SUCCESSFUL
        wait_until(lambda: page.cells(ref)[STATUS] == "SUCCESSFUL", "SUCCESSFUL in the page")
        assert served.receiver.wait_for({ref}, timeout=20), "the receiver got no callback"
        delivered = [c for c in served.receiver.delivered if c.reference_id == ref]
        assert [c.status.status for c in delivered] == [TransactionStatus.SUCCESSFUL]
    page.screenshot("03-transactions-approved")

    page.tab("callbacks")
    row = wait_until(lambda: _callback_cells(page, 200), "the receiver's 200 in the callbacks list")
    assert row[2] == ref
    assert row[3] == "POST"
    assert row[4] == f"{served.receiver.url}/collection/request_to_pay/{ref}"
    assert '"status":"SUCCESSFUL"' in row[5]
    assert row[7].endswith(" ms")
    page.screenshot("04-callbacks")


def test_decline_fail_with_a_reason_and_expire(page: Page) -> None:
    page.open()
    with page.served.client() as momo:
        refs = [
            momo.collection.request_to_pay(
                amount="3", payer=NEVER_FINAL, external_id=f"n{i}"
            ).reference_id
            for i in range(3)
        ]
        _act_as_payer(page, refs[0])
        page.by_id("payer-decline").click()
        _act_as_payer(page, refs[1])
        page.select("payer-reason", "NOT_ENOUGH_FUNDS")
        page.by_id("payer-fail").click()
        _act_as_payer(page, refs[2])
        page.by_id("payer-expire").click()
        expected = ["APPROVAL_REJECTED", "NOT_ENOUGH_FUNDS", "EXPIRED"]
        for ref, reason in zip(refs, expected, strict=True):
            final = momo.collection.wait_for_request_to_pay(ref, timeout=20)
            assert (final.status, final.reason.code if final.reason else None) == (
                TransactionStatus.FAILED,
                reason,
            )
            wait_until(lambda r=ref, w=reason: page.cells(r)[REASON] == w, f"{reason} in the page")
    # Filter and search narrow the list.
    page.select("filter-status", "FAILED")
    page.set_value("filter-search", "NOT_ENOUGH")
    wait_until(lambda: len(page.css("#transactions tbody tr")) == 1, "one row after search")
    page.screenshot("05-transactions-filtered")


def test_a_429_injected_from_the_page_makes_the_sdk_retry(page: Page) -> None:
    served = page.served
    page.open()
    page.tab("faults")
    page.select("fault-kind", "429")
    page.select("fault-operation", "RequesttoPay")
    page.set_value("fault-retry", "0.2")
    page.set_value("fault-count", "1")
    page.by_id("fault-add").click()
    row = wait_until(lambda: page.css("#faults tbody tr"), "the fault in the list")[0]
    assert "HTTP 429" in row.text
    assert "RequesttoPay" in row.text
    (rule,) = served.sandbox.faults.rules
    assert (rule.status, rule.operation, rule.times, rule.retry_after) == (
        429,
        "RequesttoPay",
        1,
        0.2,
    )
    page.screenshot("06-faults")

    with served.client() as momo:
        accepted = momo.collection.request_to_pay(
            amount="5", payer=ALWAYS_SUCCEEDS, external_id="after-429"
        )
    posts = [
        record.status
        for record in served.sandbox.requests
        if record.operation == "RequesttoPay" and record.reference_id == accepted.reference_id
    ]
    assert posts == [429, 202], "the SDK retried the 429 with the same reference id"
    assert not accepted.replayed
    assert served.sandbox.resource("collection", accepted.reference_id).post_count == 1
    wait_until(lambda: page.text("faults-empty") != "", "the used-up fault leaving the list")

    # Clear all removes every rule.
    page.select("fault-kind", "5xx")
    page.set_value("fault-status", "503")
    page.set_value("fault-count", "5")
    page.by_id("fault-add").click()
    wait_until(lambda: served.sandbox.faults.rules, "the 503 rule")
    page.by_id("fault-clear").click()
    wait_until(lambda: not served.sandbox.faults.rules or None, "clear all")
    assert served.sandbox.faults.rules == []


def test_values_are_shown_as_text_never_as_markup(page: Page) -> None:
    served = page.served
    payload = "<script>window.__pwned=1</script><b id=injected>bold</b>"
    external = "<img src=x onerror=window.__pwned=2>"
    token = _token(served)
    ref = str(uuid.uuid4())
    # The SDK refuses these characters before sending; a raw client sends them anyway.
    response = httpx.post(
        served.server.base_url + "/collection/v1_0/requesttopay",
        headers={
            "Authorization": f"Bearer {token}",
            "Ocp-Apim-Subscription-Key": served.user.subscription_key,
            "X-Target-Environment": "sandbox",
            "X-Reference-Id": ref,
        },
        json={
            "amount": "1",
            "currency": "EUR",
            "externalId": external,
            "payer": {"partyIdType": "MSISDN", "partyId": NEVER_FINAL},
            "payerMessage": payload,
            "payeeNote": "note",
        },
    )
    assert response.status_code == 202
    page.open()
    cells = page.cells(ref)
    assert cells[MESSAGE] == payload
    assert cells[3] == external
    assert page.driver.execute_script("return window.__pwned === undefined")
    assert page.css("#injected") == []
    assert page.css("#transactions img") == []
    page.screenshot("07-escaped-values")


def test_drop_next_callback_then_redeliver_it(page: Page) -> None:
    served = page.served
    page.open()
    page.tab("callbacks")
    page.set_value("drop-count", "1")
    page.by_id("drop-apply").click()
    wait_until(lambda: "dropping the next 1" in page.text("drop-status"), "drop armed")
    with served.client() as momo:
        ref = momo.collection.request_to_pay(
            amount="2", payer=ALWAYS_SUCCEEDS, external_id="dropped"
        ).reference_id
        wait_until(lambda: _stable_text(page, "#callbacks tbody tr", "dropped"), "the drop note")
        assert not served.receiver.wait_for({ref}, timeout=1.0), "a dropped callback arrived"
        page.screenshot("08-callback-dropped")
        wait_until(lambda: _click_in_row(page, "#callbacks tbody tr", "dropped"), "redeliver")
        assert served.receiver.wait_for({ref}, timeout=20), "the redelivery never arrived"
    wait_until(lambda: len(page.css("#callbacks tbody tr")) == 2, "the redelivery row")
    assert "redelivery of #0" in page.css("#callbacks tbody tr")[0].text


def test_users_tokens_and_the_virtual_clock(page: Page) -> None:
    served = page.served
    with served.client() as momo:
        momo.collection.get_balance()
    page.open()
    page.tab("users")
    row = wait_until(lambda: page.css("#users tbody tr"), "the API user")[0]
    assert served.user.user_id in row.text
    body = str(page.driver.find_element("tag name", "body").text)
    assert served.user.api_key not in body
    assert served.user.subscription_key not in body
    assert served.user.api_key[:4] + "…" in row.text
    tokens = {tr.text.split()[0]: tr.text.split()[-2:] for tr in page.css("#tokens tbody tr")}
    assert tokens["collection"] == ["1", "1"]  # one token request, one token issued
    page.screenshot("09-users-and-tokens")

    page.tab("clock")
    before = served.sandbox.clock.now()
    page.set_value("clock-seconds", "3600")
    page.by_id("clock-advance").click()
    wait_until(lambda: "clock now" in page.text("clock-message"), "the advance")
    assert served.sandbox.clock.now() - before >= 3600
    page.screenshot("10-clock")
    # The token expired with the advance: the next call makes a second token request.
    with served.client() as momo:
        momo.collection.get_balance()
    assert served.sandbox.token_requests("collection") == 2


def test_keyboard_and_labels(page: Page) -> None:
    from selenium.webdriver.common.keys import Keys

    page.open()
    first = page.by_id("tab-transactions")
    first.click()
    first.send_keys(Keys.ARROW_RIGHT)
    wait_until(lambda: page.by_id("view-callbacks").is_displayed(), "arrow key to Callbacks")
    assert page.driver.switch_to.active_element.get_attribute("id") == "tab-callbacks"
    page.driver.switch_to.active_element.send_keys(Keys.END)
    wait_until(lambda: page.by_id("view-clock").is_displayed(), "End key to Clock")
    unlabelled = page.driver.execute_script(
        "return Array.from(document.querySelectorAll('input, select'))"
        ".filter(e => e.labels.length === 0).map(e => e.id)"
    )
    assert unlabelled == []


def test_with_an_admin_token_the_page_needs_it(browser: object) -> None:
    token = "t" * 8 + uuid.uuid4().hex
    with serve(admin_token=token) as served:
        page = Page(browser, served)
        page.driver.get(served.server.page_url)
        wait_until(lambda: "cannot read" in page.text("connection"), "the refusal")
        assert "admin token" in page.text("connection")
        page.screenshot("11-admin-token-missing")
        page.open(f"#token={token}")
        assert token not in page.driver.current_url, "the token stays out of the address bar"
        page.tab("users")
        wait_until(lambda: page.css("#users tbody tr"), "data read with the token")


def _stable_text(page: Page, selector: str, needle: str) -> bool:
    from selenium.common.exceptions import StaleElementReferenceException

    try:
        return any(needle in row.text for row in page.css(selector))
    except StaleElementReferenceException:
        return False


def _click_in_row(page: Page, selector: str, needle: str) -> bool:
    """Press the button of the first row containing `needle` (retried if re-rendered)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    try:
        for row in page.css(selector):
            if needle in row.text:
                row.find_element(By.CSS_SELECTOR, "button").click()
                return True
    except StaleElementReferenceException:
        return False
    return False


def _callback_cells(page: Page, status: int) -> list[str] | None:
    """The cells of the newest callback row once its response status is `status`."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    try:
        rows = page.css("#callbacks tbody tr")
        if not rows:
            return None
        cells = [str(td.text) for td in rows[0].find_elements(By.TAG_NAME, "td")]
    except StaleElementReferenceException:
        return None
    return cells if cells[6] == str(status) else None


def _token(served) -> str:
    basic = base64.b64encode(f"{served.user.user_id}:{served.user.api_key}".encode()).decode()
    response = httpx.post(
        served.server.base_url + "/collection/token/",
        headers={
            "Authorization": f"Basic {basic}",
            "Ocp-Apim-Subscription-Key": served.user.subscription_key,
        },
    )
    return str(response.json()["access_token"])


pytestmark = pytest.mark.usefixtures("chromium_ready")
