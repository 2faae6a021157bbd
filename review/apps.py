from django.apps import AppConfig


class ReviewConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "review"
    verbose_name = "Peer review"

    def ready(self):
        # Review adds to evidence's pages through its extension points: evidence never
        # imports review.
        from evidence import extensions
        from review.comments import with_open_thread_counts

        extensions.claim_annotations.append(with_open_thread_counts)
        extensions.record_panels.append("review/_comments.html")
        extensions.record_panels.append("review/_watch_button.html")
        # Comments show on public pages; rate limits and watches are never shown there.
        extensions.watched_apps.append(("review", {"review_ratelimitcounter", "review_watch"}))
