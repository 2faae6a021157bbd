from django import forms

from evidence.constants import Topic
from evidence.models import Route


class DisputeFilterForm(forms.Form):
    topic = forms.ChoiceField(choices=[("", "Any topic"), *Topic.choices], required=False)
    route = forms.ChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        routes = Route.objects.values_list("slug", "name")
        self.fields["route"].choices = [("", "Any route"), *routes]
