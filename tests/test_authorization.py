"""Who may open what: every URL of the project, for a visitor, the owner and another user;
and every draft URL of a visitor's draft, for that visitor, another visitor and a user.

The list of URLs comes from the resolver, so a new URL without an entry here fails
test_every_url_has_an_entry.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from interview.answers import draft_sections
from interview.frameworks import FRAMEWORK_STEPS
from interview.models import Draft, Guide, Revision
from interview.own_questions import create_own_question, question_data
from interview.sharing import add_comment, create_link

from .factories import make_draft, make_user, seed_guide

HTMX = {"HX-Request": "true"}
LOGIN = 302  # a visitor without drafts is sent to log in
STAR = FRAMEWORK_STEPS["STAR"]


@dataclass(frozen=True)
class Rule:
    method: str
    visitor: int
    owner: int
    other: int
    htmx: bool = False
    data: tuple[tuple[str, str], ...] = ()


PUBLIC = Rule("get", 200, 200, 200)
PRIVATE_TO_OWNER = Rule("get", LOGIN, 200, 404)
ANY_USER = Rule("get", LOGIN, 200, 200)
VISITORS_ONLY = Rule("get", 200, 302, 302)

MATRIX: dict[str, Rule] = {
    "library": PUBLIC,
    "healthz": PUBLIC,
    "frameworks": PUBLIC,
    "question": PUBLIC,
    "start": PUBLIC,
    "my_drafts": ANY_USER,
    "step": PRIVATE_TO_OWNER,
    "autosave": Rule(
        "post",
        401,
        200,
        404,
        htmx=True,
        data=(("text", "x"), ("version", "1"), ("section", "{section}")),
    ),
    "review": PRIVATE_TO_OWNER,
    "review_section": Rule("get", LOGIN, 200, 404, htmx=True),
    "download": PRIVATE_TO_OWNER,
    "rehearse": PRIVATE_TO_OWNER,
    "rehearsals": Rule(
        "post", LOGIN, 302, 404, data=(("minutes", "1"), ("seconds", "5"))
    ),
    "coach": Rule(
        "post",
        LOGIN,
        200,
        404,
        htmx=True,
        data=(("coach", "hide"), ("section", "{section}")),
    ),
    "rename": PRIVATE_TO_OWNER,
    "duplicate": Rule("post", LOGIN, 302, 404),
    "delete": PRIVATE_TO_OWNER,
    "draft_history": PRIVATE_TO_OWNER,
    "section_history": PRIVATE_TO_OWNER,
    "restore_revision": Rule("post", LOGIN, 302, 404),
    "signup": VISITORS_ONLY,
    "confirm_email": Rule("get", 400, 400, 400),  # an invalid link says so
    "login": VISITORS_ONLY,
    "logout": Rule("post", 302, 302, 302),
    "account": ANY_USER,
    "export_data": ANY_USER,
    "delete_account": ANY_USER,
    "password_change": ANY_USER,
    "password_change_done": ANY_USER,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,  # an invalid link says so
    "password_reset_complete": PUBLIC,
    "your_questions": ANY_USER,
    "new_question": PUBLIC,
    "upload_question": PUBLIC,
    "own_question": PRIVATE_TO_OWNER,
    "start_own": Rule("post", LOGIN, 302, 404),
    "edit_question": PRIVATE_TO_OWNER,
    "delete_question": PRIVATE_TO_OWNER,
    "download_question": PRIVATE_TO_OWNER,
    "share": PRIVATE_TO_OWNER,
    "revoke_share": PRIVATE_TO_OWNER,
    "resolve_comment": Rule("post", LOGIN, 302, 404),
    "delete_comment": PRIVATE_TO_OWNER,
    # With a token that opens nothing; the link holder's column is below.
    "shared": Rule("get", 404, 404, 404),
    "shared_comment": Rule(
        "post",
        404,
        404,
        404,
        data=(("section", "{section}"), ("name", "n"), ("body", "b")),
    ),
}


def project_patterns(
    patterns: list | None = None, prefix: str = ""
) -> list[tuple[str, URLPattern]]:
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # Django's admin guards itself: staff only (see test_the_admin_is_staff_only)
            found += project_patterns(entry.url_patterns, prefix + str(entry.pattern))
        else:
            found.append((entry.name or prefix + str(entry.pattern), entry))
    return found


def test_every_url_has_an_entry() -> None:
    names = {name for name, _ in project_patterns()}
    assert names - MATRIX.keys() == set(), "add the new URLs to MATRIX"
    assert MATRIX.keys() - names == set()


def url_for(name: str, draft: Draft, guide: Guide, token: str = "") -> str:
    from django.urls import reverse

    pattern = dict(project_patterns())[name]
    link = draft.share_links.first()
    comment = link.comments.first() if link else None
    section = draft.sections.get(step__order=1)
    # An earlier version of the draft's first section, to restore.
    revision = Revision.objects.create(section=section, text="An earlier version")
    kwargs = {
        "link_id": link.pk if link else 999_999,
        "comment_id": comment.pk if comment else 999_999,
        "section_id": section.pk,
        "revision_id": revision.pk,
        "draft_id": draft.pk,
        "number": 1,
        "slug": guide.slug,
        "extension": "md",
        "uidb64": "MQ",
        "token": token or "invalid-token",
        # The owner's own question, where the test made one; else one that is none.
        "question_id": Guide.objects.filter(owner__isnull=False)
        .values_list("pk", flat=True)
        .first()
        or 999_999,
    }
    return reverse(
        name,
        kwargs={k: v for k, v in kwargs.items() if k in pattern.pattern.converters},
    )


@pytest.fixture
def world(db: None) -> tuple[User, User, Draft, Guide]:
    guide = seed_guide()
    owner, other = make_user("owner"), make_user("other")
    draft = make_draft(owner, guide, ["The owner's secret story"])
    create_own_question(
        {"owner": owner},
        question_data("The owner's secret story question?", "", "STAR", STAR),
    )
    share(draft)
    return owner, other, draft, guide


def share(draft: Draft) -> str:
    """A live link to the draft, with a comment: the token."""
    made = create_link(draft, "Sam", 14)
    assert made is not None
    add_comment(made[0], draft_sections(draft)[0], "Sam", "A comment", "key")
    return made[1]


@pytest.mark.parametrize("who", ["visitor", "owner", "other"])
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_the_matrix(
    name: str, who: str, world: tuple[User, User, Draft, Guide]
) -> None:
    owner, other, draft, guide = world
    rule = MATRIX[name]
    client = Client()
    if who != "visitor":
        client.force_login(owner if who == "owner" else other)
    url = url_for(name, draft, guide)
    headers = HTMX if rule.htmx else {}
    section = draft.sections.get(step__order=1)
    data = {key: value.format(section=section.pk) for key, value in rule.data}
    response = getattr(client, rule.method)(url, data, headers=headers)
    assert response.status_code == getattr(rule, who), (
        f"{rule.method.upper()} {url} as {who}"
    )
    if who == "visitor" and getattr(rule, who) == LOGIN and name != "logout":
        assert response["Location"].startswith("/accounts/login/?next=")
    if who == "other":
        assert b"secret story" not in response.content


def test_the_admin_is_staff_only(world: tuple[User, User, Draft, Guide]) -> None:
    owner, *_ = world
    client = Client()
    assert client.get("/admin/").status_code == 302
    client.force_login(owner)
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin/interview/draft/").status_code == 302


DRAFT_URLS = sorted(
    name
    for name, pattern in project_patterns()
    if "draft_id" in pattern.pattern.converters
)


def visitor_with_a_draft(guide: Guide, text: str) -> tuple[Client, Draft]:
    client = Client()
    client.post(f"/questions/{guide.slug}/start/")
    draft = Draft.objects.get(visitor_key=client.session["visitor"])
    section = draft_sections(draft)[0]
    section.text, section.version = text, 1
    section.save()
    share(draft)
    return client, draft


@pytest.mark.parametrize("who", ["visitor-owner", "other visitor", "user"])
@pytest.mark.parametrize("name", DRAFT_URLS)
def test_a_visitors_draft_is_private_to_their_session(
    name: str, who: str, world: tuple[User, User, Draft, Guide]
) -> None:
    owner, _, _, guide = world
    visitor, draft = visitor_with_a_draft(guide, "The visitor's secret story")
    if who == "visitor-owner":
        client = visitor
    elif who == "other visitor":
        client, _ = visitor_with_a_draft(guide, "Another visitor's story")
    else:
        client = Client()
        client.force_login(owner)
    rule = MATRIX[name]
    url = url_for(name, draft, guide)
    headers = HTMX if rule.htmx else {}
    section = draft.sections.get(step__order=1)
    data = {key: value.format(section=section.pk) for key, value in rule.data}
    response = getattr(client, rule.method)(url, data, headers=headers)
    expected = rule.owner if who == "visitor-owner" else 404
    assert response.status_code == expected, f"{rule.method.upper()} {url} as {who}"
    if who != "visitor-owner":
        assert b"secret story" not in response.content


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_a_link_holder_reaches_the_shared_draft_and_nothing_else(
    name: str, world: tuple[User, User, Draft, Guide]
) -> None:
    """A client that holds a live link (and has opened it) is a visitor everywhere
    else: the owner's draft URLs send it to log in or answer 404."""
    _, _, draft, guide = world
    token = share(draft)
    holder = Client()
    assert holder.get(f"/shared/{token}/").status_code == 200
    rule = MATRIX[name]
    url = url_for(name, draft, guide, token)
    section = draft.sections.get(step__order=1)
    data = {key: value.format(section=section.pk) for key, value in rule.data}
    headers = HTMX if rule.htmx else {}
    response = getattr(holder, rule.method)(url, data, headers=headers)
    expected = {"shared": 200, "shared_comment": 302}.get(name, rule.visitor)
    assert response.status_code == expected, f"{rule.method.upper()} {url}"
    if name not in ("shared", "shared_comment"):
        assert b"secret story" not in response.content
