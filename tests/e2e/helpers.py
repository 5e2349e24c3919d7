"""What every journey needs: keyboard-only actions, the axe gate, screenshots, logins."""

from __future__ import annotations

import re
import time
from pathlib import Path

from tests.e2e.conftest import SCREENSHOT_DIR

AXE_SOURCE: str | None = None
BLOCKING_IMPACTS = {"serious", "critical"}
DEMO_PASSWORD = "tweedespoor-demo"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def _axe_source() -> str:
    global AXE_SOURCE
    if AXE_SOURCE is None:
        import axe_playwright_python

        AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
    return AXE_SOURCE


def check_a11y(page, name: str) -> None:
    """Run axe-core (bundled locally) on the page; fail on serious or critical violations.

    axe is evaluated through the DevTools protocol, so the portal's strict CSP stays on.
    """
    page.evaluate(_axe_source())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})"
    )
    blocking = [v for v in result["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} -> " + ", ".join(n["target"][0] for n in v["nodes"][:3])
        for v in blocking
    ]
    assert not blocking, f"axe on {name} ({page.url}):\n" + "\n".join(details)


def snap(page, name: str) -> None:
    """Save a full-page screenshot as <name>-<viewport>.png for reviewers."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}-{page.viewport_name}.png"), full_page=True)


def visit(page, path: str, name: str) -> None:
    """Open a page, check it (status, axe) and keep a screenshot."""
    response = page.goto(path)
    assert response is not None and response.status < 400, f"{path} answered {response and response.status}"
    check_page(page, name)


def check_page(page, name: str) -> None:
    check_a11y(page, name)
    snap(page, name)


def tab_to(page, locator, max_tabs: int = 80) -> None:
    """Press Tab until the element has focus (proves it is reachable by keyboard)."""
    target = locator.element_handle()
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", target):
            assert_focus_visible(page)
            return
    raise AssertionError(f"could not reach {locator} with the Tab key")


def assert_focus_visible(page) -> None:
    """The focused element shows a visible focus indicator (outline or box-shadow)."""
    visible = page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return true;
            const s = getComputedStyle(el);
            return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
        }"""
    )
    assert visible, "focused element has no visible focus indicator"


def type_into(page, locator, text: str) -> None:
    """Reach a field with Tab and type into it."""
    tab_to(page, locator)
    page.keyboard.type(text)


def submit(page, key: str = "Enter") -> None:
    """Press a key that submits a form and wait for the resulting page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def login(page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in with the keyboard only, completing the 2FA step when the portal asks for it."""
    page.goto("/inloggen")
    type_into(page, page.locator("input[name=email]"), email)
    type_into(page, page.locator("input[name=password]"), password)
    submit(page)
    code_field = page.locator("input[name=code]")
    if code_field.count():
        _enter_totp(page, code_field)
    assert "/inloggen" not in page.url, f"login as {email} failed: " + page.locator("main").inner_text()[:300]


def _enter_totp(page, code_field) -> None:
    from portal.security.twofactor import STEP_SECONDS, code_at

    for _ in range(4):
        step = int(time.time() // STEP_SECONDS)
        # The portal accepts the current step or one either side, each once: when the current
        # code was just used (same user logged in moments ago), the next step's code is valid.
        for candidate in (step, step + 1):
            type_into(page, code_field, code_at(DEMO_TOTP_SECRET, candidate))
            submit(page)
            code_field = page.locator("input[name=code]")
            if not code_field.count():
                return
            code_field.fill("")
        # Both used: wait for the next 30-second step and retry.
        time.sleep(STEP_SECONDS + 1 - (time.time() % STEP_SECONDS))
    raise AssertionError("two-factor step did not accept the code")


def logout(page) -> None:
    page.goto("/home")
    button = page.get_by_role("button", name=re.compile("Uitloggen"))
    if not button.is_visible():
        open_menu_group(page, "details.account")
    button.click()
    page.wait_for_load_state()


def open_menu_group(page, selector: str) -> None:
    """Open the phone's menu (when closed) and then the menu disclosure `selector`."""
    if page.locator("#hoofdmenu").get_attribute("open") is None:
        page.locator("summary.menu-toggle").click()
    group = page.locator(selector)
    if group.get_attribute("open") is None:
        group.locator("summary").click()


def follow_link(page, locator, max_tabs: int = 120) -> None:
    """Reach a link with Tab and follow it with Enter."""
    tab_to(page, locator, max_tabs=max_tabs)
    submit(page)


def assert_error_announced(page, field_selector: str, contains: str | None = None) -> str:
    """The field's error is announced: role=alert (or aria-live) and tied to the field.

    Returns the message, so a test can check its wording.
    """
    field = page.locator(field_selector).first
    assert field.get_attribute("aria-invalid") == "true", f"{field_selector} is not marked invalid"
    described = (field.get_attribute("aria-describedby") or "").split()
    errors = [i for i in described if page.locator(f"[id='{i}']").get_attribute("role") == "alert"
              or page.locator(f"[id='{i}']").get_attribute("aria-live") in ("polite", "assertive")]
    assert errors, f"{field_selector} has no announced error in aria-describedby ({described})"
    message = page.locator(f"[id='{errors[0]}']").inner_text()
    if contains:
        assert contains in message, message
    return message
