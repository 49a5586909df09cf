"""Chinese first: the interface language is the one the person chose, else the site default.

Django's LocaleMiddleware would follow the browser's Accept-Language header, so an office PC
with an English browser would get an English portal. Here only an explicit choice (the language
switch in the page header, stored in the language cookie) changes the language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        """The language comes from the cookie, so caches must keep one copy per cookie."""
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class PrivatePagesMiddleware:
    """Nothing shown to a logged-in person is kept by a browser or a proxy cache.

    Pages behind the login, exports and attachment downloads carry names, report texts and
    unpublished documents; ``Cache-Control: private, no-store`` keeps them out of shared caches and
    off the disk of a shared office PC once the person has logged out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        return response


class UploadSizeMiddleware:
    """Answer 413 to a request whose declared body is over the upload limit, before anything reads it.

    Django would otherwise stream a 120 MB upload to a temporary file before the form could say
    "larger than 20 MB". The limit is ``OPENSCHED_MAX_UPLOAD_MB`` plus ``UPLOAD_FORM_OVERHEAD``
    for the other fields and the multipart framing; a report's attachments share it. It sits after
    the session, language and authentication middleware (the page is in the person's language,
    with their menu): none of them reads the body, and CsrfViewMiddleware reads it only in
    process_view, which runs after every middleware's request phase. (A WSGI application may not
    set ``Connection``; the server discards or closes on the unread body.)
    """

    UPLOAD_FORM_OVERHEAD = 512 * 1024

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.OPENSCHED_MAX_UPLOAD_MB * 1024 * 1024 + self.UPLOAD_FORM_OVERHEAD
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django treats an unreadable length as an empty body
        if length > limit:
            return self.too_large(request, length)
        return self.get_response(request)

    def too_large(self, request, length: int):
        from django.shortcuts import render

        context = {"limit_mb": settings.OPENSCHED_MAX_UPLOAD_MB, "size_mb": round(length / (1024 * 1024), 1)}
        return render(request, "413.html", context, status=413)
