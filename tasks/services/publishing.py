"""Publish or withdraw a document's public progress page."""

from django.db import transaction
from django.utils import timezone

from tasks.models import Document


@transaction.atomic
def document_publish(*, document: Document, user, published: bool) -> Document:
    """Set whether the public may read the document's progress; bumps its cache key."""
    now = timezone.now()
    document.is_published = published
    document.published_at = now if published else None
    document.content_changed_at = now
    document._history_user = user
    document.full_clean()
    document.save(update_fields=["is_published", "published_at", "content_changed_at", "updated_at"])
    return document


__all__ = ["document_publish"]
