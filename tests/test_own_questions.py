"""Your own questions: added from a framework or from scratch, edited without losing
a draft's words, uploaded and downloaded as guide files, deleted with their drafts,
and private to their owner."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from interview.answers import arrange_sections
from interview.frameworks import FRAMEWORK_STEPS
from interview.guide_format import render_guide
from interview.guide_parser import parse_guide
from interview.guide_sync import guide_data
from interview.models import Draft, Guide, Section
from interview.my_data import delete_user
from interview.own_questions import (
    DEFAULT_GUIDANCE,
    VISITOR_QUESTION_LIMIT,
    create_own_question,
    question_data,
)
from interview.visitors import VISITOR_DAYS, purge_visitor_drafts

from .factories import guide_data as make_guide_data
from .factories import stored_rows

QUESTION = "Tell me about a time you rescued a late project?"


def add_question(client: Client, **fields: str) -> Guide:
    data = {"title": QUESTION, "introduction": "", "template": "", **fields}
    response = client.post("/questions/mine/new/", data)
    assert response.status_code == 302, response.content.decode()
    return Guide.objects.get(title=QUESTION)


def start_and_write(client: Client, guide: Guide, texts: list[str]) -> Draft:
    response = client.post(f"/questions/mine/{guide.pk}/start/")
    assert response.status_code == 302
    draft = Draft.objects.filter(guide=guide).latest("pk")
    for section, text in zip(
        arrange_sections(list(draft.sections.select_related("step"))),
        texts,
        strict=False,
    ):
        Section.objects.filter(pk=section.pk).update(text=text, version=1)
    return draft


def texts_of(draft: Draft) -> dict[str, str]:
    return {
        s.step.title: s.text for s in draft.sections.select_related("step") if s.text
    }


class TestAdding:
    def test_it_is_created_from_the_star_template(self, user_client: Client) -> None:
        guide = add_question(user_client, template="STAR")
        assert guide.owner is not None and guide.owner.username == "alice"
        assert guide.framework == "STAR"
        steps = list(guide.steps.filter(retired=False))
        assert [s.title for s in steps] == ["Situation", "Task", "Action", "Result"]
        assert (steps[0].words_min, steps[0].words_max) == (30, 60)
        assert "role" in steps[0].prompts
        page = user_client.get(guide.get_absolute_url())
        assert page.status_code == 200
        assert b"Start a draft" in page.content

    def test_it_is_created_from_scratch(self, user_client: Client) -> None:
        guide = add_question(
            user_client,
            step_1_title="The deadline",
            step_1_guidance="Why it was late.",
            step_3_title="What I changed",
        )
        steps = list(guide.steps.filter(retired=False))
        assert [(s.title, s.guidance) for s in steps] == [
            ("The deadline", "Why it was late."),
            ("What I changed", DEFAULT_GUIDANCE),
        ]
        assert guide.framework == ""

    def test_no_steps_and_no_framework_is_refused_next_to_the_field(
        self, user_client: Client
    ) -> None:
        response = user_client.post(
            "/questions/mine/new/", {"title": QUESTION, "template": ""}
        )
        assert response.status_code == 422
        assert b"Add at least one step, or choose a framework." in response.content
        assert QUESTION.encode() in response.content  # what was typed stays
        assert not Guide.objects.filter(title=QUESTION).exists()

    def test_a_visitor_adds_one_and_keeps_it_on_log_in(
        self, client: Client, user: User
    ) -> None:
        guide = add_question(client, template="CAR")
        assert guide.owner is None and guide.visitor_key
        assert client.get(guide.get_absolute_url()).status_code == 200
        client.post(
            "/accounts/login/",
            {"username": "alice", "password": "a long and unusual passphrase 42"},
        )
        guide.refresh_from_db()
        assert (guide.owner, guide.visitor_key) == (user, "")


class TestEditing:
    def test_an_existing_draft_keeps_its_text(self, user_client: Client) -> None:
        guide = add_question(user_client, template="STAR")
        draft = start_and_write(
            user_client,
            guide,
            ["My situation.", "My task.", "My action.", "My result."],
        )
        response = user_client.post(
            f"/questions/mine/{guide.pk}/edit/",
            {
                "title": QUESTION,
                "introduction": "Notes.",
                # Situation renamed, Task removed (it has text), a new step added.
                "step_1_title": "Setting",
                "step_2_title": "Action",
                "step_3_title": "Result",
                "step_4_title": "What I learned",
            },
        )
        assert response.status_code == 302
        current = [s.title for s in guide.steps.filter(retired=False)]
        assert current == ["Setting", "Action", "Result", "What I learned"]
        assert guide.steps.get(title="Task").retired
        assert texts_of(draft) == {
            "Setting": "My situation.",
            "Task": "My task.",
            "Action": "My action.",
            "Result": "My result.",
        }
        # The new step has a section; the retired one is still shown after the others.
        sections = arrange_sections(list(draft.sections.select_related("step")))
        assert [s.step.title for s in sections][-2:] == ["What I learned", "Task"]
        # The step kept its word range and prompts, which the form does not show.
        action = guide.steps.get(title="Action", retired=False)
        assert (action.words_min, action.words_max) == (60, 120)
        assert action.prompts

    def test_a_bad_edit_is_refused_and_changes_nothing(
        self, user_client: Client
    ) -> None:
        guide = add_question(user_client, template="STAR")
        before = stored_rows()
        response = user_client.post(
            f"/questions/mine/{guide.pk}/edit/",
            {"title": QUESTION, "step_1_title": "A", "step_2_title": "a"},
        )
        assert response.status_code == 422
        assert b"Another step has this title." in response.content
        assert stored_rows() == before


GOOD_FILE = render_guide(make_guide_data("Tell me about your biggest mistake?"))


class TestFiles:
    def test_a_broken_file_shows_its_line_and_creates_nothing(
        self, user_client: Client
    ) -> None:
        broken = GOOD_FILE.replace("1. **Step title 1:**", "- **Step title 1:**")
        before = Guide.objects.count()
        upload = SimpleUploadedFile("q.md", broken.encode())
        response = user_client.post("/questions/mine/upload/", {"file": upload})
        assert response.status_code == 422
        line = broken.splitlines().index("- **Step title 1:** Guidance for step 1.") + 1
        assert f"Line {line}:".encode() in response.content
        assert Guide.objects.count() == before

    def test_a_too_large_file_is_refused(self, user_client: Client) -> None:
        upload = SimpleUploadedFile("q.md", b"x\n" * 200_000)
        response = user_client.post("/questions/mine/upload/", {"file": upload})
        assert response.status_code == 422
        assert b"larger than 256 KB" in response.content

    def test_a_good_file_creates_a_private_question(self, user_client: Client) -> None:
        upload = SimpleUploadedFile("q.md", GOOD_FILE.encode())
        response = user_client.post("/questions/mine/upload/", {"file": upload})
        assert response.status_code == 302
        guide = Guide.objects.get(title="Tell me about your biggest mistake?")
        assert guide.owner is not None and guide.is_own
        assert guide.examples.count() == 2
        assert not guide.tags.exists()  # tags are the library's, shown on its page

    def test_the_downloaded_file_parses_back_to_the_same_guide(
        self, user_client: Client
    ) -> None:
        upload = SimpleUploadedFile("q.md", GOOD_FILE.encode())
        user_client.post("/questions/mine/upload/", {"file": upload})
        guide = Guide.objects.get(title="Tell me about your biggest mistake?")
        response = user_client.get(f"/questions/mine/{guide.pk}/download.md")
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"]
        assert parse_guide(response.content.decode()) == guide_data(guide)

    def test_a_question_made_on_the_site_downloads_as_a_valid_file(
        self, user_client: Client
    ) -> None:
        guide = add_question(user_client, template="SOAR")
        response = user_client.get(f"/questions/mine/{guide.pk}/download.md")
        parsed = parse_guide(response.content.decode())
        assert parsed.title == QUESTION
        assert parsed.steps == FRAMEWORK_STEPS["SOAR"]


class TestDeleting:
    def test_the_confirmation_says_how_many_drafts_go(
        self, user_client: Client
    ) -> None:
        guide = add_question(user_client, template="PAR")
        start_and_write(user_client, guide, ["One."])
        start_and_write(user_client, guide, ["Two."])
        page = user_client.get(f"/questions/mine/{guide.pk}/delete/")
        assert page.status_code == 200
        assert b"2 drafts" in page.content
        assert Guide.objects.filter(pk=guide.pk).exists()

    def test_it_is_deleted_with_its_drafts(self, user_client: Client) -> None:
        guide = add_question(user_client, template="PAR")
        draft = start_and_write(user_client, guide, ["One."])
        response = user_client.post(f"/questions/mine/{guide.pk}/delete/")
        assert response.status_code == 302
        assert not Guide.objects.filter(pk=guide.pk).exists()
        assert not Draft.objects.filter(pk=draft.pk).exists()
        assert not Section.objects.filter(draft_id=draft.pk).exists()


class TestPrivacy:
    def test_other_users_get_404(
        self, user_client: Client, other_user: User, client: Client
    ) -> None:
        guide = add_question(user_client, template="STAR")
        other = Client()
        other.force_login(other_user)
        for url in [
            guide.get_absolute_url(),
            f"/questions/{guide.slug}/",
            f"/questions/{guide.slug}/start/",
            f"/questions/mine/{guide.pk}/edit/",
            f"/questions/mine/{guide.pk}/download.md",
        ]:
            assert other.get(url).status_code == 404, url
        assert other.post(f"/questions/mine/{guide.pk}/start/").status_code == 404
        assert other.post(f"/questions/mine/{guide.pk}/delete/").status_code == 404
        assert QUESTION.encode() not in other.get("/questions/mine/").content
        assert Guide.objects.filter(pk=guide.pk).exists()

    def test_a_visitor_gets_404(self, user_client: Client) -> None:
        guide = add_question(user_client, template="STAR")
        visitor = Client()
        add_question_as_visitor = visitor.post(
            "/questions/mine/new/", {"title": "Mine?", "template": "CAR"}
        )
        assert add_question_as_visitor.status_code == 302  # the visitor has a token
        assert visitor.get(guide.get_absolute_url()).status_code == 404
        assert visitor.get(f"/questions/{guide.slug}/").status_code == 404
        assert visitor.post(f"/questions/mine/{guide.pk}/start/").status_code == 404

    def test_the_owner_is_taken_from_the_public_address_to_their_page(
        self, user_client: Client
    ) -> None:
        guide = add_question(user_client, template="STAR")
        response = user_client.get(f"/questions/{guide.slug}/")
        assert response.status_code == 302
        assert response["Location"] == guide.get_absolute_url()

    def test_it_is_not_in_the_library_or_its_search(
        self, user_client: Client, seed: Guide
    ) -> None:
        guide = add_question(user_client, template="STAR")
        for url in ["/", "/?q=rescued", "/?q=Situation"]:
            response = user_client.get(url)
            assert response.status_code == 200
            assert QUESTION.encode() not in response.content, url
        assert seed.title.encode() in user_client.get("/").content
        assert list(Guide.objects.published()) == [seed]
        assert guide not in Guide.objects.library()

    def test_no_import_can_reach_an_own_question(self, user: User) -> None:
        guide = create_own_question(
            {"owner": user},
            question_data("Mine", "", "STAR", FRAMEWORK_STEPS["STAR"]),
        )
        assert "--" in guide.slug  # slugify never writes "--"


def test_the_data_export_holds_own_questions_as_guide_files(
    user_client: Client,
) -> None:
    guide = add_question(user_client, template="STAR")
    response = user_client.get("/accounts/export/")
    assert response.status_code == 200
    archive = zipfile.ZipFile(
        io.BytesIO(
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
    )
    assert (
        parse_guide(archive.read(f"questions/{guide.pk}.md").decode()).title == QUESTION
    )


def test_the_admin_does_not_list_own_questions(
    user_client: Client, seed: Guide
) -> None:
    guide = add_question(user_client, template="STAR")
    admin = Client()
    admin.force_login(User.objects.create_superuser("root", password="x" * 20))
    listing = admin.get("/admin/interview/guide/")
    assert listing.status_code == 200
    assert seed.title.encode() in listing.content
    assert QUESTION.encode() not in listing.content
    assert admin.get(f"/admin/interview/guide/{guide.pk}/change/").status_code == 302


def test_a_visitor_can_keep_a_bounded_number_of_questions(
    client: Client, db: None
) -> None:
    for n in range(VISITOR_QUESTION_LIMIT):
        response = client.post(
            "/questions/mine/new/", {"title": f"Question {n}?", "template": "CAR"}
        )
        assert response.status_code == 302
    response = client.post(
        "/questions/mine/new/", {"title": "One too many?", "template": "CAR"}
    )
    assert response.status_code == 403
    assert b"delete one first" in response.content
    assert not Guide.objects.filter(title="One too many?").exists()


def test_deleting_the_account_deletes_its_questions_and_their_drafts(
    user_client: Client, user: User
) -> None:
    guide = add_question(user_client, template="STAR")
    start_and_write(user_client, guide, ["One."])
    delete_user(user)
    assert not Guide.objects.filter(pk=guide.pk).exists()
    assert not Draft.objects.filter(guide_id=guide.pk).exists()


def test_a_visitors_old_questions_are_purged_with_their_drafts(
    client: Client, db: None
) -> None:
    guide = add_question(client, template="STAR")
    start_and_write(client, guide, ["One."])
    purge_visitor_drafts(now=timezone.now() + timedelta(days=VISITOR_DAYS + 1))
    assert not Guide.objects.filter(pk=guide.pk).exists()
    assert not Draft.objects.filter(guide_id=guide.pk).exists()
