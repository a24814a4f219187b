"""The rehearsal room: the target, cue cards, the log and its chart, and the pages."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from interview.answers import assemble_answer, draft_sections, speaking_note
from interview.coach import ANSWER_SECONDS
from interview.forms import RehearsalForm
from interview.models import Draft, Guide, Rehearsal
from interview.rehearsal import (
    KEEP,
    TARGET,
    Target,
    chart,
    clock,
    cue,
    cue_cards,
    log_rehearsal,
)
from interview.visitors import VISITOR_DAYS, purge_visitor_drafts

from .factories import PASSWORD, make_draft

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
STORY = [
    "I was the mentor of a new engineer for six months, meeting every week to "
    "cut her review time by 40% and ship 3 features.",
    "I paired with her on the first 2 tasks.",
]


def rehearse_url(draft: Draft, mode: str = "") -> str:
    return f"/drafts/{draft.pk}/rehearse/" + (f"?mode={mode}" if mode else "")


def log_url(draft: Draft) -> str:
    return f"/drafts/{draft.pk}/rehearsals/"


def rehearsals_of(draft: Draft, *seconds: int) -> list[Rehearsal]:
    for s in seconds:
        log_rehearsal(draft, s, None)
    return list(draft.rehearsals.all())


class TestTarget:
    def test_the_timer_aims_for_the_range_the_coach_and_the_review_use(self) -> None:
        assert Target(60, 150) == TARGET
        assert TARGET.text == "1:00–2:30"
        assert (TARGET.low, TARGET.high) == ANSWER_SECONDS
        assert speaking_note(TARGET.low) == speaking_note(TARGET.high) == ""
        assert speaking_note(TARGET.low - 1) and speaking_note(TARGET.high + 1)

    @pytest.mark.parametrize(
        ("seconds", "standing"),
        [(1, "under"), (59, "under"), (60, "within"), (150, "within"), (151, "over")],
    )
    def test_standing_against_the_target(self, seconds: int, standing: str) -> None:
        assert TARGET.standing(seconds) == standing

    @pytest.mark.parametrize(
        ("seconds", "text"), [(0, "0:00"), (5, "0:05"), (65, "1:05"), (3600, "60:00")]
    )
    def test_clock(self, seconds: int, text: str) -> None:
        assert clock(seconds) == text


class TestCueCards:
    def test_a_card_holds_the_first_words_and_the_figures_said_after_them(
        self,
    ) -> None:
        opening, figures = cue(STORY[0])
        assert opening == "I was the mentor of a new engineer…"
        assert figures == ("40%", "3")

    def test_a_short_step_is_its_own_cue_and_figures_are_not_repeated(self) -> None:
        assert cue("I paired on 2 tasks.") == ("I paired on 2 tasks.", ())
        words = "one two three four five six seven eight"
        assert cue(f"{words} 5 times, then 5 more, then (12).")[1] == ("5", "12")

    def test_an_empty_step_has_an_empty_cue(self) -> None:
        assert cue("") == ("", ())

    def test_cards_follow_the_steps_and_say_which_are_written(
        self, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, STORY)
        cards = cue_cards(assemble_answer(draft_sections(draft)))
        assert [c.title for c in cards] == [s.title for s in seed.steps.all()]
        assert [c.written for c in cards] == [True, True, False, False]


class TestChart:
    def test_bars_run_oldest_first_over_the_target_band(self, user: User) -> None:
        draft = make_draft(user)
        drawn = chart(rehearsals_of(draft, 30, 90, 200), TARGET)
        # The scale runs to a round time above the longest: 200 s * 1.1 = 220 s,
        # in 60 s steps to 240 s (0:00 to 4:00).
        assert [t.label for t in drawn.ticks] == [
            "0:00",
            "1:00",
            "2:00",
            "3:00",
            "4:00",
        ]
        plot = drawn.height - 8 - 8
        assert [b.height for b in drawn.bars] == [
            round(plot * s / 240, 1) for s in (30, 90, 200)
        ]
        assert [b.standing for b in drawn.bars] == ["under", "within", "over"]
        xs = [b.x for b in drawn.bars]
        assert xs == sorted(xs) and xs[0] >= drawn.left and xs[-1] < drawn.right
        assert drawn.band_y == round(8 + plot * (1 - 150 / 240), 1)
        assert drawn.band_height == round(plot * 90 / 240, 1)
        assert drawn.description == (
            "3 rehearsals, oldest first, from 0:30 to 3:20; 1 within the target "
            "of 1:00–2:30."
        )

    def test_an_empty_log_still_draws_the_band(self) -> None:
        drawn = chart([], TARGET)
        assert drawn.bars == () and drawn.band_height > 0
        assert drawn.description == "No rehearsals yet; the target is 1:00–2:30."

    def test_an_hour_long_rehearsal_fits(self, user: User) -> None:
        drawn = chart(rehearsals_of(make_draft(user), 3600), TARGET)
        assert drawn.bars[0].y >= 8
        assert len(drawn.ticks) <= 7


class TestLog:
    def test_the_log_keeps_the_last_rehearsals_only(self, user: User) -> None:
        draft, other = make_draft(user), make_draft(user)
        log_rehearsal(other, 10, None)
        for seconds in range(1, KEEP + 3):
            log_rehearsal(draft, seconds, None)
        kept = list(draft.rehearsals.values_list("seconds", flat=True))
        assert kept == list(range(KEEP + 2, 2, -1))
        assert other.rehearsals.count() == 1

    @pytest.mark.parametrize(
        ("seconds", "rating"), [(0, None), (3601, None), (60, 0), (60, 6)]
    )
    def test_the_database_refuses_impossible_rows(
        self, user: User, seconds: int, rating: int | None
    ) -> None:
        draft = make_draft(user)
        with pytest.raises(IntegrityError), transaction.atomic():
            Rehearsal.objects.create(draft=draft, seconds=seconds, rating=rating)


class TestRehearsalForm:
    @pytest.mark.parametrize(
        ("data", "duration", "rating"),
        [
            ({"minutes": "0", "seconds": "1"}, 1, None),
            ({"minutes": "1", "seconds": "30", "rating": "5"}, 90, 5),
            ({"minutes": "", "seconds": "45", "rating": ""}, 45, None),
            ({"minutes": "60", "seconds": "0", "rating": "1"}, 3600, 1),
        ],
    )
    def test_it_accepts(self, data: dict, duration: int, rating: int | None) -> None:
        form = RehearsalForm(data)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["duration"] == duration
        assert form.cleaned_data["rating"] == rating

    @pytest.mark.parametrize(
        "data",
        [
            {"minutes": "0", "seconds": "0"},
            {},
            {"minutes": "60", "seconds": "1"},
            {"minutes": "61", "seconds": "0"},
            {"minutes": "1", "seconds": "60"},
            {"minutes": "-1", "seconds": "30"},
            {"minutes": "one", "seconds": "30"},
            {"minutes": "1", "seconds": "0", "rating": "6"},
            {"minutes": "1", "seconds": "0", "rating": "0"},
            {"minutes": "1", "seconds": "0", "mode": "karaoke"},
        ],
    )
    def test_it_refuses(self, data: dict) -> None:
        assert not RehearsalForm(data).is_valid()


class TestRehearsePage:
    def test_full_text_shows_every_step_and_its_text(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, STORY)
        response = user_client.get(rehearse_url(draft))
        assert response.status_code == 200
        html = response.content.decode()
        assert "cut her review time by 40%" in html
        assert html.count("Not written yet.") == 2
        assert 'href="?mode=full" aria-current="page"' in html

    def test_cue_cards_show_the_first_words_and_figures_only(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, STORY)
        html = user_client.get(rehearse_url(draft, "cues")).content.decode()
        assert "I was the mentor of a new engineer…" in html
        assert "40% · 3" in html
        assert "cut her review time" not in html
        assert 'href="?mode=cues" aria-current="page"' in html

    def test_blank_shows_the_step_titles_only(
        self, user_client: Client, user: User, seed: Guide
    ) -> None:
        draft = make_draft(user, seed, STORY)
        html = user_client.get(rehearse_url(draft, "blank")).content.decode()
        assert "Discuss your approach" in html
        assert "mentor of a new engineer" not in html

    def test_without_javascript_the_page_says_what_needs_it(
        self, user_client: Client, user: User
    ) -> None:
        html = user_client.get(rehearse_url(make_draft(user))).content.decode()
        assert "The timer and the recording need JavaScript." in html
        assert "it is never uploaded" in html
        assert '<label for="id_minutes">Minutes</label>' in html
        assert '<label for="id_seconds">Seconds</label>' in html

    def test_an_unknown_mode_is_a_422_showing_the_full_text(
        self, user_client: Client, user: User
    ) -> None:
        draft = make_draft(user, texts=["Still here"])
        response = user_client.get(rehearse_url(draft, "karaoke"))
        assert response.status_code == 422
        assert "There is no such mode" in response.content.decode()
        assert "Still here" in response.content.decode()

    def test_step_titles_and_text_are_escaped(
        self, user_client: Client, user: User
    ) -> None:
        draft = make_draft(
            user, texts=["<script>alert(1)</script> 5 <b>bold</b> 1 2 3 4 5 6 7 8 9"]
        )
        draft.guide.steps.filter(order=1).update(title="<img src=x onerror=alert(2)>")
        for mode in ("full", "cues", "blank"):
            html = user_client.get(rehearse_url(draft, mode)).content.decode()
            assert "<script>alert" not in html and "<img src=x" not in html
            assert "&lt;img src=x onerror=alert(2)&gt;" in html

    def test_other_users_and_visitors_get_404_or_log_in(
        self, client: Client, other_user: User, user: User
    ) -> None:
        draft = make_draft(user, texts=["secret story"])
        assert client.get(rehearse_url(draft)).status_code == 302
        client.force_login(other_user)
        for response in (
            client.get(rehearse_url(draft)),
            client.post(log_url(draft), {"minutes": "1", "seconds": "0"}),
            client.post(log_url(draft), {"minutes": "1"}, headers=HTMX),
        ):
            assert response.status_code == 404
            assert b"secret story" not in response.content
        assert not Rehearsal.objects.exists()

    def test_queries_stay_few(
        self,
        user_client: Client,
        user: User,
        seed: Guide,
        django_assert_max_num_queries,
    ) -> None:
        draft = make_draft(user, seed, STORY)
        rehearsals_of(draft, 50, 70, 80)
        response = user_client.get(rehearse_url(draft))
        assert (
            response.status_code == 200
            and "1\u00a0min\u00a020\u00a0s" in response.content.decode()
        )
        # session, user, the sections with the draft and guide, the rehearsals
        with django_assert_max_num_queries(4):
            user_client.get(rehearse_url(draft))


class TestLogging:
    def test_without_javascript_it_logs_and_returns_to_the_room_in_its_mode(
        self, user_client: Client, user: User
    ) -> None:
        draft = make_draft(user)
        data = {"minutes": "1", "seconds": "25", "rating": "4", "mode": "cues"}
        response = user_client.post(log_url(draft), data)
        assert response.status_code == 302
        assert response["Location"] == f"{rehearse_url(draft, 'cues')}#log"
        row = draft.rehearsals.get()
        assert (row.seconds, row.rating) == (85, 4)
        html = user_client.get(response["Location"]).content.decode()
        assert "Logged a rehearsal of 1\u00a0min\u00a025\u00a0s, rated 4 of 5." in html
        assert "<td>4 of 5</td>" in html and "<td>within</td>" in html

    def test_with_htmx_the_form_comes_back_empty_and_the_log_out_of_band(
        self, user_client: Client, user: User
    ) -> None:
        draft = make_draft(user)
        response = user_client.post(
            log_url(draft), {"minutes": "3", "seconds": "0"}, headers=HTMX
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert html.lstrip().startswith('<form id="rehearsal-form"')
        assert 'id="log" class="rehearsal-log" aria-labelledby="log-heading" ' in html
        assert 'hx-swap-oob="true"' in html
        assert "<td>over</td>" in html and "none</span></td>" in html
        assert 'name="minutes" value="0"' in html  # ready for the next one
        assert "Logged a rehearsal of 3\u00a0min." in html
        assert draft.rehearsals.get().rating is None

    @pytest.mark.parametrize("headers", [{}, HTMX], ids=["no-js", "htmx"])
    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"minutes": "0", "seconds": "0"}, "from 1 second to 60 minutes"),
            ({"minutes": "75", "seconds": "0"}, "less than or equal to 60"),
            ({"minutes": "2", "seconds": "0", "rating": "9"}, "Select a valid choice"),
        ],
    )
    def test_bad_input_is_a_422_with_a_message_and_keeps_what_was_typed(
        self, user_client: Client, user: User, headers: dict, data: dict, message: str
    ) -> None:
        draft = make_draft(user)
        response = user_client.post(log_url(draft), data, headers=headers)
        assert response.status_code == 422
        html = response.content.decode()
        assert message in html
        assert f'name="minutes" value="{data["minutes"]}"' in html
        assert ("<html" in html) == (not headers)
        assert not Rehearsal.objects.exists()

    def test_a_visitors_draft_can_be_rehearsed_and_logged(
        self, client: Client, seed: Guide
    ) -> None:
        client.post(f"/questions/{seed.slug}/start/")
        draft = Draft.objects.get()
        assert client.get(rehearse_url(draft)).status_code == 200
        response = client.post(log_url(draft), {"minutes": "1", "seconds": "5"})
        assert response.status_code == 302 and draft.rehearsals.count() == 1


class TestReviewPage:
    def test_it_links_to_the_room_and_shows_the_log_with_its_chart(
        self, user_client: Client, user: User
    ) -> None:
        draft = make_draft(user)
        html = user_client.get(f"/drafts/{draft.pk}/review/").content.decode()
        assert f'href="{rehearse_url(draft)}">Rehearse</a>' in html
        assert "No rehearsals logged yet. The target is 1:00–2:30." in html
        log_rehearsal(draft, 100, 3)
        html = user_client.get(f"/drafts/{draft.pk}/review/").content.decode()
        assert '<svg class="rehearsal-chart"' in html
        assert 'role="img" aria-labelledby="chart-title chart-desc"' in html
        assert "1 rehearsal, oldest first, from 1:40 to 1:40; 1 within" in html
        assert "<td>1\u00a0min\u00a040\u00a0s</td>" in html
        assert "<td>3 of 5</td>" in html
        assert f"keeps the last {KEEP} rehearsals" in html


class TestMyData:
    def test_the_export_holds_my_rehearsals(
        self, user_client: Client, user: User, other_user: User
    ) -> None:
        log_rehearsal(make_draft(user), 75, 2)
        log_rehearsal(make_draft(other_user), 99, 5)
        response = user_client.get("/accounts/export/")
        data = json.loads(
            zipfile.ZipFile(io.BytesIO(response.content)).read("data.json")
        )
        [exported] = data["drafts"]
        assert [(r["seconds"], r["rating"]) for r in exported["rehearsals"]] == [
            (75, 2)
        ]

    def test_deleting_a_draft_deletes_its_rehearsals(
        self, user_client: Client, user: User
    ) -> None:
        draft, kept = make_draft(user), make_draft(user)
        log_rehearsal(draft, 75, 2)
        log_rehearsal(kept, 80, None)
        response = user_client.post(f"/drafts/{draft.pk}/delete/")
        assert response.status_code == 302
        assert list(Rehearsal.objects.values_list("seconds", flat=True)) == [80]

    def test_purging_a_visitors_old_drafts_deletes_their_rehearsals(
        self, client: Client, seed: Guide
    ) -> None:
        client.post(f"/questions/{seed.slug}/start/")
        log_rehearsal(Draft.objects.get(), 60, None)
        purge_visitor_drafts(now=timezone.now() + timedelta(days=VISITOR_DAYS + 1))
        assert not Rehearsal.objects.exists()

    def test_deleting_the_account_deletes_its_rehearsals(
        self, user_client: Client, user: User, other_user: User
    ) -> None:
        log_rehearsal(make_draft(user), 75, 2)
        log_rehearsal(make_draft(other_user), 99, 5)
        response = user_client.post("/accounts/delete/", {"password": PASSWORD})
        assert response.status_code == 302
        assert list(Rehearsal.objects.values_list("seconds", flat=True)) == [99]


def test_the_csp_lets_the_page_play_its_own_recording_and_nothing_else(
    client: Client,
) -> None:
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["media-src"] == "'self' blob:"
    assert directives["connect-src"] == "'self'"
