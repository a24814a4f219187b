"""Every word lands where it was typed, in a real browser: a reload in one tab
never shows a conflict or a false offer; text typed before the script is ready is
saved; progress follows every save; the review page's editor autosaves."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Locator, Page, Route, expect

from interview.models import Draft, Guide, Section
from interview.views import steps
from tests.factories import SEED_SLUG, make_draft

from .conftest import PageProblems, assert_accessible, log_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("bundled_guides")]

SAVED = re.compile(r"^Saved at \d\d:\d\d$")
RESTORE_OFFER = re.compile(r"^Restore unsaved text")


@pytest.fixture
def draft(bundled_guides: None, browser_user: User) -> Draft:
    return make_draft(browser_user, Guide.objects.get(slug=SEED_SLUG))


@pytest.fixture
def bella(page: Page, draft: Draft) -> Page:
    log_in(page, "bella")
    return page


def text_box(page: Page, name: str = "Provide context") -> Locator:
    return page.get_by_role("textbox", name=name, exact=True)


def status(page: Page) -> Locator:
    return page.locator(".save-status")


def saved_texts(draft: Draft) -> list[str]:
    return list(
        Section.objects.filter(draft=draft)
        .order_by("step__order")
        .values_list("text", flat=True)
    )


class HeldSave:
    """Holds the server's first save until released: the save a page sends as it
    unloads can then arrive after the reloaded page has read the old text."""

    def __init__(self) -> None:
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.real = steps.save_section

    def __call__(
        self, section: Section, text: str, base: int, **options: bool
    ) -> Section:
        if not self.arrived.is_set():
            self.arrived.set()
            assert self.release.wait(20), "the held save was never released"
        return self.real(section, text, base, **options)


@pytest.fixture
def held_save(monkeypatch: pytest.MonkeyPatch) -> Iterator[HeldSave]:
    held = HeldSave()
    monkeypatch.setattr(steps, "save_section", held)
    yield held
    held.release.set()


def leave_anyway(page: Page, problems: PageProblems) -> None:
    """Leaving with unsaved text asks first (beforeunload); the user says leave."""
    page.once("dialog", lambda dialog: dialog.accept())
    # The page fixture counts every dialog as injected script; this one is ours.
    page.once("dialog", lambda _: problems.errors.remove("dialog opened: "))


def test_a_reload_right_after_typing_shows_no_conflict_and_no_false_offer(
    bella: Page, draft: Draft, held_save: HeldSave, problems: PageProblems
) -> None:
    page = bella
    page.goto(f"/drafts/{draft.pk}/steps/1/")
    expect(text_box(page)).to_be_editable()
    text_box(page).fill("Typed, then reloaded at once.")
    # The page leaves with its last save; the server holds it back.
    leave_anyway(page, problems)
    page.reload(wait_until="domcontentloaded")
    assert held_save.arrived.wait(10), "the page sent no save as it unloaded"

    # The reloaded page read the old text: it puts this tab's text back and saves.
    expect(text_box(page)).to_have_value("Typed, then reloaded at once.")
    expect(page.get_by_text(RESTORE_OFFER)).to_have_count(0)
    # The held save (usually the unloading page's; whichever came first) goes on:
    # the two carry the same text, so the later one is accepted, not a conflict.
    held_save.release.set()
    expect(status(page)).to_have_text(SAVED)
    expect(page.locator("[data-conflict]")).to_have_count(0)

    text_box(page).press("End")
    with page.expect_response(
        lambda r: (
            r.url.endswith("/autosave/") and "more." in (r.request.post_data or "")
        )
    ) as answer:
        text_box(page).press_sequentially(" And more.")
    assert answer.value.status == 200
    assert saved_texts(draft)[0] == "Typed, then reloaded at once. And more."
    expect(page.locator("[data-conflict]")).to_have_count(0)
    expect(page.get_by_text(RESTORE_OFFER)).to_have_count(0)


def test_text_typed_before_the_script_is_ready_is_saved(
    bella: Page, draft: Draft
) -> None:
    page = bella
    held: list[Route] = []
    page.route("**/js/autosave*.js", lambda route: held.append(route), times=1)
    page.goto(f"/drafts/{draft.pk}/steps/1/", wait_until="commit")
    text_box(page).fill("Typed while the script was still loading.")
    page.wait_for_timeout(100)
    assert held, "the script was not held back"
    with page.expect_response(lambda r: r.url.endswith("/autosave/")) as answer:
        held[0].continue_()
    assert answer.value.status == 200
    expect(status(page)).to_have_text(SAVED)
    assert saved_texts(draft)[0] == "Typed while the script was still loading."


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["wide", "phone"])
def test_progress_and_the_step_list_follow_every_autosave(
    bella: Page, draft: Draft, viewport: tuple[int, int]
) -> None:
    page = bella
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.goto(f"/drafts/{draft.pk}/steps/2/")
    expect(page.get_by_text("0 of 4 steps written")).to_be_visible()
    text_box(page, "Discuss your approach").fill("We met every week.")
    expect(status(page)).to_have_text(SAVED)
    expect(page.get_by_text("1 of 4 steps written")).to_be_visible()
    expect(
        page.get_by_role("button", name="Discuss your approach (written)")
    ).to_be_visible()
    assert_accessible(page)


def test_the_review_editor_autosaves_and_updates_the_figures(
    bella: Page, draft: Draft, problems: PageProblems
) -> None:
    page = bella
    page.goto(f"/drafts/{draft.pk}/review/")
    expect(page.get_by_text("0 of 4 steps written")).to_be_visible()
    page.get_by_role("link", name="Edit Discuss your approach").click()
    box = text_box(page, "Discuss your approach")
    expect(box).to_be_focused()
    box.press_sequentially("I paired with them on every review.")
    expect(status(page)).to_have_text(SAVED)
    assert saved_texts(draft)[1] == "I paired with them on every review."
    figures = page.locator("#answer-figures")
    expect(figures).to_contain_text("1 of 4")
    expect(figures).to_contain_text("7")  # words
    expect(page.get_by_text("1 of 4 steps written")).to_be_visible()
    assert_accessible(page)

    # Unsaved text is not lost by leaving: the page asks first, and a copy is kept.
    page.route("**/autosave/", lambda route: route.abort())
    box.press_sequentially(" Every one.")
    expect(status(page)).to_have_text("Not saved - retrying")
    copies = page.evaluate(
        "() => Object.keys(sessionStorage).filter(k => k.startsWith('autosave:'))"
    )
    assert len(copies) == 1
    asked: list[str] = []
    page.once("dialog", lambda dialog: asked.append(dialog.type))
    leave_anyway(page, problems)
    page.get_by_role("link", name="My drafts").click()
    expect(page.get_by_role("heading", name="My drafts")).to_be_visible()
    assert asked == ["beforeunload"]
    # htmx reports the aborted saves with console.error: the point of this test.
    problems.errors[:] = [e for e in problems.errors if not e.startswith("htmx:")]


def test_save_and_close_in_the_review_editor_shows_the_part_again(
    bella: Page, draft: Draft
) -> None:
    page = bella
    page.goto(f"/drafts/{draft.pk}/review/")
    page.get_by_role("link", name="Edit Provide context").click()
    text_box(page).fill("I led a team of five.")
    page.get_by_role("button", name="Save and close").click()
    expect(page.locator(".part-text").first).to_have_text("I led a team of five.")
    expect(page.get_by_text("1 of 4 steps written")).to_be_visible()
    expect(page.locator("#answer-figures")).to_contain_text("1 of 4")
    assert saved_texts(draft)[0] == "I led a team of five."
