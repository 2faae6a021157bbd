from django import forms
from django.contrib.auth.models import User
from django.core.mail.message import sanitize_address
from django.db.models import Q

from evidence.constants import Status
from review.constants import MAX_TEXT, CommentKind
from review.models import Comment

MARKDOWN_HELP = "Markdown: *emphasis*, **bold**, [links](https://…), lists, > quotes."


def _text(label, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CommentForm(forms.ModelForm):
    body = _text("Comment", help_text=MARKDOWN_HELP)
    suggested_correction = _text("Suggested correction (optional)", required=False)

    class Meta:
        model = Comment
        fields = ["kind", "body", "suggested_correction"]


class ReplyForm(forms.ModelForm):
    body = _text("Reply", help_text=MARKDOWN_HELP)

    class Meta:
        model = Comment
        fields = ["body"]


class ResolveForm(forms.Form):
    note = _text("Resolution note", help_text="What was done, or why nothing needs doing.")


class HideForm(forms.Form):
    reason = _text("Reason for hiding", help_text="Kept with the comment; curators see both.")


class InviteForm(forms.Form):
    name = forms.CharField(max_length=150)
    email = forms.EmailField(max_length=150)
    affiliation = forms.CharField(max_length=300, required=False)
    conflicts = _text("Declared conflicts of interest", required=False)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        try:
            # Django's validator lets through characters no mail can carry (U+202E in a domain).
            sanitize_address(email, "utf-8")
        except ValueError as error:
            raise forms.ValidationError("Enter an email address mail can be sent to.") from error
        accounts = User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
        # An invitation never accepted may be sent again (a fresh link); an account in use not.
        if any(account.has_usable_password() for account in accounts):
            raise forms.ValidationError("Someone with this email already has an account.")
        return email


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", "Any kind"), *CommentKind.choices], required=False)
    claim_status = forms.ChoiceField(
        label="Claim status", choices=[("", "Any"), *Status.choices], required=False
    )
