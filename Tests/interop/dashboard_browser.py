"""Drives Debian's Chromium through the dashboard as a person would, with Playwright (PyPI, pinned in
requirements.txt) pointed at /usr/bin/chromium: no browser is downloaded.

Usage: dashboard_browser.py BASE_URL TOKEN MONITOR_ID INCIDENT_ID SCREENSHOT_DIR

Signs in through the real form (typing the token), visits the monitor list, a monitor, an incident and the public
status page at a phone's and a desktop's width, saves screenshots, acknowledges the incident with the page's own
form, and prints one JSON object of what the rendered pages showed (text and counts read from the DOM), for the
Swift test to check. Exit 0 when it got that far; 1 with the reason on stderr otherwise.
"""
import json
import os
import sys

from playwright.sync_api import sync_playwright

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def main(base, token, monitor, incident, shots):
    chromium = os.environ.get("TRUSTMONITOR_CHROMIUM", "/usr/bin/chromium")
    facts = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()

        # Not signed in: the dashboard sends the browser to the sign-in form, which brings it back.
        page.goto(base + "/dashboard")
        facts["sign_in_url"] = page.url
        page.get_by_label("API token").fill(token)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(base + "/dashboard")
        facts["after_sign_in_url"] = page.url
        cookies = context.cookies()
        facts["session_cookie"] = [{"name": c["name"], "httpOnly": c["httpOnly"], "sameSite": c["sameSite"]}
                                   for c in cookies if c["name"] == "tm_session"]

        facts["list"] = {
            "h1": page.locator("h1").inner_text(),
            "signed_in": page.locator(".who").inner_text(),
            "rows": page.locator("tbody tr").count(),
            "names": page.locator("tbody th[scope=row] a").all_inner_texts(),
            "counts": page.locator("ul.counts").inner_text(),
            "caption": page.locator("table caption").inner_text(),
        }
        shoot(page, shots, "dashboard-list")

        # The plain GET form narrows the list.
        page.select_option("select[name=state]", "down")
        page.get_by_role("button", name="Filter").click()
        page.wait_for_load_state()
        facts["filtered"] = {"url": page.url, "names": page.locator("tbody th[scope=row] a").all_inner_texts()}

        page.goto(base + "/dashboard/monitors/" + monitor)
        facts["monitor"] = {
            "h1": page.locator("h1").inner_text(),
            "chart_label": page.locator("svg.phases").get_attribute("aria-label"),
            "bars": page.locator("svg.phases rect").count(),
            "headings": page.locator("h2").all_inner_texts(),
            "conditions": page.locator("#conditions ~ div table tbody tr").all_inner_texts(),
        }
        shoot(page, shots, "dashboard-monitor")

        page.goto(base + "/dashboard/incidents/" + incident)
        facts["incident"] = {
            "h1": page.locator("h1").inner_text(),
            "timeline": page.locator("ol.timeline > li").all_inner_texts(),
            "bundle_href": page.get_by_role("link", name="Evidence bundle").get_attribute("href"),
        }
        shoot(page, shots, "dashboard-incident")
        page.get_by_role("button", name="Acknowledge").click()
        page.wait_for_load_state()
        facts["acknowledged"] = {"url": page.url, "text": page.locator("section[aria-labelledby=ack]").inner_text()}

        page.goto(base + "/status")
        facts["status"] = {
            "banner": page.locator(".banner").inner_text(),
            "bars": page.locator("svg.bars rect").count(),
            "bundle_links": [a.get_attribute("href") for a in page.get_by_role("link", name="Evidence bundle").all()],
        }
        shoot(page, shots, "status")
        browser.close()
    print(json.dumps(facts))


def shoot(page, shots, name):
    """A phone's and a desktop's width; the phone's also says whether anything spills out sideways."""
    for suffix, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=os.path.join(shots, f"{name}-{suffix}.png"), full_page=False)
    page.set_viewport_size(PHONE)
    overflow = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
    page.set_viewport_size(DESKTOP)
    if overflow:
        raise SystemExit(f"{name}: the page is wider than a phone's screen")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
