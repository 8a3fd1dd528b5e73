"""The engine wired to the database: rebuild, rank at once, re-rank on offer changes, export."""

import csv
import shutil
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from matchmaker import jobs, matchmaking
from matchmaker.extensions import db
from matchmaker.matching import rank_need
from matchmaker.matching.eligibility import SUPPORT_TYPE_INDEX
from matchmaker.matchmaking import (
    ModelCache,
    claim_changed_offers,
    offers_changed,
    rank_need_now,
    rank_new_needs_now,
    rebuild_all,
    rerank_offers,
)
from matchmaker.models import Match, MatchingModel, MatchStatus, Offer, OfferStatus, utcnow
from matchmaker.uktime import uk_today

BENCH = Path(__file__).resolve().parents[1] / "bench" / "data"


def proposals_of(need):
    return db.session.scalars(
        select(Match)
        .where(Match.need_id == need.id, Match.status == MatchStatus.PROPOSED)
        .order_by(Match.rank)
    ).all()


@pytest.fixture
def small_market(make):
    """Three skills offers and a need that clearly wants the cyber one."""
    org = make.organisation("Cobalt Cyber")
    cyber = make.offer(org, title="Cyber awareness training for staff", themes=["cyber-security"],
                       description="Phishing, passwords and safe working: training so staff spot scams and attacks.")  # fmt: skip
    sales = make.offer(org, title="Sales masterclasses", themes=["marketing-sales"],
                       description="Monthly masterclasses on pricing, proposals and finding customers.")  # fmt: skip
    london_only = make.offer(org, title="Cyber security course in London", regions=["london"],
                             themes=["cyber-security"], description="Phishing and password training for staff.")  # fmt: skip
    need = make.need(
        description="One of my staff clicked a phishing email and we lost data. Train everyone to spot scams.",
        themes=["cyber-security"],
    )
    return need, cyber, sales, london_only


def test_rebuild_proposes_the_fitting_eligible_offer_and_records_the_model(app, small_market):
    need, cyber, _, london_only = small_market
    summary = rebuild_all()
    db.session.commit()
    assert summary.needs == 1 and summary.offers == 3
    [first, *_] = proposals_of(need)
    assert first.offer_id == cyber.id and first.rank == 1
    assert first.model_version == summary.version
    assert "Shared themes: Cyber security" in first.reasons and "In common:" in first.reasons
    assert london_only.id not in {
        m.offer_id for m in proposals_of(need)
    }  # need is in the North East
    assert db.session.scalar(select(MatchingModel.version)) == summary.version


def test_a_new_need_is_ranked_at_once_with_the_current_model(app, make, small_market):
    _, cyber, _, _ = small_market
    rebuild_all()
    db.session.commit()
    newcomer = make.need(
        description="Scam emails keep fooling my team, they need phishing training.",
        themes=["cyber-security"],
    )
    matches = rank_need_now(newcomer)
    db.session.commit()
    assert matches and matches[0].offer_id == cyber.id


def test_needs_just_sent_are_ranked_as_one_need_at_a_time_would_be(app, make, small_market):
    _, cyber, _, _ = small_market
    cyber.capacity = 1  # so at most 2 open proposals: both newcomers may hold one
    rebuild_all()
    db.session.commit()
    held = {m.need_id for m in db.session.scalars(select(Match).where(Match.offer_id == cyber.id))}
    newcomers = [
        make.need(description=text, themes=["cyber-security"])
        for text in (
            "Scam emails keep fooling my team, they need phishing training.",
            "Phishing training for staff so nobody clicks a scam link again.",
        )
    ]
    rank_new_needs_now(newcomers)
    db.session.commit()
    holders = {
        m.need_id
        for m in db.session.scalars(
            select(Match).where(Match.offer_id == cyber.id, Match.status == MatchStatus.PROPOSED)
        )
    }
    # The offer's two places: whoever held one keeps it, the first newcomer takes the other.
    assert len(holders) == 2 and held <= holders
    assert proposals_of(newcomers[0])[0].offer_id == cyber.id
    assert cyber.id not in {m.offer_id for m in proposals_of(newcomers[1])}


def test_without_a_model_needs_just_sent_wait_for_the_rebuild(app, small_market):
    need, *_ = small_market
    rank_new_needs_now([need])
    assert proposals_of(need) == []


def test_without_a_model_a_need_waits_for_the_rebuild(app, small_market):
    need, *_ = small_market
    assert rank_need_now(need) == []
    assert proposals_of(need) == []


def change(offer) -> None:
    """A partner's change to the offer, then the worker's next round."""
    offers_changed([offer])
    db.session.commit()
    assert jobs.rank_changed_offers() == 1


def test_pausing_an_offer_withdraws_its_proposals_and_resuming_brings_them_back(app, small_market):
    need, cyber, _, _ = small_market
    rebuild_all()
    db.session.commit()
    cyber.status = OfferStatus.PAUSED
    change(cyber)
    assert cyber.id not in {m.offer_id for m in proposals_of(need)}
    cyber.status = OfferStatus.ACTIVE
    change(cyber)
    assert proposals_of(need)[0].offer_id == cyber.id


def test_the_worker_s_round_ranks_each_changed_offer_once_and_a_rebuild_covers_them_all(
    app, make, small_market
):
    need, cyber, sales, london_only = small_market
    assert jobs.rank_changed_offers() == 0  # no model yet: nothing to rank with ...
    rebuild_all()
    db.session.commit()
    assert jobs.rank_changed_offers() == 0  # ... and the rebuild brought every offer up to date
    newcomer = make.offer(title="Phishing drills for staff", themes=["cyber-security"],
                          description="Phishing emails and scams: drills that train staff to spot them.")  # fmt: skip
    for offer in (cyber, sales):
        offer.description += " Now with a certificate."
        offers_changed([offer])
    db.session.commit()

    jobs.run_due_jobs()  # the worker's round

    assert newcomer.id in {m.offer_id for m in proposals_of(need)}
    assert jobs.rank_changed_offers() == 0
    offers_changed([london_only])
    db.session.commit()
    rebuild_all()
    db.session.commit()
    assert jobs.rank_changed_offers() == 0


def test_an_offer_changed_again_while_the_worker_ranks_it_stays_due(app, small_market):
    _, cyber, _, _ = small_market
    rebuild_all()
    offers_changed([cyber])
    db.session.commit()
    assert claim_changed_offers(10) == [cyber.id]
    db.session.commit()
    assert claim_changed_offers(10) == []  # claimed: no other worker takes it
    offers_changed([cyber])  # a partner's edit meanwhile
    db.session.commit()
    rerank_offers([cyber.id])
    db.session.commit()
    assert jobs.rank_changed_offers() == 1


def test_a_failed_round_hands_its_offers_back(app, small_market, monkeypatch):
    need, cyber, _, _ = small_market
    rebuild_all()
    cyber.status = OfferStatus.PAUSED  # as a script might, without offers_changed
    cyber.updated_at = utcnow()
    db.session.commit()

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(matchmaking, "rank_needs_now", fail)
    with pytest.raises(RuntimeError):
        jobs.rank_changed_offers()
    monkeypatch.undo()
    assert cyber.id in {m.offer_id for m in proposals_of(need)}
    assert jobs.rank_changed_offers() == 1  # due again
    assert cyber.id not in {m.offer_id for m in proposals_of(need)}


def test_workers_ranking_at_once_take_each_changed_offer_once(app, make, small_market, race):
    rebuild_all()
    for offer in small_market[1:]:
        offers_changed([offer])
    db.session.commit()

    claimed = race(lambda _: jobs.rank_changed_offers(), range(3))

    assert sum(claimed) == 3
    assert jobs.rank_changed_offers() == 0


def test_a_rejected_pair_is_never_proposed_again(app, small_market):
    need, cyber, _, _ = small_market
    rebuild_all()
    match = proposals_of(need)[0]
    match.status = MatchStatus.REJECTED
    db.session.commit()
    rebuild_all()
    rank_need_now(need)
    db.session.commit()
    assert cyber.id not in {m.offer_id for m in proposals_of(need)}
    assert db.session.get(Match, match.id).status == MatchStatus.REJECTED


def test_a_full_offer_is_not_proposed(app, make, small_market):
    need, cyber, _, _ = small_market
    cyber.capacity = 1
    other = make.need(description="Staff training on phishing and passwords please.")
    db.session.add(
        Match(need=other, offer=cyber, score=0.9, model_version="old", status=MatchStatus.APPROVED)
    )
    db.session.commit()
    rebuild_all()
    db.session.commit()
    assert cyber.id not in {m.offer_id for m in proposals_of(need)}


@pytest.mark.parametrize(("held_elsewhere", "gets_cyber"), [(1, True), (2, False)])
def test_an_offer_change_re_ranks_in_bulk_leaving_other_needs_their_share_of_capacity(
    app, make, small_market, held_elsewhere, gets_cyber
):
    _, cyber, _, london_only = small_market
    cyber.capacity = 1  # so at most 2 open proposals
    londoner = make.need(
        make.business("london"),
        description="A phishing email fooled my staff; train them to spot scams.",
        themes=["cyber-security"],
    )
    rebuild_all()
    db.session.execute(Match.__table__.update().values(status=MatchStatus.WITHDRAWN))
    for _ in range(held_elsewhere):  # North East needs, which the London offer cannot serve
        holder = make.need(description="Phishing training for staff.")
        db.session.add(Match(need=holder, offer=cyber, score=0.9, model_version="old"))
    db.session.commit()

    london_only.description += " Now with a certificate."
    change(london_only)

    offered = {m.offer_id for m in proposals_of(londoner)}
    assert london_only.id in offered
    assert (cyber.id in offered) is gets_cyber


def test_another_process_picks_up_a_new_model_without_a_restart(app, make, small_market):
    rebuild_all()
    db.session.commit()
    other_process = ModelCache()
    first_model, _ = other_process.current()
    make.need(description="Completely new words about bookkeeping and payroll software.")
    second = rebuild_all()
    db.session.commit()
    model, _ = other_process.current()
    assert model.version == second.version != first_model.version


def test_another_process_takes_in_an_edited_offer_reading_only_that_offer(app, make, small_market):
    need, _, sales, _ = small_market
    make.offer(title="Invoice finance", support_type="funding", description="Cash for invoices.")
    rebuild_all()
    db.session.commit()
    other_process = ModelCache()
    model, before = other_process.current()

    def ranked(index):
        found = rank_need(model, matchmaking.need_record(need), index, today=uk_today())
        return {candidate.offer_id: candidate for candidate in found}

    assert not ranked(before)[sales.id].above_threshold
    sales.title = "Phishing training: stop losing data to scams"
    sales.description = (
        "Staff clicked a phishing email and you lost data? We train everyone to spot scams."
    )
    offers_changed([sales])
    db.session.commit()
    _, after = other_process.current()
    assert ranked(after)[sales.id].above_threshold  # the edited text is what is scored
    # The index was updated, not rebuilt: offers of other support types kept as they were.
    funding = SUPPORT_TYPE_INDEX["funding"]
    assert after.blocks[funding] is before.blocks[funding]
    assert other_process.current()[1] is after  # and nothing changed since


def test_a_second_offer_change_waits_for_the_first_to_commit(app, small_market, race):
    """Revisions are taken in commit order, so a process that has read revision N has
    every change numbered N or less: none that commits late can be missed."""
    _, cyber, sales, _ = small_market
    first_holds_its_revision = threading.Event()
    log = []

    def edit(offer_id):
        if offer_id == sales.id:
            first_holds_its_revision.wait(30)
        offer = db.session.get(Offer, offer_id)
        offer.description += " Now online too."
        offers_changed([offer])
        log.append(("took", offer_id, offer.revision))
        if offer_id == cyber.id:
            first_holds_its_revision.set()
            time.sleep(0.5)  # long enough for the second to take a revision, if it could
            log.append(("commits", offer_id, offer.revision))
        db.session.commit()

    race(edit, [cyber.id, sales.id])
    (_, first, n), (_, _, same_n), (_, second, m) = log
    assert log[1][0] == "commits" and (first, second) == (cyber.id, sales.id)
    assert n == same_n and m == n + 1


def test_import_rebuild_export_through_the_cli(runner, tmp_path):
    for kind in ("offers", "needs"):
        shutil.copy(BENCH / f"{kind}.csv", tmp_path / f"{kind}.csv")
        result = runner.invoke(args=["import", kind, str(tmp_path / f"{kind}.csv")])
        assert result.exit_code == 0, result.output
    result = runner.invoke(args=["matches", "rebuild"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Match.id))) > 0

    out = tmp_path / "matches.csv"
    result = runner.invoke(args=["matches", "export", str(out), "--top", "2"])
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["need_ref", "offer_ref", "rank", "score", "status", "reasons"]
    per_need: dict[str, list[dict]] = {}
    for row in rows:
        per_need.setdefault(row["need_ref"], []).append(row)
    assert all(1 <= len(group) <= 2 for group in per_need.values())
    assert all(
        [int(r["rank"]) for r in group] == list(range(1, len(group) + 1))
        for group in per_need.values()
    )
    assert all(float(g[0]["score"]) >= float(g[-1]["score"]) for g in per_need.values())
    assert {row["status"] for row in rows} <= {"proposed", "ranked"}

    with (BENCH / "grades.csv").open(newline="") as handle:
        eligible = {(r["need_ref"], r["offer_ref"]) for r in csv.DictReader(handle)}
    assert all((row["need_ref"], row["offer_ref"]) in eligible for row in rows)  # never ineligible


def test_export_without_a_model_says_what_to_do(runner, tmp_path):
    result = runner.invoke(args=["matches", "export", str(tmp_path / "m.csv")])
    assert result.exit_code == 1 and "matches rebuild" in result.output
