from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EvidenceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evidence"

    def ready(self):
        from evidence import signals  # noqa: F401  (connects the handlers)
        from evidence.upgrades import after_migrate

        post_migrate.connect(after_migrate, sender=self)
