import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("evidence", "0006_explanations_by_disagreement")]

    operations = [
        migrations.RemoveField(model_name="disputeexplanation", name="dispute_key"),
        migrations.RemoveField(model_name="historicaldisputeexplanation", name="dispute_key"),
        migrations.AlterField(
            model_name="disputeexplanation",
            name="disagreement",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="explanation",
                to="evidence.disagreement",
            ),
        ),
        migrations.AlterModelOptions(
            name="disputeexplanation",
            options={"ordering": ["disagreement"]},
        ),
    ]
