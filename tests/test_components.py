"""Macros more than one area uses live in templates/components/, and areas import them
from there rather than from another area's templates."""

from pathlib import Path

import pytest
from flask import render_template_string

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
AREAS = sorted(
    folder.name for folder in TEMPLATES.iterdir() if folder.is_dir() and folder.name != "components"
)


def text_block(text) -> str:
    return render_template_string(
        '{% from "components/text_block.html" import text_block %}{{ text_block(text) }}',
        text=text,
    )


def test_text_keeps_its_paragraphs_and_line_breaks_and_is_escaped(app):
    with app.test_request_context():
        html = text_block("One\r\n<b>two</b>\r\n\r\n\r\n  Three  \n")
    assert html.split() == [
        '<p', 'class="govuk-body">One<br>&lt;b&gt;two&lt;/b&gt;</p>',
        '<p', 'class="govuk-body">Three</p>',
    ]  # fmt: skip


@pytest.mark.parametrize("empty", [None, "", "  \n\n "])
def test_no_text_is_no_paragraph(app, empty):
    with app.test_request_context():
        assert text_block(empty).strip() == ""


def test_the_paragraph_macro_is_imported_from_the_components(app):
    """Each area's pages import `text_block` from components/, not from another area."""
    importers = {
        str(path.relative_to(TEMPLATES)): path.read_text()
        for area in AREAS
        for path in (TEMPLATES / area).rglob("*.html")
        if "text_block" in path.read_text()
    }
    assert {"partners/introduction.html", "survey/status.html"} <= set(importers)
    for name, source in importers.items():
        imports = [
            line for line in source.splitlines() if "import" in line and "text_block" in line
        ]
        assert imports == ['{% from "components/text_block.html" import text_block %}'], name
