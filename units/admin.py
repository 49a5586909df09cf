from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from units.models import (
    AccountProfile,
    CollectiveReference,
    Jurisdiction,
    JurisdictionRole,
    Membership,
    Unit,
    UnitAlias,
)


@admin.register(Jurisdiction)
class JurisdictionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "level", "parent", "unit_prefix", "order"]
    list_filter = ["level"]
    search_fields = ["name", "short_name"]


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["name", "unit"]
    list_filter = ["unit__jurisdiction"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "jurisdiction", "kind", "parent", "active", "order"]
    list_filter = ["jurisdiction", "kind", "active"]
    list_editable = ["order", "active"]
    search_fields = ["name", "short_name", "aliases__name"]
    autocomplete_fields = ["parent"]
    inlines = [UnitAliasInline, MembershipInline]
    list_select_related = ["jurisdiction", "parent"]


@admin.register(CollectiveReference)
class CollectiveReferenceAdmin(admin.ModelAdmin):
    list_display = ["name", "jurisdiction", "rule", "is_vague", "member_count"]
    list_filter = ["jurisdiction", "rule", "is_vague"]
    search_fields = ["name"]
    autocomplete_fields = ["members"]

    @admin.display(description=_("members"))
    def member_count(self, obj):
        return obj.members.count()


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role", "unit__jurisdiction"]
    search_fields = ["user__username", "user__first_name", "unit__name", "unit__short_name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]


@admin.register(JurisdictionRole)
class JurisdictionRoleAdmin(SimpleHistoryAdmin):
    list_display = ["user", "jurisdiction", "role"]
    list_filter = ["role", "jurisdiction"]
    search_fields = ["user__username", "user__first_name"]
    autocomplete_fields = ["user"]


@admin.register(AccountProfile)
class AccountProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "must_change_password", "password_issued_at", "phone"]
    list_filter = ["must_change_password"]
    search_fields = ["user__username", "user__first_name", "phone"]
    raw_id_fields = ["user"]
