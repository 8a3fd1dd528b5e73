"""The order of the survey's pages and what has been answered so far (no Flask, no database).

A draft's answers are stored as one JSON document::

    {"pages": {"business": {"name": "...", "postcode": "NE1 4ST"}, ...},
     "complete": ["your-details", "business"],
     "suggested_region": "north-east"}

`pages` keeps whatever was last typed on each page, valid or not, so nothing is ever lost;
`complete` lists the pages whose last answers passed validation. The next page to show is
always the first incomplete one, which is also how a Change link from check answers comes
back to check answers: once everything is complete, that is where `next_step` points.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import taxonomy
from .postcodes import region_for_postcode

CHECK_ANSWERS = "check-answers"
FIRST_STEPS = ["your-details", "business", "region", "sector", "employees", "trading", "help"]
LAST_STEPS = ["consent"]
NEED_STEP_PREFIX = "help/"


def need_step(support_type: str) -> str:
    return f"{NEED_STEP_PREFIX}{support_type}"


def support_type_of(step: str) -> str | None:
    """The support type a describe-your-need page is about ('help/skills' -> 'skills')."""
    if step.startswith(NEED_STEP_PREFIX):
        code = step.removeprefix(NEED_STEP_PREFIX)
        return code if code in taxonomy.SUPPORT_TYPES else None
    return None


@dataclass(frozen=True)
class NeedAnswers:
    support_type: str
    description: str
    themes: list[str]


@dataclass(frozen=True)
class Journey:
    pages: dict[str, dict] = field(default_factory=dict)
    complete: frozenset[str] = frozenset()
    suggested_region: str | None = None

    @classmethod
    def from_json(cls, answers: dict | None) -> Journey:
        answers = answers or {}
        return cls(
            pages=dict(answers.get("pages", {})),
            complete=frozenset(answers.get("complete", [])),
            suggested_region=answers.get("suggested_region"),
        )

    def to_json(self) -> dict:
        return {
            "pages": self.pages,
            "complete": sorted(self.complete),
            "suggested_region": self.suggested_region,
        }

    def answers_for(self, step: str) -> dict:
        return self.pages.get(step, {})

    def answer(self, step: str, name: str):
        return self.answers_for(step).get(name)

    @property
    def support_types(self) -> list[str]:
        """The kinds of help chosen, in the contract's order."""
        chosen = self.answer("help", "support_types") or []
        return [code for code in taxonomy.SUPPORT_TYPES if code in chosen]

    @property
    def steps(self) -> list[str]:
        needs = [need_step(code) for code in self.support_types]
        return [*FIRST_STEPS, *needs, *LAST_STEPS]

    @property
    def next_step(self) -> str:
        return next((step for step in self.steps if step not in self.complete), CHECK_ANSWERS)

    @property
    def is_complete(self) -> bool:
        return self.next_step == CHECK_ANSWERS

    def can_show(self, step: str) -> bool:
        """A page is shown if it is part of the survey and nothing before it is unanswered."""
        if step not in self.steps:
            return False
        return self.is_complete or self.steps.index(step) <= self.steps.index(self.next_step)

    @property
    def has_reached_check_answers(self) -> bool:
        """Whether the last page has been answered, which leads only to check answers."""
        return all(step in self.complete for step in LAST_STEPS)

    def previous(self, step: str) -> str | None:
        """Where the Back link goes: check answers once everything is answered.

        A kind of help added from check answers must be described before check answers
        can show again, so until then its page goes back to where it was added: the help
        page (not to the page describing another kind of help).
        """
        if self.is_complete:
            return CHECK_ANSWERS
        if self.has_reached_check_answers and support_type_of(step):
            return "help"
        position = self.steps.index(step)
        return self.steps[position - 1] if position > 0 else None

    def with_page(self, step: str, answers: dict, *, valid: bool) -> Journey:
        """The journey after a page was submitted (valid or not: its answers are kept)."""
        pages = {**self.pages, step: answers}
        complete = self.complete | {step} if valid else self.complete - {step}
        suggested = self.suggested_region
        if step == "business" and valid:
            new_suggestion = region_for_postcode(answers.get("postcode") or "")
            region = self.answer("region", "region")
            if new_suggestion and new_suggestion != suggested and region != new_suggestion:
                # A new postcode area: pre-select its region and ask again if it differs.
                pages["region"] = {"region": new_suggestion}
                complete -= {"region"}
            elif new_suggestion is None and suggested and region == suggested:
                # A postcode with no region (Jersey, say) after one with a region: the
                # region came only from the old postcode, so it is asked for again (and
                # the region page no longer says it came from the postcode).
                complete -= {"region"}
            suggested = new_suggestion
        return Journey(pages=pages, complete=frozenset(complete), suggested_region=suggested)

    @property
    def email(self) -> str | None:
        """The contact e-mail address, once it has been given in a valid form."""
        return self.answer("your-details", "email") if "your-details" in self.complete else None

    def needs(self) -> list[NeedAnswers]:
        return [
            NeedAnswers(
                support_type=code,
                description=self.answer(need_step(code), "description"),
                themes=list(self.answer(need_step(code), "themes") or []),
            )
            for code in self.support_types
        ]
