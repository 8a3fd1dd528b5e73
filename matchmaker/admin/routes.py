from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ..access import roles_required
from ..extensions import db
from ..models import Hub, Role
from . import bp, services
from .forms import NewStaffUserForm


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
