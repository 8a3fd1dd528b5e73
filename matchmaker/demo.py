"""Realistic demo data: hubs, staff, partners with offers, and SMEs with needs.

Generated from a fixed seed, and keyed by refs, so loading twice changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from sqlalchemy import func, select

from . import taxonomy
from .admin.services import create_user
from .extensions import db
from .imports import ensure_default_hubs
from .matchmaking import offers_changed
from .models import (
    Business,
    Need,
    Offer,
    Organisation,
    OrganisationStatus,
    Role,
    User,
)

DEMO_PASSWORD = "demo-password-2026"
ADMIN_EMAIL = "admin@demo.example"
COORDINATOR_EMAIL = "coordinator@demo.example"
PARTNER_EMAIL = "partner@demo.example"
COORDINATOR_REGION = "north-east"

PARTNERS = [
    "Northwind Cloud", "Brightwater Bank", "Calder Engineering", "Pennine University",
    "Harbour Telecom", "Greenfield Energy", "Ashdown Accountancy", "Meridian Law",
    "Kestrel Software", "Oakridge Manufacturing", "Tyne Data Labs", "Severn Logistics",
    "Lumen Lighting", "Fenland Foods Group", "Cobalt Cyber", "Riverside Building Society",
    "Summit Insurance", "Thornbury Pharma", "Wessex Aerospace", "Clyde Shipping",
    "Ironbridge Materials", "Marlow Retail Group", "Solent Marine", "Cairn Capital",
    "Highland Power", "Beacon Media", "Quarry Hill Studios", "Atlas Robotics",
    "Willow Health", "Granite Consulting", "Lakeside Hotels Group", "Vale Agritech",
]  # fmt: skip

# (support type, title, themes, description)
OFFER_BLUEPRINTS = [
    ("skills", "Digital skills bootcamp for small teams", ["digital-skills"],
     "Eight half-day online sessions that take owners and staff from the basics to confident use of spreadsheets, shared calendars, online files and video calls."),
    ("skills", "Cyber awareness training for staff", ["cyber-security", "digital-skills"],
     "Practical training on phishing, passwords and safe working from home, with a short test so every staff member gets a certificate."),
    ("skills", "Apprenticeship levy transfer", ["workforce"],
     "We transfer unspent apprenticeship levy to small firms so they can train new or existing staff through an approved apprenticeship at no cost."),
    ("skills", "Data and AI foundations course", ["data-ai", "digital-skills"],
     "A hands-on course on using data to make decisions: dashboards, forecasting sales and trying AI assistants safely in everyday work."),
    ("skills", "Sales and marketing masterclasses", ["marketing-sales"],
     "Monthly masterclasses on finding customers, pricing, social media advertising and writing proposals that win work."),
    ("funding", "Net zero equipment grant", ["net-zero", "finance"],
     "Grants of up to £10,000 covering half the cost of energy-saving equipment such as heat pumps, LED lighting, insulation or solar panels."),
    ("funding", "Working capital loan for growing firms", ["finance"],
     "Unsecured loans from £25,000 to £250,000 to smooth cash flow while you take on bigger orders, with a decision within ten days."),
    ("funding", "Innovation voucher", ["innovation-rd"],
     "Vouchers worth £5,000 to buy time from university researchers to test a new product idea, prototype or process."),
    ("funding", "Investment readiness programme", ["finance", "leadership"],
     "Prepare to raise equity investment: pitch deck reviews, financial model clinics and introductions to angel networks."),
    ("funding", "Export finance guarantee", ["export", "finance"],
     "Guarantees that help your bank lend against export contracts so you can fulfil overseas orders without running out of cash."),
    ("mentoring", "Peer mentoring for first-time employers", ["leadership", "workforce"],
     "A senior manager mentors you for six months as you hire your first employees: contracts, payroll, induction and building a team."),
    ("mentoring", "Women founders mentoring circle", ["leadership"],
     "Small mentoring circles for women who lead businesses, meeting monthly with an experienced founder to work on growth plans."),
    ("mentoring", "Export mentor match", ["export"],
     "One-to-one mentoring from a manager who has built export sales, covering first markets, distributors, pricing and paperwork."),
    ("mentoring", "Digital transformation mentor", ["digital-adoption"],
     "A technology leader helps you plan which software and online tools to adopt first, and how to bring your team along."),
    ("mentoring", "Leadership coaching for growing firms", ["leadership"],
     "Ten coaching sessions for owners of growing firms on delegation, managing managers and planning the next three years."),
    ("expertise", "Cyber Essentials readiness review", ["cyber-security"],
     "Our security consultants review your devices, accounts and backups against Cyber Essentials and give a plain-English action list."),
    ("expertise", "Pro bono legal clinic", ["leadership"],
     "Free half-hour appointments with a commercial lawyer on contracts, terms and conditions, intellectual property and employment questions."),
    ("expertise", "R&D tax relief advisory", ["innovation-rd", "finance"],
     "Specialists check whether your development work qualifies for R&D tax relief and help you prepare a robust claim."),
    ("expertise", "Lean manufacturing diagnostic", ["innovation-rd"],
     "Engineers spend two days on your shop floor to map production, find waste and bottlenecks, and agree quick improvements."),
    ("expertise", "Energy efficiency audit", ["net-zero"],
     "An energy engineer audits your premises and processes and shows where you can cut bills and carbon, with costs and payback."),
    ("technology", "Cloud credits for start-ups", ["digital-adoption", "connectivity"],
     "Up to £5,000 of cloud computing credits plus technical onboarding to move your systems and files online."),
    ("technology", "E-commerce platform adoption programme", ["digital-adoption", "marketing-sales"],
     "A free online shop on our platform for a year, set up with you, with payments, delivery options and stock management."),
    ("technology", "Access to 3D printing and prototyping lab", ["innovation-rd"],
     "Book time on industrial 3D printers, laser cutters and testing rigs, with a technician to help you make prototypes."),
    ("technology", "Business broadband upgrade", ["connectivity"],
     "Full-fibre or 5G business connections installed free for eligible rural firms, with a year of support."),
    ("technology", "Analytics software licences", ["data-ai"],
     "Free licences for our analytics and reporting software, with training on building dashboards from your sales and stock data."),
    ("market-access", "Supplier development programme", ["marketing-sales"],
     "Get ready to supply large buyers: quality standards, tendering, and a meet-the-buyer day with our procurement team."),
    ("market-access", "Public sector tender coaching", ["marketing-sales"],
     "Learn how to find and win public contracts: reading tender documents, writing bids and meeting social value requirements."),
    ("market-access", "Overseas trade mission places", ["export"],
     "Funded places on trade missions to Europe, North America and the Gulf, with meetings booked with potential customers."),
    ("market-access", "Retail shelf trial", ["marketing-sales"],
     "A three-month trial of your product in selected stores, with sales data and feedback from our buyers."),
    ("market-access", "Net zero supply chain programme", ["net-zero"],
     "Help to measure and cut your carbon footprint so you can meet the sustainability requirements of large customers."),
    ("workspace", "Incubator desks", ["leadership"],
     "Free desks for up to twelve months in our city-centre incubator, with meeting rooms and a community of founders."),
    ("workspace", "Food production test kitchen", ["innovation-rd"],
     "Hire a certified test kitchen by the day to develop recipes and produce small batches for trial sales."),
    ("workspace", "Laboratory space for science start-ups", ["innovation-rd"],
     "Wet and dry lab benches at a subsidised rate, with shared equipment and access to university researchers."),
    ("workspace", "Makerspace membership", ["innovation-rd", "digital-skills"],
     "Membership of our makerspace with workshop tools, electronics benches and training on each machine."),
    ("workspace", "Pop-up shop on the high street", ["marketing-sales"],
     "Rent-free pop-up retail units for four weeks to test your products with shoppers before you commit to a lease."),
]  # fmt: skip

# (support type, themes, description) in owners' own words
NEED_BLUEPRINTS = [
    ("skills", ["digital-skills"], "My staff struggle with computers. We still do everything on paper and I want them confident with spreadsheets and email."),
    ("skills", ["workforce"], "We want to take on an apprentice this year but have no idea how it works or what it costs."),
    ("skills", ["marketing-sales"], "None of us knows how to sell properly. We get enquiries but rarely turn them into orders."),
    ("skills", ["cyber-security"], "One of my team clicked a dodgy link last month. I need everyone trained so it does not happen again."),
    ("funding", ["net-zero"], "Our energy bills have tripled. We would like to put solar panels on the unit roof but cannot afford the whole cost."),
    ("funding", ["finance"], "Big customers pay us after 90 days and we keep running short of cash to buy materials for new orders."),
    ("funding", [], "We are looking for investors to help us open a second site."),
    ("funding", ["innovation-rd"], "We have an idea for a new product and need money to build and test a prototype."),
    ("mentoring", ["leadership"], "I have grown from 2 to 15 people and I am drowning. I need someone who has done it to talk things through with."),
    ("mentoring", ["export"], "We have had orders from France and Germany through our website and want advice from someone who has sold abroad."),
    ("mentoring", [], "I am about to hire my first member of staff and have no idea what I need to do."),
    ("mentoring", ["digital-adoption"], "Everyone tells me to go digital but I do not know where to start or what software to buy."),
    ("expertise", ["cyber-security"], "A customer wants us to have Cyber Essentials before they sign a contract. Where do we start?"),
    ("expertise", ["innovation-rd"], "Someone said we might get tax money back for the development work we do. Is that true for a small engineering firm?"),
    ("expertise", [], "Our production line keeps stopping and orders go out late. We need an outside eye on how the workshop runs."),
    ("expertise", ["net-zero"], "We want to know where we are wasting energy in the bakery and what to fix first."),
    ("technology", ["digital-adoption"], "Customers keep asking if they can order from us online but we only take orders over the phone."),
    ("technology", ["connectivity"], "Our internet in the village is so slow we cannot upload files to customers."),
    ("technology", ["data-ai"], "We have years of sales figures in spreadsheets and want to see what is selling where."),
    ("technology", [], "We need to make a few prototypes of our new part before we can show it to customers."),
    ("market-access", ["marketing-sales"], "We would love to supply bigger companies but never get past the first forms."),
    ("market-access", [], "How do we win council contracts? We have never written a tender."),
    ("market-access", ["export"], "We want to meet buyers in the Netherlands and Germany for our garden furniture."),
    ("market-access", ["net-zero"], "Our biggest customer has asked for our carbon footprint and we have no idea how to work it out."),
    ("workspace", [], "We are working from the kitchen table and need a proper desk and meeting room in town."),
    ("workspace", ["innovation-rd"], "We make sauces at home and need a certified kitchen to produce bigger batches for a farm shop."),
    ("workspace", ["innovation-rd"], "Our diagnostics start-up needs bench space in a lab with a fume cupboard."),
    ("workspace", ["marketing-sales"], "We sell online and want to try a real shop for a few weeks before Christmas."),
]  # fmt: skip

NAME_FIRST = ["Amber", "Blue", "Copper", "Dale", "Elm", "Fox", "Granite", "Heather", "Iris", "Juniper",
              "Kite", "Linden", "Maple", "North", "Orchard", "Pebble", "Quay", "Rowan", "Sage", "Thistle"]  # fmt: skip
NAME_SECOND = ["Bakery", "Joinery", "Studios", "Engineering", "Foods", "Digital", "Clinic", "Coffee",
               "Print", "Textiles", "Brewing", "Garden Co", "Logistics", "Design", "Ceramics"]  # fmt: skip
PEOPLE = ["Aisha Khan", "Ben Carter", "Chloe Evans", "Dev Patel", "Eilidh Ross", "Femi Adeyemi",
          "Gareth Jones", "Hannah Li", "Ioan Williams", "Jo Murphy", "Kasia Nowak", "Liam O'Neill",
          "Mei Chen", "Niamh Byrne", "Omar Haddad", "Priya Shah", "Rhys Morgan", "Sofia Rossi"]  # fmt: skip
SECTORS_FOR_SMES = ["C", "F", "G", "I", "J", "M", "N", "Q", "R", "S", "A", "H"]


@dataclass
class DemoSummary:
    organisations: int = 0
    offers: int = 0
    businesses: int = 0
    needs: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"Demo data: {self.organisations} partner organisations, {self.offers} offers, "
            f"{self.businesses} businesses, {self.needs} needs."
        )


def load_demo(seed: int = 2026, businesses: int = 220) -> DemoSummary:
    rng = random.Random(seed)
    hubs = ensure_default_hubs()
    db.session.flush()
    organisations = _load_partners(rng)
    _load_offers(rng, organisations)
    _load_needs(rng, hubs, businesses)
    _load_users(hubs, organisations[0])
    db.session.flush()
    summary = DemoSummary(
        organisations=db.session.scalar(select(func.count(Organisation.id))),
        offers=db.session.scalar(select(func.count(Offer.id))),
        businesses=db.session.scalar(select(func.count(Business.id))),
        needs=db.session.scalar(select(func.count(Need.id))),
        logins=[
            ("admin", ADMIN_EMAIL),
            ("coordinator", COORDINATOR_EMAIL),
            ("partner", PARTNER_EMAIL),
        ],
    )
    return summary


def _load_partners(rng: random.Random) -> list[Organisation]:
    existing = {org.name: org for org in db.session.scalars(select(Organisation))}
    organisations = []
    for name in PARTNERS:
        org = existing.get(name)
        if org is None:
            slug = name.lower().replace(" ", "")
            org = Organisation(
                name=name,
                website=f"https://www.{slug}.example",
                contact_email=f"programmes@{slug}.example",
                status=OrganisationStatus.APPROVED,
            )
            db.session.add(org)
        organisations.append(org)
    return organisations


def _load_offers(rng: random.Random, organisations: list[Organisation]) -> None:
    existing = set(db.session.scalars(select(Offer.ref).where(Offer.ref.like("DEMO-O%"))))
    regions = list(taxonomy.REGIONS)
    number = 0
    created = []
    for index, org in enumerate(organisations):
        # Each partner runs two programmes, so every blueprint appears at least once.
        for blueprint in (OFFER_BLUEPRINTS[index % len(OFFER_BLUEPRINTS)],
                          OFFER_BLUEPRINTS[(index * 7 + 3) % len(OFFER_BLUEPRINTS)]):  # fmt: skip
            number += 1
            ref = f"DEMO-O{number:03d}"
            if ref in existing:
                continue
            support_type, title, themes, description = blueprint
            offer = Offer(
                ref=ref,
                organisation=org,
                contact_email=org.contact_email,
                title=title,
                support_type=support_type,
                description=description,
                capacity=rng.choice([3, 5, 10, 20, 50]),
            )
            offer.set_codes("theme", themes)
            offer.set_codes("region", ["uk"] if rng.random() < 0.5 else rng.sample(regions, 4))
            offer.set_codes(
                "sector", ["all"] if rng.random() < 0.7 else rng.sample(SECTORS_FOR_SMES, 5)
            )
            offer.set_codes("size", ["all"] if rng.random() < 0.7 else ["micro", "small"])
            offer.set_codes(
                "stage", ["all"] if rng.random() < 0.6 else ["startup", "established", "scaling"]
            )
            db.session.add(offer)
            created.append(offer)
    if created:
        offers_changed(created)


def _load_needs(rng: random.Random, hubs: dict, count: int) -> None:
    existing = set(db.session.scalars(select(Business.ref).where(Business.ref.like("DEMO-S%"))))
    regions = list(taxonomy.REGIONS)
    need_number = 0
    for number in range(1, count + 1):
        ref = f"DEMO-S{number:04d}"
        # Every business draws from the generator whether or not it exists, so the
        # same seed gives the same data on every run.
        name = f"{rng.choice(NAME_FIRST)} {rng.choice(NAME_SECOND)}"
        person = rng.choice(PEOPLE)
        region = regions[number % len(regions)] if number % 3 else COORDINATOR_REGION
        facts = {
            "sector": rng.choice(SECTORS_FOR_SMES),
            "size": rng.choice(["micro", "micro", "small", "medium"]),
            "stage": rng.choice(list(taxonomy.STAGES)),
        }
        blueprints = rng.sample(NEED_BLUEPRINTS, rng.choice([1, 1, 2]))
        if ref in existing:
            need_number += len(blueprints)
            continue
        business = Business(
            ref=ref,
            name=name,
            contact_name=person,
            contact_email=f"{person.split()[0].lower()}.{number}@{name.split()[0].lower()}.example",
            postcode=None,
            region=region,
            hub=hubs[region],
            **facts,
        )
        db.session.add(business)
        for support_type, themes, description in blueprints:
            need_number += 1
            need = Need(
                ref=f"DEMO-N{need_number:04d}",
                business=business,
                support_type=support_type,
                description=description,
            )
            need.themes = themes
            db.session.add(need)


def _load_users(hubs: dict, partner_org: Organisation) -> None:
    wanted = [
        (ADMIN_EMAIL, Role.ADMIN, None, None),
        (COORDINATOR_EMAIL, Role.COORDINATOR, hubs[COORDINATOR_REGION], None),
        (PARTNER_EMAIL, Role.PARTNER, None, partner_org),
    ]
    for email, role, hub, organisation in wanted:
        if db.session.scalar(select(User.id).where(User.email == email)) is None:
            create_user(
                email, role, hub=hub, organisation=organisation, password=DEMO_PASSWORD,
                name=email.split("@")[0].capitalize() + " (demo)",
            )  # fmt: skip
