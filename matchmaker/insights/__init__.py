"""Insights: demand against supply by region and theme, the introduction funnel, partners
and outcomes, for a hub's coordinators and the network's admins."""

from flask import Blueprint

bp = Blueprint("insights", __name__, url_prefix="/insights")

from . import routes  # noqa: E402, F401
