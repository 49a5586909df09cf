"""Forms of the liaison accounts and first-run pages; limits as the services (units.accounts)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from units.accounts import LIAISON_XLSX_MAX_BYTES
from units.first_run import MAX_OFFICE_ACCOUNTS
from units.models import Jurisdiction

MAX_ISSUER_CHARS = 60


class LiaisonUploadForm(forms.Form):
    file = forms.FileField(label=_("Liaison workbook (.xlsx)"),
                           widget=forms.ClearableFileInput(attrs={
                               "class": "form-control", "accept": ".xlsx",
                               "data-max-bytes": LIAISON_XLSX_MAX_BYTES}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > LIAISON_XLSX_MAX_BYTES:
            raise forms.ValidationError(_("The workbook is larger than %(limit)s MB.")
                                        % {"limit": LIAISON_XLSX_MAX_BYTES // (1024 * 1024)})
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        return upload


class IssuerForm(forms.Form):
    """The issuer line a person may paste to prefill the first-run form (GET)."""

    issuer = forms.CharField(label=_("Issuer line of a document"), max_length=MAX_ISSUER_CHARS, required=False,
                             widget=forms.TextInput(attrs={"class": "form-control",
                                                           "placeholder": "青川市人民政府办公室"}))


class FirstJurisdictionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100,
                           widget=forms.TextInput(attrs={"class": "form-control"}))
    level = forms.ChoiceField(label=_("Level"), choices=Jurisdiction.Level.choices,
                              widget=forms.Select(attrs={"class": "form-select"}))
    unit_prefix = forms.CharField(label=_("Unit name prefix"), max_length=5, required=False,
                                  help_text=_("What the documents put before department names: 市, 区, 县, "
                                              "or nothing."),
                                  widget=forms.TextInput(attrs={"class": "form-control"}))
    parent = forms.ModelChoiceField(label=_("Parent jurisdiction"), queryset=Jurisdiction.objects.none(),
                                    required=False, widget=forms.Select(attrs={"class": "form-select"}))
    office_accounts = forms.IntegerField(label=_("Office staff accounts"), min_value=1, max_value=MAX_OFFICE_ACCOUNTS,
                                         initial=1, widget=forms.NumberInput(attrs={"class": "form-control"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Jurisdiction.objects.all()
