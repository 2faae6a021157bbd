"""The evidence brief of a question: a printable page to attach to a team discussion or a
patient's notes. Seen by whoever may see the question page."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from evidence import disagreements
from evidence.access import Renamed, visible_by_slug_or_404
from evidence.models import Claim, Question
from evidence.pages import brief, questions


def question_brief(request, slug):
    try:
        question = visible_by_slug_or_404(Question, request.user, slug)
    except Renamed as renamed:
        return redirect("evidence:question-brief", slug=renamed.record.slug, permanent=True)
    claims = Claim.objects.visible_to(request.user).filter(question=question)
    found = questions.sides(question, claims, page=1)
    columns = [column for block in found.blocks for column in block.columns]
    sides, references = brief.sides_and_references(columns)
    dispute, _ = disagreements.for_question(question)
    context = {
        "question": question,
        "sides": sides,
        "dispute": dispute,
        "references": references,
        "today": timezone.localdate(),
        "permalink": request.build_absolute_uri(question.get_absolute_url()),
        "brief_link": request.build_absolute_uri(reverse("evidence:question-brief", args=[slug])),
    }
    return render(request, "evidence/brief.html", context)
