from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import PageProblems, assert_accessible, new_context, sign_up, watch

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("bundled_guides")]

QUESTION = "What kind of mentoring experience do you have?"
SECTIONS = [
    (
        "Provide context",
        "As a team lead at a logistics firm I mentored two new analysts for six months.",
    ),
    (
        "Discuss your approach",
        "We met weekly, set one skill goal a month, and I reviewed their reports.",
    ),
    (
        "Highlight the outcome",
        "Both were promoted within a year, and I learnt to listen before advising.",
    ),
    (
        "Show willingness to learn",
        "My own mentor taught me to ask for feedback early, and I still do.",
    ),
]


def open_question_and_start(page: Page) -> None:
    page.get_by_role("link", name="Library").click()
    page.get_by_role("link", name=QUESTION).click()
    expect(page.get_by_role("heading", name=QUESTION)).to_be_visible()
    page.get_by_role("button", name="Start a draft").click()
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()


def write_all_steps(page: Page, *, reload_midway: bool) -> None:
    for number, (title, text) in enumerate(SECTIONS, 1):
        expect(
            page.get_by_role("heading", name=re.compile(f"Step {number} of 4"))
        ).to_be_visible()
        box = page.get_by_role("textbox", name=title, exact=True)
        box.fill(text)
        if reload_midway and number == 2:
            # Reloading while the save is on its way would (rightly) ask "leave page?":
            # wait for the step form's answer and the status it leaves.
            with page.expect_response(
                lambda r: r.request.method == "POST" and r.url.endswith("/steps/2/")
            ):
                page.get_by_role("button", name="Save", exact=True).click()
            expect(page.locator(".save-status")).to_have_text(re.compile("^Saved"))
            page.reload()
            expect(page.get_by_role("textbox", name=title, exact=True)).to_have_value(
                text
            )
        last = number == len(SECTIONS)
        page.get_by_role(
            "button", name="Save and review" if last else "Save and continue"
        ).click()


def check_review_download_and_list(page: Page, scripts: bool = True) -> None:
    expect(page.get_by_role("heading", name=re.compile("^Review:"))).to_be_visible()
    # The buttons that need JavaScript are there from the first paint with it (no
    # layout shift when the scripts start), and not at all without it.
    for name in ("Copy answer", "Print or save as PDF"):
        button = expect(page.get_by_role("button", name=name))
        if scripts:
            button.to_be_visible()
        else:
            button.to_be_hidden()
    body = page.locator("#answer-text").inner_text()
    positions = [body.index(text) for _, text in SECTIONS]
    assert positions == sorted(positions)
    words = sum(len(text.split()) for _, text in SECTIONS)
    expect(page.locator("#answer-figures")).to_contain_text(str(words))
    expect(page.locator("#answer-figures")).to_contain_text("s")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as Markdown (.md)").click()
    markdown = download_info.value.path().read_text(encoding="utf-8")
    assert markdown.startswith(f"# {QUESTION}\n")
    for title, text in SECTIONS:
        assert f"## {title}\n\n{text}\n" in markdown

    page.get_by_role("link", name="My drafts").click()
    expect(page.get_by_text("4 of 4 steps")).to_be_visible()


def delete_the_draft(page: Page) -> None:
    page.get_by_role("link", name=re.compile("^Delete")).click()
    expect(page.get_by_role("heading", name=re.compile("^Delete"))).to_be_visible()
    page.get_by_role("button", name="Delete for good").click()
    expect(page.get_by_text("No drafts yet")).to_be_visible()


def test_the_whole_drafting_journey(page: Page) -> None:
    sign_up(page)
    open_question_and_start(page)
    expect(page.get_by_text("(your text is saved as you type)")).to_be_visible()
    expect(page.get_by_text("(press Save to keep your text)")).to_be_hidden()
    assert_accessible(page)

    write_all_steps(page, reload_midway=True)
    check_review_download_and_list(page)
    assert_accessible(page)

    # Typing without pressing save: the autosave keeps it.
    page.get_by_role("link", name=re.compile("^Review")).first.click()
    page.get_by_role("link", name="Back to step 1").click()
    box = page.get_by_role("textbox", name="Provide context", exact=True)
    # Typed at once, maybe before the page's script is ready: the save still goes.
    with page.expect_response(
        lambda r: r.request.method == "POST" and r.url.endswith("/autosave/")
    ) as saved:
        box.fill("Typed and never saved by hand.")
    assert saved.value.status == 200
    expect(page.get_by_role("status").filter(has_text="Saved at")).to_be_visible()
    page.reload()
    expect(
        page.get_by_role("textbox", name="Provide context", exact=True)
    ).to_have_value("Typed and never saved by hand.")

    page.goto("/drafts/")
    assert_accessible(page)
    delete_the_draft(page)


def test_the_journey_without_javascript(
    browser: Browser, live_server, problems: PageProblems
) -> None:
    context = new_context(browser, live_server.url, java_script_enabled=False)
    page = context.new_page()
    watch(page, problems)
    try:
        sign_up(page, "nojs")
        open_question_and_start(page)
        # Without a script, nothing saves as you type: the page says how to keep it.
        expect(page.get_by_text("(press Save to keep your text)")).to_be_visible()
        expect(page.get_by_text("(your text is saved as you type)")).to_be_hidden()
        write_all_steps(page, reload_midway=True)
        check_review_download_and_list(page, scripts=False)
        delete_the_draft(page)
    finally:
        context.close()
    assert problems.errors == []


def test_a_save_that_is_too_long_keeps_the_text_and_does_not_advance(
    page: Page,
) -> None:
    sign_up(page)
    open_question_and_start(page)
    box = page.get_by_role("textbox", name="Provide context", exact=True)
    # The browser's maxlength stops typing past the limit; a paste from elsewhere can
    # still arrive longer, so remove the limit as a script or an old browser would.
    box.evaluate("el => el.removeAttribute('maxlength')")
    box.fill("word " * 1001)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("limited to 5000 characters")).to_be_visible()
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    assert len(box.input_value()) == 5005
