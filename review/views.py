"""Peer-review pages. Each view fetches, checks the role, and hands over to
``review.comments`` or ``review.invitations`` where the rules live."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from evidence.access import visible_or_404
from evidence.constants import Status
from evidence.models import Claim, DisputeExplanation, Question, Source
from evidence.roles import curator_required, reviewer_required
from ketamine_ref.throttle import client_address, forget_failures
from review import comments, invitations
from review.constants import Limited
from review.forms import (
    CommentForm,
    HideForm,
    InviteForm,
    QueueFilterForm,
    ReplyForm,
    ResolveForm,
)
from review.models import TARGET_TYPES, Comment
from review.ratelimit import RateLimited, take

TARGET_MODELS = {
    "claim": Claim,
    "question": Question,
    "explanation": DisputeExplanation,
    "source": Source,
}
QUEUE_PAGE_SIZE = 50
GET_OR_POST = require_http_methods(["GET", "POST"])


def _target_or_404(user, target_type, pk):
    return visible_or_404(TARGET_MODELS[target_type].objects, user, pk=pk)


def _comment_or_404(user, pk):
    """A comment the user may see, on a record the user may see."""
    comment = get_object_or_404(
        Comment.objects.visible_to(user).select_related("parent", *TARGET_TYPES), pk=pk
    )
    _target_or_404(user, comment.target_type, comment.target_id)
    return comment


def _posted(request):
    """What a POST sent, even nothing: an empty form is bound, so it is refused with its
    errors shown rather than shown blank with a bare 400."""
    return request.POST if request.method == "POST" else None


def _form_page(request, form, save, template, context):
    """GET shows the form. A valid POST calls ``save(cleaned_data)`` and redirects to what
    it returns. Anything refused re-shows the form with the text as typed: 400 for invalid
    input, 429 when over the posting limit."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                return redirect(save(form.cleaned_data))
            except RateLimited as error:
                form.add_error(None, str(error))
                status = 429
            except ValidationError as error:
                form.add_error(None, error)
    return render(request, template, {**context, "form": form}, status=status)


def _next_or(request, default):
    wanted = request.POST.get("next") or request.GET.get("next")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, {request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


@GET_OR_POST
@reviewer_required
def target_comments(request, target_type, pk):
    target = _target_or_404(request.user, target_type, pk)
    form = CommentForm(_posted(request))

    def save(data):
        comment = comments.start_thread(request.user, target, **data)
        messages.success(request, "Your comment is posted.")
        return comment

    return _form_page(request, form, save, "review/target.html", {"target": target})


@GET_OR_POST
@reviewer_required
def reply(request, pk):
    parent = _comment_or_404(request.user, pk)
    form = ReplyForm(_posted(request))

    def save(data):
        answer = comments.reply(request.user, parent, **data)
        messages.success(request, "Your reply is posted.")
        return answer

    context = {"comment": parent, "title": "Reply", "submit": "Post reply"}
    return _form_page(request, form, save, "review/comment_form.html", context)


@GET_OR_POST
@reviewer_required
def edit(request, pk):
    comment = _comment_or_404(request.user, pk)
    comments.check_editable(request.user, comment)
    form_class = ReplyForm if comment.parent_id else CommentForm
    form = form_class(_posted(request), instance=comment)

    def save(data):
        comments.edit(request.user, comment, **data)
        messages.success(request, "Your changes are saved.")
        return comment

    context = {"comment": comment, "title": "Edit your comment", "submit": "Save"}
    return _form_page(request, form, save, "review/comment_form.html", context)


def _moderate(request, pk, form_class, act, title, done):
    comment = _comment_or_404(request.user, pk)
    form = form_class(_posted(request))

    back = _next_or(request, reverse("review:queue"))

    def save(data):
        act(request.user, comment, *data.values())
        messages.success(request, f"The comment is {done}.")
        return back

    context = {"comment": comment, "title": title, "submit": title, "next": back}
    return _form_page(request, form, save, "review/comment_form.html", context)


@GET_OR_POST
@curator_required
def resolve(request, pk):
    return _moderate(request, pk, ResolveForm, comments.resolve, "Resolve", "resolved")


@GET_OR_POST
@curator_required
def hide(request, pk):
    return _moderate(request, pk, HideForm, comments.hide, "Hide", "hidden")


@require_GET
@curator_required
def queue(request):
    form = QueueFilterForm(request.GET or None)
    found = (
        Comment.objects.open()
        .threads()
        .select_related("author", "claim__document", "question", "explanation", "source")
        .order_by("created_at", "pk")
    )
    status = 200
    if form.is_bound and not form.is_valid():
        found, status = found.none(), 400
    elif form.is_bound:
        if kind := form.cleaned_data["kind"]:
            found = found.filter(kind=kind)
        if claim_status := form.cleaned_data["claim_status"]:
            found = found.filter(claim__status=claim_status)
    # Oldest first, one page of each: the queue stays quick however much waits.
    waiting = {
        label: Paginator(
            records.filter(status=Status.REVIEW).order_by("updated_at", "pk"), QUEUE_PAGE_SIZE
        ).page(1)
        for label, records in [
            ("Claims", Claim.objects.select_related("document")),
            ("Questions", Question.objects.all()),
            ("Explanations", DisputeExplanation.objects.all()),
        ]
    }
    context = {
        "form": form,
        "page": Paginator(found, QUEUE_PAGE_SIZE).get_page(request.GET.get("page")),
        "waiting": waiting,
    }
    return render(request, "review/queue.html", context, status=status)


@GET_OR_POST
@curator_required
def invite(request):
    form = InviteForm(_posted(request))

    def save(data):
        user = invitations.invite(request.user, build_url=request.build_absolute_uri, **data)
        messages.success(request, f"Invitation sent to {user.email}.")
        return reverse("review:invite")

    return _form_page(request, form, save, "review/invite.html", {})


class AcceptInvitationView(auth_views.PasswordResetConfirmView):
    """The invitee's one-time link: choose a password, then sign in."""

    template_name = "review/accept.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        messages.success(self.request, "Your password is set. Sign in with your email address.")
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, limited per address and per email. Past the address's limit the
    form says so (a 429); past the email's, no mail goes out but the answer is the usual one,
    so nobody learns whether an account has that email."""

    def form_valid(self, form):
        try:
            take(Limited.RESET_FROM_ADDRESS, client_address(self.request))
        except RateLimited as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        try:
            take(Limited.RESET_FOR_EMAIL, form.cleaned_data["email"].lower())
        except RateLimited:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's "choose a new password"; a new password also lifts any wait to sign in."""

    def form_valid(self, form):
        response = super().form_valid(form)
        forget_failures(self.user.get_username())
        return response
