"""Which export buttons a page shows, decided by its view (``context["export_buttons"]``).

templates/tasks/portal/_export_buttons.html only draws what it is given: links (a file of one
object) or, for a list, a GET form to the list export whose hidden fields repeat the page's
filters, so that the export shows exactly what the page shows. On the two overviews the PDF
button is the overview itself (exports:overview, a few pages), not the ledger.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

# The list page's own parameters, not filters: they stay out of the export's form.
NOT_FILTERS = ("page", "sort", "format")


@dataclass(frozen=True)
class ExportButton:
    """A link (``href``) or, in a form, a submit button sending ``format``."""

    label: str
    href: str = ""
    format: str = ""
    icon: str = ""
    testid: str = ""
    divider_before: bool = False


@dataclass(frozen=True)
class ExportButtons:
    buttons: list[ExportButton]
    menu: list[ExportButton] = field(default_factory=list)
    form_action: str = ""  # set: the buttons sit in a GET form to this URL
    hidden: list[tuple[str, str]] = field(default_factory=list)


def _excel(**kwargs) -> ExportButton:
    return ExportButton(_("Export to Excel"), icon="bi-file-earmark-excel", **kwargs)


def _pdf(**kwargs) -> ExportButton:
    return ExportButton("PDF", icon="bi-file-earmark-pdf", **kwargs)


def _csv(**kwargs) -> ExportButton:
    return ExportButton(_("Ledger as CSV"), icon="bi-filetype-csv", **kwargs)


def _name(document) -> str:
    return Truncator(document.doc_number or document.title).chars(30)


def document_export_buttons(document) -> ExportButtons:
    """A document page: that document's ledger (Excel, PDF, CSV) and its 落实情况报告."""
    ledger = reverse("exports:document_ledger", args=[document.pk])
    return ExportButtons(
        buttons=[_excel(href=f"{ledger}?format=xlsx"), _pdf(href=f"{ledger}?format=pdf")],
        menu=[_csv(href=f"{ledger}?format=csv"),
              ExportButton(_("Progress report (PDF)"), href=reverse("exports:document_report", args=[document.pk]),
                           icon="bi-clipboard-data")],
    )


def list_export_buttons(query) -> ExportButtons:
    """A list page: the list ledger with the page's filters (``query``: its request.GET)."""
    hidden = [(key, value) for key, values in query.lists() if key not in NOT_FILTERS for value in values]
    return ExportButtons(
        buttons=[_excel(format="xlsx"), _pdf(format="pdf")], menu=[_csv(format="csv")],
        form_action=reverse("exports:list_ledger"), hidden=hidden,
    )


def overview_export_buttons() -> ExportButtons:
    """The overview of every jurisdiction the user oversees: their ledger, and the overview's PDF."""
    return ExportButtons(
        buttons=[_excel(format="xlsx"), _pdf(href=reverse("exports:overview"), testid="overview-pdf")],
        menu=[_csv(format="csv")], form_action=reverse("exports:list_ledger"),
    )


def jurisdiction_overview_export_buttons(jurisdiction, year: int | None, document=None) -> ExportButtons:
    """One jurisdiction's overview: its ledger for the year, the overview's PDF, and the selected
    document's ledger and report when there is one."""
    hidden = [("jurisdiction", str(jurisdiction.pk))] + ([("year", str(year))] if year else [])
    pdf = reverse("exports:overview") + f"?jurisdiction={jurisdiction.pk}" + (f"&year={year}" if year else "")
    menu = [_csv(format="csv")]
    if document is not None:
        name = _name(document)
        menu += [
            ExportButton(_("Ledger of %(name)s (Excel)") % {"name": name}, divider_before=True,
                         href=reverse("exports:document_ledger", args=[document.pk]) + "?format=xlsx"),
            ExportButton(_("Progress report of %(name)s (PDF)") % {"name": name},
                         href=reverse("exports:document_report", args=[document.pk])),
        ]
    return ExportButtons(buttons=[_excel(format="xlsx"), _pdf(href=pdf, testid="overview-pdf")], menu=menu,
                         form_action=reverse("exports:list_ledger"), hidden=hidden)
