"""The admin side of exports: CSV/XLSX actions for every changelist, and the export log.

`ExportActionsMixin` is a base of `HistoryAdmin`, so every area's admin offers the
actions; `ExportLogAdmin` is registered by apps/core/admin.py.
"""

import json

from django.contrib import admin
from django.contrib.admin import Action, ActionLocation
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .exports import datasets, export_for_model, export_response
from .models import ExportLog

EXPORT_ACTIONS = {
    "export_csv": ("csv", _("Export CSV")),
    "export_xlsx": ("xlsx", _("Export XLSX")),
}


def _export_action(file_format):
    def action(modeladmin, request, queryset):
        if not modeladmin.has_view_permission(request):
            raise PermissionDenied
        query = request.META.get("QUERY_STRING", "")
        if request.POST.get("select_across") != "1":
            # Only the ticked rows, not every row the filter matches: say so in the log.
            selected = ",".join(request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME))
            query = f"{query}&selected={selected}" if query else f"selected={selected}"
        return export_response(
            export_for_model(modeladmin.model),
            queryset,
            user=request.user,
            file_format=file_format,
            query=query,
        )

    return action


class ExportActionsMixin:
    """Adds "Export CSV" and "Export XLSX" for users who may view the model.

    Added in `get_actions` rather than `actions` so that an admin declaring its own
    actions keeps these too. With "select all" the export covers every row matching
    the changelist's filters and search, not only the page.
    """

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if (
            action_location != ActionLocation.CHANGE_LIST
            or self.actions is None
            or IS_POPUP_VAR in request.GET
            or not self.has_view_permission(request)
        ):
            return actions
        for name, (file_format, description) in EXPORT_ACTIONS.items():
            actions[name] = Action(
                func=_export_action(file_format),
                name=name,
                description=description,
                plural_description=description,
                locations=[ActionLocation.CHANGE_LIST],
            )
        return actions


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: the log is evidence."""

    list_display = [
        "created_at",
        "username",
        "dataset",
        "file_format",
        "row_count",
        "personal_data",
        "manifest_link",
    ]
    list_filter = ["dataset", "file_format", "personal_data"]
    search_fields = ["username", "dataset", "sha256"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "created_at",
        "data_as_of",
        "user",
        "username",
        "dataset",
        "file_format",
        "query",
        "personal_data",
        "row_count",
        "control_totals",
        "sha256",
        "manifest_link",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/manifest/",
                self.admin_site.admin_view(self.manifest_view),
                name="core_exportlog_manifest",
            ),
            path(
                "dataset/<slug:name>/<str:file_format>/",
                self.admin_site.admin_view(self.dataset_view),
                name="core_exportlog_dataset",
            ),
            *super().get_urls(),
        ]

    def dataset_view(self, request, name, file_format):
        """The staff download of a whole dataset, aggregated figures included."""
        export_class = datasets().get(name)
        if export_class is None or file_format not in ("csv", "xlsx"):
            raise Http404
        export = export_class()
        if not export.has_permission(request.user):
            raise PermissionDenied
        return export_response(
            export, None, user=request.user, file_format=file_format, query=f"dataset={name}"
        )

    def changelist_view(self, request, extra_context=None):
        offered = [
            (export_class.name, export_class.title)
            for export_class in datasets().values()
            if export_class().has_permission(request.user)
        ]
        return super().changelist_view(request, {"datasets": offered, **(extra_context or {})})

    def manifest_view(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        log = get_object_or_404(ExportLog, pk=pk)
        body = json.dumps(log.manifest(), ensure_ascii=False, indent=2) + "\n"
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{log.dataset}-{log.pk}-manifest.json"'
        )
        return response

    @admin.display(description=_("manifest"))
    def manifest_link(self, obj):
        if obj.pk is None:
            return "—"
        url = reverse("admin:core_exportlog_manifest", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download manifest (JSON)"))
