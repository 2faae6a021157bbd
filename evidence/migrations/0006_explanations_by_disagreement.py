from django.db import migrations

from evidence.constants import QUANTITY_TOPIC


def attach_explanations(apps, schema_editor):
    """Point each explanation at its disagreement's identity, read from its old key
    ("stance:<question slug>" or "numeric:<quantity>:<unit>:<route slug>:<population>")."""
    Disagreement = apps.get_model("evidence", "Disagreement")
    Explanation = apps.get_model("evidence", "DisputeExplanation")
    Question = apps.get_model("evidence", "Question")
    Route = apps.get_model("evidence", "Route")
    for explanation in Explanation.objects.all():
        kind, _, rest = explanation.dispute_key.partition(":")
        if kind == "stance":
            question = Question.objects.get(slug=rest)
            identity, topic = {"question": question}, question.topic
        else:
            quantity, unit, route, population = rest.split(":")
            route = Route.objects.get(slug=route)
            identity = {
                "quantity": quantity,
                "unit": unit,
                "route": route,
                "population": population,
            }
            topic = QUANTITY_TOPIC[quantity]
        explanation.disagreement, _ = Disagreement.objects.get_or_create(
            kind=kind, **identity, defaults={"topic": topic}
        )
        explanation.save(update_fields=["disagreement"])


class Migration(migrations.Migration):
    dependencies = [("evidence", "0005_disagreements")]

    operations = [migrations.RunPython(attach_explanations, migrations.RunPython.noop)]
