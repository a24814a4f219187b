"""The rehearsal room in a real browser: its three modes, the timer with the
keyboard and its button, logging a rehearsal, and a recording (Chromium's fake
microphone) played back in the page and never sent to the server."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, Request, expect

from bench.harness import CHROMIUM, CHROMIUM_ARGS
from interview.models import Draft, Guide
from tests.factories import SEED_SLUG, make_draft

from .conftest import (
    PageProblems,
    assert_accessible,
    log_in,
    new_context,
    wait_for_the_server_to_finish,
    watch,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("bundled_guides")]
STORY = [
    "I was the mentor of a new engineer for six months, meeting every week to "
    "cut her review time by 40% and ship 3 features.",
    "I paired with her on the first two tasks, then reviewed her pull requests.",
    "She led the next release on her own.",
    "My own mentor taught me to ask before advising.",
]
# Where screenshots go when a person wants to look at the pages (SHOTS_DIR=...).
SHOTS = os.environ.get("SHOTS_DIR", "")


def rehearsing(page: Page, user: User) -> Draft:
    draft = make_draft(user, Guide.objects.get(slug=SEED_SLUG), STORY)
    log_in(page, user.username)
    return draft


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["wide", "phone"])
def test_the_three_modes(
    page: Page, browser_user: User, viewport: tuple[int, int], scheme: str
) -> None:
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.emulate_media(color_scheme=scheme)
    draft = rehearsing(page, browser_user)
    page.goto(f"/drafts/{draft.pk}/review/")
    page.get_by_role("link", name="Rehearse", exact=True).click()
    modes = page.get_by_role("navigation", name="Rehearsal mode")
    expect(modes.get_by_role("link", name="Full text")).to_have_attribute(
        "aria-current", "page"
    )
    text = page.locator(".rehearse-text")
    expect(text).to_contain_text("cut her review time by 40%")
    expect(page.get_by_role("timer")).to_have_text("0:00")
    expect(
        page.get_by_text("The timer and the recording need JavaScript")
    ).to_be_hidden()
    shoot(page, f"full-{scheme}-{viewport[0]}")
    assert_accessible(page)

    modes.get_by_role("link", name="Cue cards").click()
    expect(page).to_have_url(re.compile(r"\?mode=cues$"))
    expect(text).to_contain_text("I was the mentor of a new engineer…")
    expect(text).to_contain_text("40% · 3")
    expect(text).not_to_contain_text("cut her review time")
    shoot(page, f"cues-{scheme}-{viewport[0]}")
    assert_accessible(page)

    modes.get_by_role("link", name="Blank").click()
    expect(text.get_by_role("heading")).to_have_text(
        [s.title for s in draft.guide.steps.all()]
    )
    expect(text).not_to_contain_text("mentor of a new engineer")
    shoot(page, f"blank-{scheme}-{viewport[0]}")
    assert_accessible(page)


def test_the_timer_runs_with_space_and_the_button_and_its_time_is_logged(
    page: Page, browser_user: User
) -> None:
    start = datetime.now(UTC)
    page.clock.install(time=start)
    draft = rehearsing(page, browser_user)
    page.goto(f"/drafts/{draft.pk}/rehearse/")
    # Time stands still until the test moves it.
    page.clock.pause_at(start + timedelta(minutes=10))
    timer, toggle = page.get_by_role("timer"), page.locator("#timer-toggle")
    standing = page.locator("#timer-standing")
    announcer = page.locator("#timer-announce")
    # Every answer's target: 1:00-2:30.
    expect(page.locator(".timer-target")).to_have_text("Aim for 1:00–2:30")
    ready_colour = timer.evaluate("e => getComputedStyle(e).color")

    page.keyboard.press("Space")
    expect(toggle).to_have_text("Stop timer")
    expect(announcer).to_have_text("Timer started.")
    page.clock.run_for(20_000)
    expect(timer).to_have_text("0:20")
    expect(standing).to_have_text("Under the target")
    page.keyboard.press("Space")
    expect(toggle).to_have_text("Start timer")
    expect(announcer).to_contain_text("Stopped at 0:20.")
    page.clock.run_for(5_000)
    expect(timer).to_have_text("0:20")  # stopped means stopped

    toggle.click()  # carries on from 0:20
    expect(toggle).to_have_text("Stop timer")
    page.clock.run_for(40_000)
    expect(standing).to_have_text("Within the target")
    expect(announcer).to_have_text("1:00: within the target.")
    page.clock.run_for(100_000)
    expect(timer).to_have_text("2:40")
    expect(standing).to_have_text("Past the target: time to wrap up")
    expect(announcer).to_have_text("2:31: past the target: time to wrap up.")
    assert timer.evaluate("e => getComputedStyle(e).color") != ready_colour
    toggle.click()
    expect(announcer).to_contain_text("Stopped at 2:40.")
    page.clock.resume()

    form = page.locator("#rehearsal-form")
    expect(form.get_by_label("Minutes")).to_have_value("2")
    expect(form.get_by_label("Seconds")).to_have_value("40")
    form.get_by_label("4", exact=True).check()
    form.get_by_role("button", name="Log this rehearsal").click()
    log = page.locator("#log")
    expect(log.get_by_role("row").nth(1)).to_contain_text("2 min")
    expect(log.get_by_role("row").nth(1)).to_contain_text("over")
    expect(log.get_by_role("row").nth(1)).to_contain_text("4 of 5")
    expect(page.locator("#messages")).to_contain_text(
        "Logged a rehearsal of 2 min 40 s, rated 4 of 5."
    )
    expect(form.get_by_label("Minutes")).to_have_value("0")  # ready for the next
    # Logged through htmx: the page stayed, and so did the timer's reading.
    expect(page).to_have_url(re.compile(rf"/drafts/{draft.pk}/rehearse/$"))
    expect(timer).to_have_text("2:40")

    page.goto(f"/drafts/{draft.pk}/review/")
    review_log = page.locator("#log")
    expect(review_log.get_by_role("img")).to_have_accessible_name(
        re.compile("against the target of 1:00–2:30")
    )
    expect(review_log.get_by_role("row").nth(1)).to_contain_text("4 of 5")
    assert_accessible(page)
    page.emulate_media(color_scheme="dark")
    assert_accessible(page)


def test_space_in_the_form_types_and_does_not_start_the_timer(
    page: Page, browser_user: User
) -> None:
    draft = rehearsing(page, browser_user)
    page.goto(f"/drafts/{draft.pk}/rehearse/")
    page.get_by_label("No rating").focus()
    page.keyboard.press("Space")
    page.get_by_label("Minutes").focus()
    page.keyboard.press("Space")
    expect(page.locator("#timer-toggle")).to_have_text("Start timer")
    expect(page.locator("#timer-standing")).to_have_text("Ready when you are")


def test_a_bad_duration_is_refused_in_place(page: Page, browser_user: User) -> None:
    draft = rehearsing(page, browser_user)
    page.goto(f"/drafts/{draft.pk}/rehearse/")
    page.get_by_role("button", name="Log this rehearsal").click()
    expect(page.locator("#duration-error")).to_have_text(
        "A rehearsal lasts from 1 second to 60 minutes: enter how long yours took."
    )
    assert draft.rehearsals.count() == 0
    assert_accessible(page)


def test_without_a_microphone_the_page_says_so(page: Page, browser_user: User) -> None:
    draft = rehearsing(page, browser_user)
    page.goto(f"/drafts/{draft.pk}/rehearse/")
    page.get_by_role("button", name="Start recording").click()
    expect(page.locator("#record-status")).to_contain_text("microphone")
    expect(page.get_by_role("button", name="Start recording")).to_be_enabled()
    expect(page.locator("#record-playback")).to_be_hidden()


def test_without_javascript_the_text_shows_and_a_rehearsal_is_logged_by_hand(
    browser: Browser, live_server, browser_user: User
) -> None:
    context = new_context(browser, live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        draft = rehearsing(page, browser_user)
        page.goto(f"/drafts/{draft.pk}/rehearse/?mode=cues")
        expect(
            page.get_by_text("The timer and the recording need JavaScript.")
        ).to_be_visible()
        expect(page.get_by_role("timer")).to_be_hidden()
        expect(page.locator(".rehearse-text")).to_contain_text("40% · 3")
        page.get_by_label("Minutes").fill("1")
        page.get_by_label("Seconds").fill("30")
        page.get_by_label("5", exact=True).check()
        page.get_by_role("button", name="Log this rehearsal").click()
        expect(page).to_have_url(re.compile(r"\?mode=cues#log$"))
        expect(page.locator("#log").get_by_role("row").nth(1)).to_contain_text("5 of 5")
    finally:
        context.close()
        wait_for_the_server_to_finish()


@pytest.fixture
def browser_with_a_microphone(browser: Browser) -> Iterator[Browser]:
    """A browser of its own, with Chromium's fake microphone (a beep) and no prompt,
    launched by the session's Playwright (one per process)."""
    with_microphone = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            "--use-fake-ui-for-media-stream",
        ],
        headless=True,
    )
    yield with_microphone
    with_microphone.close()


def test_a_recording_plays_back_in_the_page_and_is_never_sent(
    browser_with_a_microphone: Browser,
    live_server,
    problems: PageProblems,
    browser_user: User,
) -> None:
    context = new_context(browser_with_a_microphone, live_server.url)
    context.grant_permissions(["microphone"])
    requests: list[Request] = []
    try:
        page = context.new_page()
        watch(page, problems)
        draft = rehearsing(page, browser_user)
        page.on("request", lambda request: requests.append(request))
        page.goto(f"/drafts/{draft.pk}/rehearse/")
        expect(page.get_by_text("it is never uploaded")).to_be_visible()
        page.get_by_role("button", name="Start recording").click()
        status = page.locator("#record-status")
        expect(status).to_have_text("Recording…")
        # Let the fake microphone fill a second and a half of audio.
        started = page.evaluate("performance.now()")
        page.wait_for_function(
            "started => performance.now() > started + 1500", arg=started
        )
        page.get_by_role("button", name="Stop recording").click()
        expect(status).to_have_text(
            "Recorded. Play it back below: it stays in this browser."
        )
        audio = page.locator("#record-playback")
        expect(audio).to_be_visible()
        expect(audio).to_have_attribute("src", re.compile(r"^blob:"))
        src = audio.get_attribute("src")
        page.wait_for_function(
            "() => document.getElementById('record-playback').readyState >= 1"
        )
        assert audio.evaluate("a => a.duration > 0")
        assert audio.evaluate("a => a.play().then(() => !a.paused)")
        expect(page.get_by_role("button", name="Record again")).to_be_visible()

        page.get_by_role("button", name="Log this rehearsal").click()  # 0:00
        expect(page.locator("#duration-error")).to_be_visible()
        page.get_by_label("Seconds").fill("2")
        page.get_by_role("button", name="Log this rehearsal").click()
        expect(page.locator("#log").get_by_role("row")).to_have_count(2)
        assert problems.errors == [] and problems.foreign_requests == []
    finally:
        context.close()
        wait_for_the_server_to_finish()

    sent = [r for r in requests if r.method != "GET"]
    assert [r.url for r in sent] == [
        f"{live_server.url}/drafts/{draft.pk}/rehearsals/"
    ] * 2
    for request in sent:
        body = request.post_data_buffer or b""
        assert len(body) < 300, body
        assert b"blob" not in body and b"webm" not in body
        assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert all(src not in r.url for r in requests if not r.url.startswith("blob:"))
    assert {r.url.split(":", 1)[0] for r in requests} <= {"http", "blob"}


def shoot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/rehearse-{name}.png", full_page=True)
