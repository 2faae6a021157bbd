"""Review comments: who may post, reply, edit, resolve and hide, and what the public sees."""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.urls import reverse
from django.utils import timezone

from review import comments
from review.constants import COMMENT_LIMIT
from review.models import Comment
from review.ratelimit import RateLimited

pytestmark = pytest.mark.django_db


def post_comment(client, target_type, pk, body="The quote stops mid-sentence.", **extra):
    url = reverse("review:target", args=[target_type, pk])
    return client.post(url, {"kind": "misquote", "body": body, **extra})


def test_a_reviewer_comments_on_a_claim_and_sees_it_on_the_claim_page(client_as, make, reviewer):
    claim = make.claim()
    client = client_as("reviewer")
    response = post_comment(client, "claim", claim.pk, suggested_correction="Quote it *whole*.")
    comment = Comment.objects.get()
    assert response.status_code == 302 and response["Location"] == comment.get_absolute_url()
    assert (comment.claim, comment.author, comment.kind) == (claim, reviewer, "misquote")
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "The quote stops mid-sentence." in html and "Quote it <em>whole</em>." in html


@pytest.mark.parametrize("target_type", ["claim", "question", "explanation", "source"])
def test_every_kind_of_record_can_be_commented_on(client_as, make, target_type):
    records = {
        "claim": make.claim,
        "question": make.question,
        "explanation": lambda: make.explanation(dispute_key="stance:x"),
        "source": make.source,
    }
    record = records[target_type]()
    assert post_comment(client_as("curator"), target_type, record.pk).status_code == 302
    assert Comment.objects.get().target == record


def test_a_comment_must_have_exactly_one_target(reviewer, make):
    with pytest.raises(IntegrityError):
        Comment.objects.create(
            author=reviewer, kind="other", body="x", claim=make.claim(), question=make.question()
        )


def test_a_reply_to_a_reply_is_refused(reviewer, curator, make):
    thread = comments.start_thread(reviewer, make.claim(), kind="other", body="First.")
    answer = comments.reply(curator, thread, body="Second.")
    assert answer.claim_id == thread.claim_id and answer.kind == thread.kind
    with pytest.raises(ValidationError, match="not to a reply"):
        comments.reply(reviewer, answer, body="Third.")
    with pytest.raises(ValidationError, match="cannot itself be replied to"):
        Comment(author=reviewer, kind="other", body="x", claim=thread.claim, parent=answer).clean()


def test_replying_to_a_reply_through_the_page_keeps_the_text(client_as, reviewer, curator, make):
    thread = comments.start_thread(curator, make.claim(), kind="other", body="First.")
    answer = comments.reply(curator, thread, body="Second.")
    response = client_as("reviewer").post(
        reverse("review:reply", args=[answer.pk]), {"body": "My kept words."}
    )
    assert response.status_code == 400
    assert "My kept words." in response.content.decode()


def test_the_author_may_edit_for_fifteen_minutes_only(client_as, reviewer, make):
    comment = comments.start_thread(reviewer, make.claim(), kind="other", body="Tpyo.")
    client = client_as("reviewer")
    url = reverse("review:edit", args=[comment.pk])
    assert client.post(url, {"kind": "other", "body": "Typo."}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Typo." and comment.edited_at is not None
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    assert client.post(url, {"kind": "other", "body": "Too late."}).status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Typo."


def test_nobody_else_may_edit_a_comment(client_as, reviewer, make):
    comment = comments.start_thread(reviewer, make.claim(), kind="other", body="Mine.")
    response = client_as("curator").post(
        reverse("review:edit", args=[comment.pk]), {"kind": "other", "body": "Theirs."}
    )
    assert response.status_code == 403


def test_a_curator_resolves_with_a_note_and_the_thread_closes(client_as, reviewer, curator, make):
    comment = comments.start_thread(reviewer, make.claim(), kind="other", body="Check this.")
    client = client_as("curator")
    url = reverse("review:resolve", args=[comment.pk])
    assert client.post(url, {"note": ""}).status_code == 400
    assert client.post(url, {"note": "Fixed the locator."}).status_code == 302
    comment.refresh_from_db()
    assert comment.state == "resolved" and comment.resolved_by == curator
    assert comment.resolution_note == "Fixed the locator."
    with pytest.raises(ValidationError, match="closed"):
        comments.reply(reviewer, comment, body="More.")


def test_a_hidden_comment_keeps_its_text_and_reason_for_curators_only(client_as, reviewer, make):
    claim = make.claim()
    comment = comments.start_thread(reviewer, claim, kind="other", body="Rude words.")
    response = client_as("curator").post(
        reverse("review:hide", args=[comment.pk]), {"reason": "Abusive."}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Rude words." and comment.hidden_reason == "Abusive."
    curator_page = client_as("curator").get(claim.get_absolute_url()).content.decode()
    assert "Rude words." in curator_page and "Abusive." in curator_page
    client_as("reviewer")
    reviewer_page = client_as("reviewer").get(claim.get_absolute_url()).content.decode()
    assert "Rude words." not in reviewer_page


def test_the_public_sees_only_the_count_and_the_badge(client, reviewer, curator, make):
    claim = make.claim()
    comments.start_thread(reviewer, claim, kind="wrong_stance", body="Secret reasoning.")
    closed = comments.start_thread(reviewer, claim, kind="other", body="Old point.")
    comments.resolve(curator, closed, "Private note.")
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Under review" in html and "1 open review comment." in html
    for private in ["Secret reasoning.", "Old point.", "Private note.", "reviewer"]:
        assert private not in html
    assert 'action="/review/' not in html


def test_a_reviewer_cannot_comment_on_an_unpublished_claim(client_as, make):
    draft = make.claim(status="draft")
    assert post_comment(client_as("reviewer"), "claim", draft.pk).status_code == 404
    assert not Comment.objects.exists()


def test_the_posting_limit_answers_429_and_keeps_the_text(client_as, reviewer, make):
    claim = make.claim()
    client = client_as("reviewer")
    for n in range(COMMENT_LIMIT):
        assert post_comment(client, "claim", claim.pk, body=f"Point {n}.").status_code == 302
    response = post_comment(client, "claim", claim.pk, body="One point too many.")
    assert response.status_code == 429
    html = response.content.decode()
    assert "One point too many." in html and "the most allowed" in html
    assert Comment.objects.count() == COMMENT_LIMIT


def test_comments_older_than_the_window_do_not_count_towards_the_limit(reviewer, make):
    claim = make.claim()
    for n in range(COMMENT_LIMIT):
        comments.start_thread(reviewer, claim, kind="other", body=f"Point {n}.")
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    assert comments.start_thread(reviewer, claim, kind="other", body="New point.").pk


def test_replies_count_towards_the_same_limit(reviewer, make):
    first = comments.start_thread(reviewer, make.claim(), kind="other", body="Point.")
    for n in range(COMMENT_LIMIT - 1):
        comments.reply(reviewer, first, body=f"More {n}.")
    with pytest.raises(RateLimited):
        comments.reply(reviewer, first, body="One too many.")
    assert Comment.objects.count() == COMMENT_LIMIT


@pytest.mark.django_db(transaction=True)
def test_thirty_parallel_comments_store_exactly_the_limit(reviewer, make):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: this race needs PostgreSQL")
    claim = make.claim()
    start = threading.Barrier(30)
    outcomes = Counter()

    def post(n):
        start.wait()
        try:
            comments.start_thread(reviewer, claim, kind="other", body=f"Point {n}.")
            outcomes["stored"] += 1
        except RateLimited:
            outcomes["refused"] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == {"stored": COMMENT_LIMIT, "refused": 30 - COMMENT_LIMIT}
    assert Comment.objects.filter(author=reviewer).count() == COMMENT_LIMIT


def test_an_invalid_comment_is_a_400_that_keeps_the_text(client_as, make):
    claim = make.claim()
    url = reverse("review:target", args=["claim", claim.pk])
    response = client_as("reviewer").post(url, {"kind": "astrology", "body": "Kept text."})
    assert response.status_code == 400
    assert "Kept text." in response.content.decode()


def test_markdown_is_rendered_and_raw_html_is_not(client_as, reviewer, make):
    claim = make.claim()
    body = "**Bold** [link](https://example.org) <b onclick=x>raw</b> [bad](javascript:alert(1))"
    comments.start_thread(reviewer, claim, kind="other", body=body)
    html = client_as("reviewer").get(claim.get_absolute_url()).content.decode()
    assert "<strong>Bold</strong>" in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">link</a>' in html
    assert "&lt;b onclick=x&gt;raw&lt;/b&gt;" in html
    assert 'href="javascript:' not in html
