from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client

from interview.guide_parser import parse_guide
from interview.models import Guide

from .factories import make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(
        User.objects.create_superuser("editor", "editor@example.com", "x")
    )
    return client


def test_editors_see_guides_with_inline_steps_and_examples(
    admin_client: Client, seed: Guide
) -> None:
    html = admin_client.get(
        f"/admin/interview/guide/{seed.pk}/change/"
    ).content.decode()
    assert "Provide context" in html and "Example 1" in html
    listing = admin_client.get("/admin/interview/guide/?q=mentoring").content.decode()
    assert seed.title in listing


def test_the_export_action_gives_the_guide_file(
    admin_client: Client, seed: Guide
) -> None:
    response = admin_client.post(
        "/admin/interview/guide/",
        {"action": "export_guides", "_selected_action": [seed.pk]},
    )
    assert response["Content-Disposition"] == f'attachment; filename="{seed.slug}.md"'
    assert parse_guide(response.content.decode()).title == seed.title


def test_the_publish_toggle(admin_client: Client, seed: Guide) -> None:
    admin_client.post(
        "/admin/interview/guide/",
        {"action": "unpublish", "_selected_action": [seed.pk]},
    )
    seed.refresh_from_db()
    assert not seed.published


def test_drafts_in_the_admin_show_no_personal_text(
    admin_client: Client, seed: Guide
) -> None:
    draft = make_draft(
        User.objects.create_user("writer"), seed, ["very personal story"]
    )
    html = admin_client.get(
        f"/admin/interview/draft/{draft.pk}/change/"
    ).content.decode()
    assert draft.title in html
    assert "very personal story" not in html


# Editing a guide's steps in the admin: drafts hold text for steps, so the change
# form adds and retires steps but never deletes one.


class FormFields(HTMLParser):
    """What a browser would send for the page's form, without clicking anything:
    each field's name and values, leaving out the admin's empty templates."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, list[str]] = {}
        self.select: str | None = None
        self.textarea: str | None = None

    def add(self, name: str, value: str) -> None:
        if "__prefix__" not in name:
            self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {key: value or "" for key, value in attrs}
        name = attr.get("name", "")
        if tag == "input" and name and attr.get("type") != "submit":
            if attr.get("type") == "checkbox":
                if "checked" in attr:
                    self.add(name, attr.get("value", "on"))
            else:
                self.add(name, attr.get("value", ""))
        elif tag == "textarea":
            self.textarea = name
            self.add(name, "")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attr:
            self.add(self.select, attr.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self.textarea and "__prefix__" not in self.textarea:
            self.fields[self.textarea][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def change_url(guide: Guide) -> str:
    return f"/admin/interview/guide/{guide.pk}/change/"


def change_form(client: Client, guide: Guide) -> dict[str, list[str]]:
    """The guide's change form as the admin renders it, ready to post back."""
    page = FormFields()
    page.feed(client.get(change_url(guide)).content.decode())
    # The textareas' first line break belongs to the HTML, not to the text.
    return {
        name: [value.removeprefix("\n") for value in values]
        for name, values in page.fields.items()
    }


def owner_client(user: User) -> Client:
    """A second browser, for the draft's owner: admin_client is the editor's."""
    client = Client()
    client.force_login(user)
    return client


def step_form_index(form: dict[str, list[str]], title: str) -> int:
    return next(
        int(name.split("-")[1])
        for name, values in form.items()
        if name.startswith("steps-") and name.endswith("-title") and values == [title]
    )


def add_a_fifth_step(
    form: dict[str, list[str]], guide: Guide, title: str, guidance: str
) -> None:
    """Fill the empty step row the change form offers under a guide's four steps."""
    assert form["steps-TOTAL_FORMS"] == ["4"]
    form.update(
        {
            "steps-TOTAL_FORMS": ["5"],
            "steps-4-id": [""],
            "steps-4-guide": [str(guide.pk)],
            "steps-4-order": ["5"],
            "steps-4-title": [title],
            "steps-4-guidance": [guidance],
        }
    )


def test_posting_the_change_form_back_unchanged_changes_no_step(
    admin_client: Client, seed: Guide
) -> None:
    before = list(seed.steps.values_list("order", "title", "guidance", "retired"))
    response = admin_client.post(change_url(seed), change_form(admin_client, seed))
    assert response.status_code == 302
    assert list(seed.steps.values_list("order", "title", "guidance", "retired")) == (
        before
    )


def test_a_step_added_in_the_admin_opens_in_every_existing_draft(
    admin_client: Client, seed: Guide, user: User
) -> None:
    drafts = [
        make_draft(user, seed, ["My context."]),
        make_draft(User.objects.create_user("bob"), seed),
    ]
    form = change_form(admin_client, seed)
    add_a_fifth_step(
        form, seed, "Ask for questions", "Invite the interviewer's questions."
    )
    response = admin_client.post(change_url(seed), form)
    assert response.status_code == 302
    added = seed.steps.get(title="Ask for questions")
    for draft in drafts:
        assert draft.sections.get(step=added).text == ""
    response = owner_client(user).get(f"/drafts/{drafts[0].pk}/steps/5/")
    assert response.status_code == 200
    assert "Invite the interviewer&#x27;s questions." in response.content.decode()


def test_the_change_form_offers_no_way_to_delete_a_step(
    admin_client: Client, seed: Guide
) -> None:
    html = admin_client.get(change_url(seed)).content.decode()
    assert 'name="steps-0-title"' in html
    assert 'name="examples-0-DELETE"' in html
    assert "DELETE" not in "".join(re.findall(r'name="steps-[^"]*"', html))


def test_a_step_posted_for_deletion_stays_with_the_text_drafts_hold(
    admin_client: Client, seed: Guide, user: User
) -> None:
    draft = make_draft(user, seed, ["", "My approach."])
    form = change_form(admin_client, seed)
    index = step_form_index(form, "Discuss your approach")
    form[f"steps-{index}-DELETE"] = ["on"]
    response = admin_client.post(change_url(seed), form)
    assert response.status_code == 302
    step = seed.steps.get(title="Discuss your approach")
    assert not step.retired
    assert draft.sections.get(step=step).text == "My approach."


def test_a_step_retired_in_the_admin_keeps_the_text_users_wrote_for_it(
    admin_client: Client, seed: Guide, user: User
) -> None:
    draft = make_draft(user, seed, ["My context.", "My approach."])
    form = change_form(admin_client, seed)
    form[f"steps-{step_form_index(form, 'Discuss your approach')}-retired"] = ["on"]
    response = admin_client.post(change_url(seed), form)
    assert response.status_code == 302
    assert seed.steps.get(title="Discuss your approach").retired
    # The current steps come first; the retired one follows with its text.
    owner = owner_client(user)
    step = owner.get(f"/drafts/{draft.pk}/steps/4/")
    assert step.status_code == 200
    assert "My approach." in step.content.decode()
    review = owner.get(f"/drafts/{draft.pk}/review/")
    assert review.status_code == 200
    assert "My approach." in review.content.decode()
    new = make_draft(user, seed)
    assert "Discuss your approach" not in [
        section.step.title for section in new.sections.select_related("step")
    ]


def test_a_second_current_step_with_the_same_title_is_refused(
    admin_client: Client, seed: Guide
) -> None:
    form = change_form(admin_client, seed)
    add_a_fifth_step(form, seed, "provide  CONTEXT", "Again.")
    response = admin_client.post(change_url(seed), form)
    assert response.status_code == 200
    assert "Another current step has this title" in response.content.decode()
    assert seed.steps.count() == 4
