"""The partner area's character counts state their limits as GOV.UK writes numbers."""

from matchmaker.models import OrganisationStatus, Role, utcnow

from .conftest import html


def count_message(response) -> str:
    return html(response).select_one(".govuk-character-count__message").get_text(strip=True)


def test_the_offer_description_allows_4000_characters_written_4_000(client, make, partner):
    offer = make.offer(partner.organisation)

    for url in ["/partners/offers/new", f"/partners/offers/{offer.id}/edit"]:
        response = client.get(url)
        assert count_message(response) == "You can enter up to 4,000 characters", url
        textarea = html(response).select_one(".govuk-character-count")
        assert textarea["data-maxlength"] == "4000"


def test_the_hubs_reasons_allow_1000_characters_written_1_000(client, make, log_in):
    offer = make.offer()
    waiting = make.organisation(status=OrganisationStatus.PENDING)
    make.user(Role.PARTNER, organisation=waiting, email_verified_at=utcnow())
    log_in(make.user(Role.COORDINATOR))

    for url in [f"/partners/all-offers/{offer.id}", f"/partners/organisations/{waiting.id}"]:
        assert count_message(client.get(url)) == "You can enter up to 1,000 characters", url
