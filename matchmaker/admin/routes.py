from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ..access import roles_required
from ..extensions import db
from ..models import Hub, Role, User
from . import bp, services
from .forms import EditStaffUserForm, HubForm, NewStaffUserForm


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    return render_template("admin/users.html", users=db.session.scalars(services.list_users()))


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_user():
    hubs = db.session.scalars(services.list_hubs()).all()
    form = NewStaffUserForm(hubs)
    if form.validate_on_submit():
        hub = db.session.get(Hub, int(form.hub.data)) if form.hub.data else None
        try:
            user = services.create_user(
                form.email.data, form.role.data, name=form.name.data, hub=hub, actor=current_user
            )
        except services.DuplicateEmail:
            form.email.errors.append("An account with this email address already exists")
        else:
            db.session.commit()
            flash(
                f"Account created. We have emailed {user.email} a link to set a password.",
                "success",
            )
            return redirect(url_for("admin.users"))
    return render_template("admin/new_user.html", form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_user(user_id: int):
    user = db.get_or_404(User, user_id)
    hubs = db.session.scalars(services.list_hubs()).all()
    form = EditStaffUserForm(
        user, hubs, data={"hub": str(user.hub_id or ""), "active": "yes" if user.active else "no"}
    )
    if form.validate_on_submit():
        hub = db.session.get(Hub, int(form.hub.data)) if form.hub.data else None
        try:
            services.update_user(
                user, hub=hub, active=form.active.data == "yes", actor=current_user
            )
        except services.CannotDeactivateSelf:
            form.active.errors.append("You cannot deactivate your own account")
        else:
            db.session.commit()
            flash(f"Changes to {user.email} saved.", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/edit_user.html", form=form, user=user)


@bp.route("/hubs")
@roles_required(Role.ADMIN)
def hubs():
    return render_template("admin/hubs.html", hubs=db.session.scalars(services.list_hubs()))


@bp.route("/hubs/<int:hub_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_hub(hub_id: int):
    hub = db.get_or_404(Hub, hub_id)
    form = HubForm(obj=hub)
    if form.validate_on_submit():
        services.update_hub(
            hub, name=form.name.data, contact_email=form.contact_email.data, actor=current_user
        )
        db.session.commit()
        flash(f"{hub.name} saved.", "success")
        return redirect(url_for("admin.hubs"))
    return render_template("admin/edit_hub.html", form=form, hub=hub)
