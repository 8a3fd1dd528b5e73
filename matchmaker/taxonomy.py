"""The data contract's codes and their plain-English labels.

Every coded field in the database, the CSV files and the forms uses exactly these
codes. Order matters: it is the order options are shown in.
"""

from __future__ import annotations

REGIONS: dict[str, str] = {
    "north-east": "North East",
    "north-west": "North West",
    "yorkshire-humber": "Yorkshire and The Humber",
    "east-midlands": "East Midlands",
    "west-midlands": "West Midlands",
    "east": "East of England",
    "london": "London",
    "south-east": "South East",
    "south-west": "South West",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}
UK_WIDE = "uk"
ALL = "all"

# UK SIC 2007 sections, in plain English, with a hint of what belongs in each.
SECTORS: dict[str, str] = {
    "A": "Agriculture, forestry and fishing",
    "B": "Mining and quarrying",
    "C": "Manufacturing",
    "D": "Electricity, gas, steam and air conditioning supply",
    "E": "Water supply, sewerage and waste management",
    "F": "Construction",
    "G": "Wholesale and retail trade; repair of motor vehicles",
    "H": "Transport and storage",
    "I": "Accommodation and food service",
    "J": "Information and communication",
    "K": "Financial and insurance activities",
    "L": "Real estate activities",
    "M": "Professional, scientific and technical activities",
    "N": "Administrative and support services",
    "O": "Public administration and defence",
    "P": "Education",
    "Q": "Human health and social work",
    "R": "Arts, entertainment and recreation",
    "S": "Other service activities",
    "T": "Households as employers",
    "U": "Extraterritorial organisations",
}
SECTOR_HINTS: dict[str, str] = {
    "A": "Farms, fisheries, forestry",
    "B": "Quarries, extraction",
    "C": "Making or assembling products, food and drink production",
    "D": "Energy generation and supply",
    "E": "Recycling, waste collection, water treatment",
    "F": "Builders, trades, civil engineering",
    "G": "Shops, online retail, wholesalers, garages",
    "H": "Haulage, couriers, warehousing, taxis",
    "I": "Cafés, restaurants, hotels, catering",
    "J": "Software, digital agencies, publishing, telecoms",
    "K": "Insurance brokers, financial advisers",
    "L": "Letting and estate agents, property management",
    "M": "Consultants, accountants, designers, engineers, labs",
    "N": "Cleaning, recruitment, travel agents, facilities",
    "O": "Public bodies",
    "P": "Training providers, tutoring, schools",
    "Q": "Care homes, clinics, therapists, childcare",
    "R": "Venues, gyms, artists, museums",
    "S": "Hairdressers, repairs, membership organisations",
    "T": "Households employing staff",
    "U": "International organisations",
}

SIZES: dict[str, str] = {
    "micro": "Micro (0 to 9 employees)",
    "small": "Small (10 to 49 employees)",
    "medium": "Medium (50 to 249 employees)",
}

STAGES: dict[str, str] = {
    "pre-start": "Not trading yet",
    "startup": "Trading for less than 3 years",
    "established": "Trading for 3 years or more",
    "scaling": "Growing fast, seeking growth capital or new markets",
}

SUPPORT_TYPES: dict[str, str] = {
    "skills": "Skills and training",
    "funding": "Funding",
    "mentoring": "Mentoring and coaching",
    "expertise": "Specialist advice",
    "technology": "Technology and equipment",
    "market-access": "New customers and supply chains",
    "workspace": "Workspace and facilities",
}
SUPPORT_TYPE_HINTS: dict[str, str] = {
    "skills": "Training and skills development for you or your staff",
    "funding": "Grants, loans, investment or vouchers",
    "mentoring": "Mentoring and coaching by experienced people",
    "expertise": "Specialist advice or free consultancy",
    "technology": "Access to tools, platforms, cloud credits or equipment",
    "market-access": "Supply chains, public contracts and introductions to customers",
    "workspace": "Premises, desks, labs or test facilities",
}

THEMES: dict[str, str] = {
    "digital-skills": "Digital skills of the owner and staff",
    "digital-adoption": "Adopting digital tools: cloud, e-commerce, software, automation",
    "cyber-security": "Cyber security and resilience",
    "data-ai": "Data, analytics and AI",
    "connectivity": "Broadband, 5G, digital infrastructure",
    "finance": "Finance, investment readiness, cash flow",
    "leadership": "Leadership, management, business planning",
    "innovation-rd": "Innovation, R&D, new products",
    "export": "Export and international trade",
    "net-zero": "Net zero, energy, sustainability",
    "workforce": "Recruitment, apprenticeships, inclusive workforce",
    "marketing-sales": "Marketing, branding and sales",
}

SEPARATOR = ";"


def split_codes(value: str | None) -> list[str]:
    """Split a `;`-separated code list, dropping blanks and surrounding spaces."""
    if not value:
        return []
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


def join_codes(codes: list[str] | tuple[str, ...] | set[str]) -> str:
    return SEPARATOR.join(codes)
