"""Never lose a word: autosave through network failures, reloads, two tabs, slow saves,
an expired session and logging out, in a real browser.

The server is made unreachable with Playwright routes (route.abort) or by taking the
whole browser context offline; a save is slowed by holding its route until the test
lets it go. Nothing waits on a clock longer than the first retry (1 s): the online
test pushes the retry timer out of reach (data-retry-after) so only the event saves.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from playwright.sync_api import BrowserContext, Locator, Page, Route, expect

from interview.models import Draft, Guide, Section
from tests.factories import SEED_SLUG, make_draft

from .conftest import PageProblems, assert_accessible, log_in, watch

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("bundled_guides")]

AUTOSAVE = "**/autosave/"
SAVED = re.compile(r"^Saved at \d\d:\d\d$")
RETRYING = "Not saved - retrying"
LOGGED_OUT = "Not saved: you were logged out. Log in again in another tab, then save."
RESTORE_OFFER = re.compile(r"^Restore unsaved text from \d\d:\d\d\?")
# htmx reports a request that never got an answer with console.error; here that is
# the point of the test, not a fault of the page.
HTMX_NETWORK_ERRORS = (
    "htmx:afterRequest",
    "htmx:sendError",
    "htmx:sendAbort",
    "htmx:timeout",
)


@pytest.fixture
def draft(bundled_guides: None, browser_user: User) -> Draft:
    return make_draft(browser_user, Guide.objects.get(slug=SEED_SLUG))


@pytest.fixture
def step_page(page: Page, problems: PageProblems, draft: Draft) -> Iterator[Page]:
    """Bella on step 1 of her draft; failed requests are expected here."""
    log_in(page, "bella")
    page.goto(step_url(draft))
    expect(text_box(page)).to_be_editable()
    yield page
    problems.errors[:] = [
        error for error in problems.errors if not error.startswith(HTMX_NETWORK_ERRORS)
    ]


def step_url(draft: Draft, number: int = 1) -> str:
    return f"/drafts/{draft.pk}/steps/{number}/"


def text_box(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Provide context", exact=True)


def save_status(page: Page) -> Locator:
    return page.locator(".editor .save-status")


def saved_text(draft: Draft) -> str:
    return Section.objects.filter(draft=draft).order_by("step__order")[0].text


def stored_copies(page: Page) -> dict[str, str]:
    """The unsaved text the page keeps in sessionStorage, by key."""
    return page.evaluate(
        "() => Object.fromEntries(Object.keys(sessionStorage)"
        ".filter(k => k.startsWith('autosave:'))"
        ".map(k => [k, JSON.parse(sessionStorage.getItem(k)).text]))"
    )


def leave_with_unsaved_text(
    page: Page, problems: PageProblems, leave: Callable[[], object]
) -> None:
    """Leaving with unsaved text asks first (beforeunload); the user says leave."""
    asked: list[str] = []

    def accept(dialog) -> None:
        asked.append(dialog.type)
        dialog.accept()

    page.once("dialog", accept)
    leave()
    assert asked == ["beforeunload"]
    # The page fixture counts every dialog as injected script; this one is ours.
    problems.errors.remove("dialog opened: ")


def abort(route: Route) -> None:
    route.abort()


def let_through(route: Route) -> None:
    route.continue_()


def hold_the_first_save(page: Page, then: Callable[[Route], None]) -> list[Route]:
    """Hold the page's first save until the test lets it go; pass later ones to then."""
    held: list[Route] = []

    def hold(route: Route) -> None:
        if held:
            then(route)
        else:
            held.append(route)

    page.route(AUTOSAVE, hold)
    return held


def cut_the_network(page: Page, context: BrowserContext) -> None:
    """No save reaches the server from now on. htmx's requests are aborted by a
    route; the keepalive save sent while the page unloads is invisible to Playwright
    (routes and set_offline miss it), so the page's fetch fails as it would offline."""
    context.route(AUTOSAVE, abort)
    page.evaluate(
        "() => { window.fetch = () => Promise.reject(new TypeError('offline')); }"
    )


def type_with_the_network_cut(page: Page, context: BrowserContext, text: str) -> None:
    cut_the_network(page, context)
    text_box(page).fill(text)
    expect(save_status(page)).to_have_text(RETRYING)


# --- the network goes away ------------------------------------------------------


def test_text_typed_while_the_server_is_unreachable_is_saved_when_it_returns(
    step_page: Page, draft: Draft
) -> None:
    page = step_page
    page.route(AUTOSAVE, abort)
    text_box(page).fill("Typed while the network was down.")
    expect(save_status(page)).to_have_text(RETRYING)
    assert saved_text(draft) == ""
    assert list(stored_copies(page).values()) == ["Typed while the network was down."]

    page.unroute(AUTOSAVE)
    expect(save_status(page)).to_have_text(SAVED)
    assert saved_text(draft) == "Typed while the network was down."
    assert stored_copies(page) == {}


def test_going_back_online_saves_at_once(
    step_page: Page, context: BrowserContext, draft: Draft
) -> None:
    page = step_page
    # A retry timer far beyond this test's patience: only the online event can save.
    page.locator("#step-form").evaluate("form => form.dataset.retryAfter = '30000'")
    context.set_offline(True)
    text_box(page).fill("Written on a train in a tunnel.")
    expect(save_status(page)).to_have_text(RETRYING)

    context.set_offline(False)
    expect(save_status(page)).to_have_text(SAVED, timeout=5_000)
    assert saved_text(draft) == "Written on a train in a tunnel."


def reload_with_text_the_server_never_got(
    page: Page, context: BrowserContext, problems: PageProblems, text: str
) -> None:
    """Type with the network cut, then reload: the page offers the text back."""
    type_with_the_network_cut(page, context, text)
    leave_with_unsaved_text(page, problems, page.reload)
    expect(page.get_by_text(RESTORE_OFFER)).to_be_visible()
    expect(text_box(page)).to_have_value("")


def test_a_reload_offers_back_the_text_the_server_never_got(
    step_page: Page, context: BrowserContext, problems: PageProblems, draft: Draft
) -> None:
    page = step_page
    reload_with_text_the_server_never_got(
        page, context, problems, "Never reached the server."
    )
    assert_accessible(page)

    context.unroute(AUTOSAVE)
    page.get_by_role("button", name="Restore my text").click()
    expect(page.get_by_text(RESTORE_OFFER)).to_be_hidden()
    expect(text_box(page)).to_have_value("Never reached the server.")
    expect(save_status(page)).to_have_text(SAVED)
    assert saved_text(draft) == "Never reached the server."
    assert stored_copies(page) == {}


def test_discarding_the_offer_forgets_the_copy(
    step_page: Page, context: BrowserContext, problems: PageProblems, draft: Draft
) -> None:
    page = step_page
    reload_with_text_the_server_never_got(page, context, problems, "Second thoughts.")
    # The network stays cut: a save the old page started while unloading may still
    # sit in Playwright's route queue, and unrouting would let it through.

    page.get_by_role("button", name="Discard it").click()
    expect(page.get_by_text(RESTORE_OFFER)).to_be_hidden()
    assert stored_copies(page) == {}
    page.reload()
    expect(text_box(page)).to_have_value("")
    expect(page.get_by_text(RESTORE_OFFER)).to_have_count(0)
    assert saved_text(draft) == ""


# --- two tabs on one section ------------------------------------------------------


def open_second_tab(
    context: BrowserContext, problems: PageProblems, draft: Draft
) -> Page:
    tab = context.new_page()
    watch(tab, problems)
    tab.goto(step_url(draft))
    expect(text_box(tab)).to_be_editable()
    return tab


def make_a_conflict(first: Page, second: Page, draft: Draft) -> None:
    text_box(first).fill("Written in the first tab.")
    expect(save_status(first)).to_have_text(SAVED)
    text_box(second).fill("Written in the second tab.")
    expect(save_status(second)).to_have_text(
        "Not saved: this section changed in another tab"
    )
    panel = second.get_by_role("alert").filter(has_text="changed in another tab")
    expect(panel).to_be_visible()
    expect(second.get_by_label(re.compile("^Saved text"))).to_have_value(
        "Written in the first tab."
    )
    expect(text_box(second)).to_have_value("Written in the second tab.")
    assert saved_text(draft) == "Written in the first tab."


@pytest.fixture
def tabs_in_conflict(
    step_page: Page, context: BrowserContext, problems: PageProblems, draft: Draft
) -> tuple[Page, Page]:
    """Two tabs on step 1: the first saved, the second's save refused as a conflict."""
    second = open_second_tab(context, problems, draft)
    make_a_conflict(step_page, second, draft)
    return step_page, second


def test_two_tabs_keep_my_text_saves_the_chosen_text(
    tabs_in_conflict: tuple[Page, Page], draft: Draft
) -> None:
    first, second = tabs_in_conflict
    assert_accessible(second)

    # While the panel is shown, typing saves nothing: the user must choose first.
    text_box(second).press("End")
    text_box(second).press_sequentially(" And a bit more.")
    expect(save_status(second)).to_have_text("Not saved: choose a version above")
    assert saved_text(draft) == "Written in the first tab."

    second.get_by_role("button", name="Keep my text").click()
    expect(second.locator("[data-conflict]")).to_have_count(0)
    expect(save_status(second)).to_have_text("Saved")
    assert saved_text(draft) == "Written in the second tab. And a bit more."
    assert stored_copies(second) == {}

    # The first tab is now behind: its next save is refused too, not applied silently.
    text_box(first).fill("The first tab tries again.")
    expect(first.get_by_label(re.compile("^Saved text"))).to_have_value(
        "Written in the second tab. And a bit more."
    )
    assert saved_text(draft) == "Written in the second tab. And a bit more."


def test_two_tabs_use_the_saved_text_shows_it(
    tabs_in_conflict: tuple[Page, Page], draft: Draft
) -> None:
    _, second = tabs_in_conflict

    # No beforeunload question: the user chose to drop their text.
    second.get_by_role("link", name="Use the saved text").click()
    expect(text_box(second)).to_have_value("Written in the first tab.")
    expect(second.locator("[data-conflict]")).to_have_count(0)
    expect(second.get_by_text(RESTORE_OFFER)).to_have_count(0)
    assert stored_copies(second) == {}
    assert saved_text(draft) == "Written in the first tab."
    assert_accessible(second)


# --- a slow save ----------------------------------------------------------------------


def test_text_typed_while_a_save_is_in_flight_is_sent_afterwards(
    step_page: Page, draft: Draft
) -> None:
    page = step_page
    held = hold_the_first_save(page, then=let_through)
    box = text_box(page)
    box.fill("First part.")
    expect(save_status(page)).to_have_text("Saving…")
    assert len(held) == 1

    box.press("End")
    box.press_sequentially(" Second part.")
    box.blur()  # asks for a save at once, queued behind the one in flight
    held[0].continue_()

    expect(save_status(page)).to_have_text(SAVED)
    assert saved_text(draft) == "First part. Second part."
    assert stored_copies(page) == {}


def test_moving_to_the_next_step_saves_and_forgets_the_copy(
    step_page: Page, draft: Draft
) -> None:
    page = step_page
    page.route(AUTOSAVE, abort)  # only the step form's own save gets through
    text_box(page).fill("Saved by moving on.")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Step 2 of 4")).to_be_visible()
    assert saved_text(draft) == "Saved by moving on."
    assert stored_copies(page) == {}

    page.get_by_role("button", name="Back").click()
    expect(text_box(page)).to_have_value("Saved by moving on.")
    expect(page.get_by_text(RESTORE_OFFER)).to_have_count(0)


# --- the session ends ---------------------------------------------------------------


def end_session_on_server(context: BrowserContext) -> None:
    Session.objects.all().delete()


def drop_all_cookies(context: BrowserContext) -> None:
    context.clear_cookies()  # the CSRF cookie goes too: the save gets 403, not 401


@pytest.mark.parametrize("end_session", [end_session_on_server, drop_all_cookies])
def test_an_expired_session_keeps_the_text_until_logged_in_again(
    step_page: Page,
    context: BrowserContext,
    problems: PageProblems,
    draft: Draft,
    end_session: Callable[[BrowserContext], None],
) -> None:
    page = step_page
    end_session(context)
    text_box(page).fill("Typed after the session ended.")
    expect(save_status(page)).to_have_text(LOGGED_OUT)
    expect(text_box(page)).to_have_value("Typed after the session ended.")
    assert list(stored_copies(page).values()) == ["Typed after the session ended."]
    assert saved_text(draft) == ""

    leave_with_unsaved_text(page, problems, lambda: log_in(page, "bella"))
    page.goto(step_url(draft))
    # The page's last save left while logged out and the server still holds the
    # version it was typed on: the text comes back into the box and is saved.
    expect(text_box(page)).to_have_value("Typed after the session ended.")
    expect(save_status(page)).to_have_text(SAVED)
    expect(page.get_by_text(RESTORE_OFFER)).to_have_count(0)
    assert saved_text(draft) == "Typed after the session ended."


def test_save_and_continue_after_the_session_ended_keeps_the_text(
    step_page: Page, draft: Draft
) -> None:
    page = step_page
    page.route(AUTOSAVE, abort)  # only the explicit save reaches the server
    text_box(page).fill("Pressed save too late.")
    Session.objects.all().delete()
    page.get_by_role("button", name="Save and continue").click()
    expect(save_status(page)).to_have_text(LOGGED_OUT)
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    expect(text_box(page)).to_have_value("Pressed save too late.")
    assert list(stored_copies(page).values()) == ["Pressed save too late."]


# --- logging out --------------------------------------------------------------------


def log_out_on_the_step_page(page: Page, problems: PageProblems) -> None:
    leave_with_unsaved_text(
        page, problems, page.get_by_role("button", name="Log out").click
    )


def log_out_from_another_page(page: Page, problems: PageProblems) -> None:
    leave_with_unsaved_text(
        page, problems, page.get_by_role("link", name="My drafts").click
    )
    expect(page.get_by_role("heading", name="My drafts")).to_be_visible()
    assert stored_copies(page) != {}
    page.get_by_role("button", name="Log out").click()


@pytest.mark.parametrize(
    "log_out",
    [log_out_on_the_step_page, log_out_from_another_page],
    ids=["on the step page", "from another page"],
)
def test_logging_out_forgets_unsaved_text(
    step_page: Page,
    context: BrowserContext,
    problems: PageProblems,
    draft: Draft,
    log_out: Callable[[Page, PageProblems], None],
) -> None:
    page = step_page
    type_with_the_network_cut(
        page, context, "Not for the next person at this computer."
    )
    assert stored_copies(page) != {}

    log_out(page, problems)
    expect(page.get_by_text("You have logged out.")).to_be_visible()
    assert stored_copies(page) == {}
    context.unroute(AUTOSAVE)
    log_in(page, "bella")
    page.goto(step_url(draft))
    expect(text_box(page)).to_have_value("")
    expect(page.get_by_text(RESTORE_OFFER)).to_have_count(0)


# --- the status never moves the page ------------------------------------------------


def layout(page: Page) -> list[dict]:
    boxes = [text_box(page).bounding_box()]
    buttons = page.locator(".editor .step-actions .button")
    boxes += [buttons.nth(i).bounding_box() for i in range(buttons.count())]
    return boxes


@pytest.mark.parametrize("viewport", [(1280, 800), (360, 740)], ids=["wide", "phone"])
def test_the_save_status_never_moves_the_page(
    step_page: Page, draft: Draft, viewport: tuple[int, int]
) -> None:
    page = step_page
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    before = layout(page)
    held = hold_the_first_save(page, then=abort)
    text_box(page).fill("One")
    expect(save_status(page)).to_have_text("Saving…")
    assert layout(page) == before
    held[0].abort()
    expect(save_status(page)).to_have_text(RETRYING)
    assert layout(page) == before

    page.unroute(AUTOSAVE)
    expect(save_status(page)).to_have_text(SAVED)
    assert layout(page) == before

    Session.objects.all().delete()
    text_box(page).fill("Two")
    expect(save_status(page)).to_have_text(LOGGED_OUT)
    assert layout(page) == before
    assert_accessible(page)
