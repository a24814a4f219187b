"""Mentor review in a real browser: the owner shares a draft, a reviewer in another
browser comments without logging in, the owner resolves the comment, and a revoked
link is dead. The review page and the mentor view print to a PDF holding the answer
and none of the page's controls."""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from interview.models import Draft, Guide
from interview.sharing import add_comment, create_link
from tests.factories import SEED_SLUG, make_draft

from .conftest import PageProblems, assert_accessible, log_in, new_context, watch

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("bundled_guides")]
TEXTS = [
    "I mentored Priya, a new analyst, for six months.",
    "We met every week and set one goal at a time.",
    "She led her first client review by month four.",
    "I learned to ask before I advise.",
]
SHOTS = Path("/tmp/shots/mentor")


def shared_draft(user: User) -> Draft:
    return make_draft(user, Guide.objects.get(slug=SEED_SLUG), TEXTS, title="For Sam")


def test_a_reviewer_comments_the_owner_resolves_and_a_revoked_link_is_dead(
    page: Page,
    browser: Browser,
    live_server,
    browser_user: User,
    problems: PageProblems,
) -> None:
    draft = shared_draft(browser_user)
    log_in(page, "bella")
    page.goto(f"/drafts/{draft.pk}/review/")
    page.get_by_role("link", name="Share for review").click()
    page.get_by_label("Who is it for?").fill("Sam, my manager")
    page.get_by_label("Expires after").select_option("7")
    page.get_by_role("button", name="Make link").click()
    expect(page.get_by_role("heading", name=re.compile("copy it now"))).to_be_visible()
    link = page.get_by_label("Link for Sam, my manager").input_value()
    assert re.fullmatch(r"http://.+/shared/[A-Za-z0-9_-]{43}/", link)
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()

    reviewer_context = new_context(browser, live_server.url)
    try:
        reviewer = reviewer_context.new_page()
        watch(reviewer, problems)
        reviewer.goto(link)
        expect(reviewer.get_by_role("heading", level=1)).to_have_text(draft.guide.title)
        expect(reviewer.get_by_text(TEXTS[1])).to_be_visible()
        expect(reviewer.get_by_role("link", name="My drafts")).to_have_count(0)
        reviewer.get_by_text("Comment on “Discuss your approach”").click()
        section = reviewer.locator(".shared-part").nth(1)
        section.get_by_label("Your name").fill("Sam")
        section.get_by_label("Comment").fill("Say how you chose <the goals>.")
        section.get_by_role("button", name=re.compile("Send comment")).click()
        expect(reviewer.get_by_text("your comment was sent")).to_be_visible()

        page.goto(f"/drafts/{draft.pk}/review/")
        comments = page.get_by_role("region", name=re.compile("Comments on"))
        expect(comments).to_contain_text("Say how you chose <the goals>.")
        expect(comments).to_contain_text("1 open")
        comments.get_by_role("button", name=re.compile("Mark resolved")).click()
        expect(comments.locator(".comment")).to_contain_text("Resolved")
        expect(
            comments.get_by_role("button", name=re.compile("Mark resolved"))
        ).to_have_count(0)
        page.reload()
        expect(comments).not_to_contain_text("1 open")

        page.goto(f"/drafts/{draft.pk}/share/")
        expect(page.get_by_text("1 comment")).to_be_visible()
        page.get_by_role("link", name=re.compile("Revoke")).click()
        page.get_by_role("button", name="Revoke link").click()
        expect(page.get_by_text("Revoked the link")).to_be_visible()
        response = reviewer.goto(link)
        assert response is not None and response.status == 404
        expect(reviewer.get_by_text(TEXTS[1])).to_have_count(0)
    finally:
        reviewer_context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["wide", "phone"])
def test_every_mentor_review_page_is_accessible(
    page: Page, browser_user: User, viewport: tuple[int, int], scheme: str
) -> None:
    draft = shared_draft(browser_user)
    made = create_link(draft, "Sam, my manager", 14)
    assert made is not None
    link, token = made
    section = draft.sections.get(step__order=1)
    comment = add_comment(link, section, "Sam", "Lead with the result.", "k")
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    page.emulate_media(color_scheme=scheme)
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = f"{viewport[0]}x{viewport[1]}-{scheme}"

    page.goto(f"/shared/{token}/")
    expect(page.get_by_text(TEXTS[0])).to_be_visible()
    page.get_by_text("Comment on “Provide context”").click()
    expect(page.get_by_label("Your name").first).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=SHOTS / f"shared-{size}.png", full_page=True)

    log_in(page, "bella")
    page.goto(f"/drafts/{draft.pk}/share/")
    page.get_by_label("Who is it for?").fill("Jo")
    page.get_by_role("button", name="Make link").click()
    expect(page.get_by_role("heading", name=re.compile("copy it now"))).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=SHOTS / f"share-{size}.png", full_page=True)

    page.goto(f"/drafts/{draft.pk}/review/")
    expect(page.get_by_text("Lead with the result.")).to_be_visible()
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=SHOTS / f"review-{size}.png", full_page=True)

    for url, name in (
        (f"/drafts/{draft.pk}/share/{link.pk}/revoke/", "revoke"),
        (f"/drafts/{draft.pk}/comments/{comment.pk}/delete/", "delete-comment"),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
        page.screenshot(path=SHOTS / f"{name}-{size}.png", full_page=True)

    page.goto("/drafts/")
    expect(page.get_by_text("1 unresolved comment")).to_be_visible()
    assert_accessible(page)


def pdf_text(page: Page) -> str:
    page.emulate_media(media="print", color_scheme="dark")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = "\n".join(pdf_page.extract_text() for pdf_page in reader.pages)
    # NFKC: the PDF's fonts set "fi" as one ligature character.
    return " ".join(unicodedata.normalize("NFKC", text).split())


CONTROLS = (
    "Print or save as PDF",
    "Share for review",
    "Copy answer",
    "Log out",
    "Library",
    "Comment on",
    "Send comment",
    "Mark resolved",
    "Download as",
    "Compare with the examples",
    "Lead with the result",
    "Interview Answer Studio",
    # the review page's own tools: the rehearsal log and the coach
    "Rehearse aloud",
    "guidance, not a grade",
)


def test_the_review_page_and_the_mentor_view_print_the_answer_and_no_controls(
    page: Page, browser_user: User
) -> None:
    draft = shared_draft(browser_user)
    made = create_link(draft, "Sam", 14)
    assert made is not None
    link, token = made
    add_comment(
        link, draft.sections.get(step__order=1), "Sam", "Lead with the result.", "k"
    )
    steps = [s.title for s in draft.guide.steps.order_by("order")]

    log_in(page, "bella")
    for url in (f"/drafts/{draft.pk}/review/", f"/shared/{token}/"):
        page.emulate_media(media="screen")
        page.goto(url)
        expect(page.get_by_text(TEXTS[0]).first).to_be_visible()
        text = pdf_text(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = "review" if "review" in url else "shared"
        page.screenshot(path=SHOTS / f"print-{name}.png", full_page=True)
        assert draft.guide.title in text, url
        for section_text in TEXTS:
            assert section_text in text, url
        for title in steps:
            assert title.upper() in text.upper(), url
        for control in CONTROLS:
            assert control not in text, (url, control)

        page.emulate_media(media="screen")
        page.goto(url + "?headings=0")
        text = pdf_text(page)
        assert TEXTS[2] in text
        for title in steps:
            assert title.upper() not in text.upper(), url


def test_printing_is_black_on_white_in_a_dark_scheme(
    page: Page, browser_user: User
) -> None:
    draft = shared_draft(browser_user)
    log_in(page, "bella")
    page.goto(f"/drafts/{draft.pk}/review/")
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate(
        """() => [getComputedStyle(document.body).backgroundColor,
                  getComputedStyle(document.querySelector('.part-text')).color]"""
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
