"""The shape of the office's one-form actions: a bound form, one service call, what happened said."""

from django.contrib import messages

from tasks.services.errors import ServiceError
from tasks.views.portal_common import report_errors


def form_act(request, form, act) -> None:
    """Say the form's errors, or call ``act(cleaned_data)`` and say the messages it returns, as
    (level, text) pairs, or the service's refusal (a ServiceError). The caller redirects."""
    if not form.is_valid():
        report_errors(request, form)
        return
    try:
        said = act(form.cleaned_data)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        for level, text in said:
            messages.add_message(request, level, text)
