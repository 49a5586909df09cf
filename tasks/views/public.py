"""Public progress pages (no login), their JSON twins, and the office's list of what is public.

A document's page is rendered once per change: the body fragment is cached under
(document, language, version) where the version comes from one cheap query
(:func:`tasks.selectors.public.document_header`); browsers revalidate with an ETag made of the
same version plus the viewer (the page frame shows who is logged in).
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.views.decorators.http import condition, require_safe

from tasks.access import access_for, require_office
from tasks.selectors.calendar import today
from tasks.selectors.public import (
    DONE,
    IN_PROGRESS,
    OVERDUE,
    PublicHeader,
    document_header,
    documents_for_publishing,
    public_attachment,
    public_document_data,
    published_documents,
)
from tasks.views.files import file_response

CACHE_SECONDS = 24 * 3600
JSON_MAX_AGE = 60


def _published_header(request, pk: int) -> PublicHeader | None:
    """The published document's header, loaded once per request (the ETag and the view share it)."""
    loaded = getattr(request, "_public_header", None)
    if loaded is None or loaded[0] != pk:
        loaded = (pk, document_header(pk=pk))
        request._public_header = loaded
    return loaded[1]


def _document_data(header: PublicHeader, day) -> dict:
    key = f"public:data:{header.id}:{header.version(today=day)}"
    data = cache.get(key)
    if data is None:
        data = public_document_data(header=header, today=day)
        cache.set(key, data, CACHE_SECONDS)
    return data


def _render_body(data: dict) -> str:
    """The page body; each task also gets the names of its completed and overdue units (page only)."""
    sections = []
    for section in data["sections"]:
        tasks = [
            {
                **task,
                "units_done": [unit["name"] for unit in task["units"] if unit["status"] == DONE],
                "units_overdue": [unit["name"] for unit in task["units"] if unit["status"] == OVERDUE],
            }
            for task in section["tasks"]
        ]
        sections.append({**section, "tasks": tasks})
    return render_to_string("tasks/public/_document_body.html", {**data, "sections": sections})


def _document_etag(request, pk: int) -> str | None:
    header = _published_header(request, pk)
    if header is None:
        return None
    viewer = request.user.pk if request.user.is_authenticated else "anon"
    raw = f"{header.version(today=today())}:{get_language()}:{viewer}"
    return hashlib.sha1(raw.encode()).hexdigest()[:24]


def _data_etag(request, pk: int) -> str | None:
    header = _published_header(request, pk)
    if header is None:
        return None
    raw = f"{header.version(today=today())}:{get_language()}:{request.get_host()}"  # links in it are absolute
    return hashlib.sha1(raw.encode()).hexdigest()[:24]


def _json(payload, *, max_age: int = JSON_MAX_AGE) -> JsonResponse:
    response = JsonResponse(payload, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False},
                            safe=False)
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=max_age)
    return response


@require_safe
def index(request):
    """Every jurisdiction's published documents with their overall completion."""
    return render(request, "tasks/public/index.html", {"groups": published_documents(today=today())})


@require_safe
@condition(etag_func=_document_etag)
def document(request, pk: int):
    """A published document's progress. Its staff may preview it before it is published."""
    header = _published_header(request, pk)
    preview = False
    if header is None:
        # Not published: only its office staff and supervisors may preview it; 404 to everyone else.
        header = document_header(pk=pk, published_only=False)
        if header is None or not access_for(request.user).can_read_jurisdiction(header.jurisdiction_id):
            raise Http404
        preview = True
    day = today()
    if preview:
        body = _render_body(public_document_data(header=header, today=day))
    else:
        key = f"public:html:{header.id}:{get_language()}:{header.version(today=day)}"
        body = cache.get(key)
        if body is None:
            body = _render_body(_document_data(header, day))
            cache.set(key, body, CACHE_SECONDS)
    # The body was rendered from escaped templates by us; the cache may hand it back as a plain str.
    context = {
        "header": header, "body": mark_safe(body), "preview": preview,  # noqa: S308
        "can_publish": access_for(request.user).can_write_jurisdiction(header.jurisdiction_id),
    }
    response = render(request, "tasks/public/document.html", context)
    # Revalidate every time: the ETag answers 304 cheaply while nothing changed.
    patch_cache_control(response, no_cache=True)
    return response


@require_safe
@condition(etag_func=_data_etag)
def document_data(request, pk: int):
    """The same public data as the page, for the government website to embed (CORS open)."""
    header = _published_header(request, pk)
    if header is None:
        raise Http404
    data = _document_data(header, today())
    return _json(_absolute_urls(request, data))


def _absolute_urls(request, data: dict) -> dict:
    """A copy of the page data with the links made absolute (the cached dict is left alone)."""
    document = {
        **data["document"],
        "url": request.build_absolute_uri(data["document"]["url"]),
        "data_url": request.build_absolute_uri(data["document"]["data_url"]),
    }
    sections = []
    for section in data["sections"]:
        tasks = [
            {**task, "attachments": [
                {**item, "url": request.build_absolute_uri(item["url"])} for item in task["attachments"]
            ]}
            for task in section["tasks"]
        ]
        sections.append({**section, "tasks": tasks})
    return {**data, "document": document, "sections": sections, "status_labels": _status_labels()}


def _status_labels() -> dict[str, str]:
    return {
        DONE: pgettext("public status", "Completed"),
        IN_PROGRESS: pgettext("public status", "In progress"),
        OVERDUE: pgettext("public status", "Overdue"),
    }


@require_safe
def feed(request):
    """The published documents as JSON, each with links to its page and its data."""
    documents = []
    for group in published_documents(today=today()):
        for item in group["documents"]:
            documents.append({
                **item,
                "url": request.build_absolute_uri(item["url"]),
                "data_url": request.build_absolute_uri(item["data_url"]),
            })
    return _json({"documents": documents, "status_labels": _status_labels()})


@require_safe
def attachment(request, pk: int):
    """A public attachment: marked public, on an accepted report, of a published document; else 404."""
    item = public_attachment(pk=pk)
    if item is None or not item.file:
        raise Http404
    return file_response(item.file, name=item.original_name)  # a download, octet-stream, nosniff


@login_required
def manage(request):
    """Office staff: which of their documents are public, with the portal's publish / withdraw buttons."""
    documents = documents_for_publishing(require_office(request.user))
    return render(request, "tasks/public/manage.html", {"documents": documents})


__all__ = ["attachment", "document", "document_data", "feed", "index", "manage"]
