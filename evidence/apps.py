from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "evidence"

    def ready(self):
        from evidence import signals  # noqa: F401  (connects the handlers)
