"""Jurisdictions (issuing governments), their units, and who works for which unit."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.display import nested_unit_name


class JurisdictionManager(models.Manager):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class Jurisdiction(models.Model):
    """A government that issues work-point documents and owns units (薛城区, 冠县, …)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        COUNTY = "county", _("County")
        # 乡镇、街道: its units are 所, 站, 中心, 办公室, 村/社区.
        TOWN = "town", _("Town / township / sub-district")
        ZONE = "zone", _("Development zone")
        # A department issuing tasks to its own sections (科室).
        DEPARTMENT = "department", _("Department (to its own sections)")

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.DISTRICT)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # The prefix the documents put before department names: 区 (区财政局), 县 (县民政局).
    unit_prefix = models.CharField(_("unit name prefix"), max_length=5, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # The name the portal's header shows to this jurisdiction's users; blank: see ``display_title``.
    portal_title = models.CharField(
        _("portal title"), max_length=100, blank=True,
        help_text=_("Shown in the portal's header to this jurisdiction's users; leave blank for the default built "
                    "from its name."),
    )

    objects = JurisdictionManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("portal:jurisdiction_overview", args=[self.pk])

    def natural_key(self):
        return (self.name,)

    @property
    def display_title(self) -> str:
        """The header of this government's portal: ``portal_title``, else 薛城区人民政府政务公开工作台账
        (a department issuing to its own sections: 区财政局政务公开工作台账). The government's own
        name, the same in every interface language."""
        return jurisdiction_title(name=self.name, level=self.level, portal_title=self.portal_title)


def jurisdiction_title(*, name: str, level: str, portal_title: str = "") -> str:
    """``Jurisdiction.display_title`` from the fields (tasks.access reads them with the user's roles)."""
    if portal_title.strip():
        return portal_title.strip()
    government = "" if level == Jurisdiction.Level.DEPARTMENT else "人民政府"
    return f"{name}{government}政务公开工作台账"


class UnitManager(models.Manager):
    def get_by_natural_key(self, jurisdiction_name, name):
        return self.get(jurisdiction__name=jurisdiction_name, name=name)


class Unit(models.Model):
    """A bureau, town, sub-district, zone or company that can be responsible for tasks."""

    class Kind(models.TextChoices):
        TOWN = "town", _("Town / sub-district")
        DEPARTMENT = "department", _("Government department")
        BRANCH = "branch", _("Branch bureau")
        ZONE = "zone", _("Zone")
        COMPANY = "company", _("Company / institution")
        OFFICE = "office", _("Government office")
        VILLAGE = "village", _("Village / community")
        SECTION = "section", _("Section of a department")
        OTHER = "other", _("Other")

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("full name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("For a unit inside another, such as 区大数据局 inside 区政府办公室."),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = UnitManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["jurisdiction", "order", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="unit_unique_name_per_jurisdiction"),
        ]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("portal:unit_detail", args=[self.pk])

    def natural_key(self):
        return (self.jurisdiction.name, self.name)

    natural_key.dependencies = ["units.jurisdiction"]

    @property
    def display_name(self) -> str:
        """Name as the documents write nested units: 区政府办公室〈区大数据局〉."""
        parent = self.parent if self.parent_id else None
        return nested_unit_name(self.name, self.short_name, parent and parent.name, parent and parent.short_name)


class UnitAlias(models.Model):
    """Another name documents use for a unit: 区发改局 = 区发展和改革局."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit alias")
        verbose_name_plural = _("unit aliases")
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="unit_alias_unique")]

    def __str__(self):
        return self.name


class CollectiveReference(models.Model):
    """Words that stand for many units: 各镇街, 区政府各部门, or vague ones like 区政府有关部门."""

    class Rule(models.TextChoices):
        MEMBERS = "members", _("Listed member units")
        ALL_TOWNS = "all_towns", _("All towns and sub-districts")
        ALL_DEPARTMENTS = "all_departments", _("All government departments")
        ALL_UNITS = "all_units", _("All units")
        VAGUE = "vague", _("Vague: a person picks the units")

    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.CASCADE, related_name="collectives"
    )
    name = models.CharField(_("name"), max_length=100)
    aliases = models.JSONField(_("other spellings"), default=list, blank=True)
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices, default=Rule.MEMBERS)
    members = models.ManyToManyField(Unit, verbose_name=_("member units"), blank=True, related_name="collectives")
    is_vague = models.BooleanField(
        _("vague"), default=False, help_text=_("A person must choose the units each time it is used.")
    )

    class Meta:
        ordering = ["jurisdiction", "name"]
        verbose_name = _("collective reference")
        verbose_name_plural = _("collective references")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="collective_unique_name_per_jurisdiction"),
        ]

    def __str__(self):
        return self.name

    def resolve_units(self):
        """The units this reference stands for (empty for a vague one)."""
        units = Unit.objects.filter(jurisdiction=self.jurisdiction, active=True)
        if self.rule == self.Rule.VAGUE or self.is_vague:
            return units.none()
        if self.rule == self.Rule.ALL_TOWNS:
            return units.filter(kind=Unit.Kind.TOWN)
        if self.rule == self.Rule.ALL_DEPARTMENTS:
            return units.exclude(kind__in=[Unit.Kind.TOWN, Unit.Kind.COMPANY, Unit.Kind.VILLAGE])
        if self.rule == self.Rule.ALL_UNITS:
            return units
        return self.members.filter(active=True)


class JurisdictionRole(models.Model):
    """Office staff and supervisors work for a jurisdiction, not for one unit."""

    class Role(models.TextChoices):
        OFFICE = "office", _("Office staff")
        SUPERVISOR = "supervisor", _("Supervisor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="jurisdiction_roles"
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jurisdiction role")
        verbose_name_plural = _("jurisdiction roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "jurisdiction"], name="jurisdiction_role_unique"),
        ]

    def __str__(self):
        return f"{self.user} · {self.jurisdiction} · {self.get_role_display()}"

    @property
    def can_write(self) -> bool:
        return self.role == self.Role.OFFICE


class Membership(models.Model):
    """A user who works for a unit: its liaison (联络员) or its head."""

    class Role(models.TextChoices):
        LIAISON = "liaison", _("Liaison")
        HEAD = "head", _("Unit head")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LIAISON)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit membership")
        verbose_name_plural = _("unit memberships")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="membership_unique_user_unit")]
        indexes = [models.Index(fields=["unit", "role"])]

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"

    @property
    def can_write(self) -> bool:
        """Liaisons and unit heads both report for their unit."""
        return True


class AccountProfile(models.Model):
    """What OpenSched keeps about an account beyond Django's user: the first-login password change.

    One row per user, not a flag on Membership or JurisdictionRole: the one-time password belongs
    to the account, and an account may hold several memberships (two units) or none (office staff),
    so a flag there would be copied or missing. Accounts made by the onboarding services get
    ``must_change_password``; ``units.middleware.PasswordChangeRequiredMiddleware`` keeps such a
    user on the password change page until it is cleared.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="account_profile"
    )
    must_change_password = models.BooleanField(_("must change password"), default=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    password_issued_at = models.DateTimeField(_("one-time password issued"), null=True, blank=True)

    class Meta:
        verbose_name = _("account profile")
        verbose_name_plural = _("account profiles")

    def __str__(self):
        return str(self.user)


__all__ = [
    "AccountProfile", "Jurisdiction", "Unit", "UnitAlias", "CollectiveReference", "JurisdictionRole", "Membership",
]
