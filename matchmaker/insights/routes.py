"""The insights dashboard and its CSV downloads: read the filters, build, render."""

from flask import Response, abort, render_template, request
from flask_login import current_user

from ..access import roles_required
from ..extensions import db
from ..models import Role
from . import bp, charts, services, tables
from .forms import DownloadForm, FilterForm

staff_required = roles_required(Role.COORDINATOR, Role.ADMIN)


bp.add_app_template_global(charts.chart_for, "insights_chart")
bp.add_app_template_global(tables.table_view, "insights_table")


def _form(form_class=FilterForm):
    """The filters in the URL; asking for a hub the user may not see is refused outright."""
    form = form_class(db.session.scalars(services.list_hubs()), formdata=request.args)
    try:
        services.hub_for(current_user, form.hub.data)
    except services.HubNotAllowed:
        abort(403)
    return form


@bp.route("/")
@staff_required
def dashboard():
    form = _form()
    if not form.validate():
        return render_template("insights/dashboard.html", form=form, filters=None)
    filters = services.filters_for(current_user, **form.choices())
    return render_template(
        "insights/dashboard.html",
        form=form,
        filters=filters,
        sections=tables.build_sections(filters),
        section_titles=tables.SECTIONS,
        presets=services.presets(filters.today),
        exact=services.exact_exports_allowed(current_user, filters),
    )


@bp.route("/<table_id>.csv")
@staff_required
def download(table_id: str):
    form = _form(DownloadForm)
    if not form.validate():
        abort(400)
    filters = services.filters_for(current_user, **form.choices())
    try:
        table = tables.build(table_id, filters)
    except tables.UnknownTable:
        abort(404)
    shareable = form.share.data or not services.exact_exports_allowed(current_user, filters)
    return Response(
        tables.write_csv(table, shareable=shareable),
        mimetype="text/csv",
        headers={
            "Content-Disposition": (
                f'attachment; filename="{services.export_name(table.id, filters, shareable)}"'
            )
        },
    )
