"""Development needs, part c: written without seeing the engine, its synonyms or the other needs."""

# key: (business name, contact name, contact email, region, sector, size, stage)
SMES = {
    "hollybank-care": (
        "Hollybank Care Home Ltd",
        "Maureen Kirkup",
        "maureen.kirkup@example.com",
        "north-east",
        "Q",
        "small",
        "established",
    ),
    "dunmore-haulage": (
        "Dunmore Haulage Ltd",
        "Sandeep Dhillon",
        "sandeep.dunmorehaulage@example.com",
        "west-midlands",
        "H",
        "medium",
        "established",
    ),
    "treloar-plumbing": (
        "Treloar Plumbing & Heating",
        "Jory Treloar",
        "jory.treloar@example.org",
        "south-west",
        "F",
        "micro",
        "established",
    ),
    "pendle-pantry": (
        "Pendle Pantry",
        "Bethan Holt",
        "bethan.pendlepantry@example.com",
        "north-west",
        "C",
        "micro",
        "startup",
    ),
    "ashby-precision": (
        "Ashby Precision Engineering Ltd",
        "Richard Ashby",
        "r.ashby@example.com",
        "east-midlands",
        "C",
        "small",
        "established",
    ),
    "loch-creran": (
        "Loch Creran Smokehouse Ltd",
        "Fiona MacLeod",
        "fiona.lochcreran@example.com",
        "scotland",
        "C",
        "small",
        "established",
    ),
    "pritchard-supplies": (
        "Pritchard Building Supplies Ltd",
        "Rhys Pritchard",
        "rhys.pritchard@example.org",
        "wales",
        "G",
        "small",
        "established",
    ),
    "weald-oak": (
        "Weald Oak Joinery Ltd",
        "Hannah Fuller",
        "hannah.wealdoak@example.com",
        "south-east",
        "C",
        "small",
        "established",
    ),
    "ferncourt-lettings": (
        "Ferncourt Lettings",
        "Priya Raman",
        "priya.raman@example.com",
        "london",
        "L",
        "micro",
        "established",
    ),
    "carrow-vets": (
        "Carrow Veterinary Practice",
        "Tom Ellery",
        "tom.ellery@example.org",
        "east",
        "M",
        "small",
        "established",
    ),
    "mourne-home-support": (
        "Mourne Home Support Ltd",
        "Siobhan McGrath",
        "siobhan.mcgrath@example.com",
        "northern-ireland",
        "Q",
        "small",
        "pre-start",
    ),
    "glen-esk-transport": (
        "Glen Esk Transport Ltd",
        "Alan Duthie",
        "alan.duthie@example.com",
        "scotland",
        "H",
        "small",
        "established",
    ),
    "higher-venn-farm": (
        "Higher Venn Farm",
        "Will Heard",
        "will.heard@example.org",
        "south-west",
        "A",
        "micro",
        "established",
    ),
    "tyne-valley-groundworks": (
        "Tyne Valley Groundworks Ltd",
        "Craig Robson",
        "craig.tynevalleygw@example.com",
        "north-east",
        "F",
        "small",
        "established",
    ),
    "pampered-paws": (
        "Pampered Paws Mobile Grooming",
        "Kayla Osei",
        "kayla.osei@example.com",
        "london",
        "S",
        "micro",
        "pre-start",
    ),
    "harbour-fry": (
        "Harbour Fry",
        "Stuart Pirie",
        "stuart.pirie@example.org",
        "scotland",
        "I",
        "micro",
        "established",
    ),
    "sutton-motors": (
        "Sutton Motors (Notts) Ltd",
        "Dean Marsh",
        "dean.suttonmotors@example.com",
        "east-midlands",
        "G",
        "small",
        "established",
    ),
    "teifi-trailers": (
        "Teifi Trailers",
        "Gethin Evans",
        "gethin.evans@example.com",
        "wales",
        "C",
        "micro",
        "startup",
    ),
    "downs-brew": (
        "Downs Brew Co Ltd",
        "Ollie Bramwell",
        "ollie.downsbrew@example.com",
        "south-east",
        "C",
        "small",
        "scaling",
    ),
    "mardle-hardware": (
        "Mardle & Co Hardware",
        "Sue Gotts",
        "sue.gotts@example.org",
        "east",
        "G",
        "micro",
        "established",
    ),
    "rowes-bakery": (
        "Rowe's Bakery Ltd",
        "Karen Rowe",
        "karen.rowesbakery@example.com",
        "yorkshire-humber",
        "C",
        "small",
        "established",
    ),
    "sperrin-knitwear": (
        "Sperrin Knitwear",
        "Roisin Doherty",
        "roisin.doherty@example.com",
        "northern-ireland",
        "C",
        "micro",
        "established",
    ),
}

NEEDS = [
    # ------------------------------------------------------------------ skills
    {
        "key": "c01",
        "sme": "hollybank-care",
        "support_type": "skills",
        "themes": ["workforce", "leadership"],
        "description": (
            "We've promoted three of our longest serving carers to shift leads this year. They're "
            "brilliant with the residents but they struggle telling their old workmates what to do, "
            "dealing with people ringing in sick at the last minute and having the awkward chat when "
            "someone isn't pulling their weight. I'd like some proper training for them so they feel "
            "confident running a shift."
        ),
        "unfittable": None,
        "grades": {
            "HC-107": 0,
            "TN-107": 0,
            "CT-107": 0,
            "BM-107": 0,
            "KVB-107": 0,
            "GS-107": 0,
            "HC-114": 0,
            "VMG-107": 3,
            "CU-114": 1,
            "BE-107": 0,
            "SU-107": 0,
            "KVB-114": 0,
            "TN-114": 0,
            "MSB-107": 0,
            "FCC-107": 0,
            "OTL-107": 1,
        },
    },
    {
        "key": "c02",
        "sme": "dunmore-haulage",
        "support_type": "skills",
        "themes": ["cyber-security", "finance"],
        "description": (
            "last month our accounts office paid £8,400 to what looked like our fuel card company, "
            "turned out the email was fake and the bank details had been changed. bank won't give it "
            "back. 6 people in the office plus the transport planners are on email all day and need "
            "training to spot this stuff before it happens again"
        ),
        "unfittable": None,
        "grades": {
            "HC-107": 0,
            "CT-107": 0,
            "BM-107": 0,
            "KVB-107": 3,
            "GS-107": 1,
            "CU-107": 0,
            "HC-114": 0,
            "VMG-107": 0,
            "CU-114": 0,
            "QA-107": 0,
            "BE-107": 0,
            "SU-107": 0,
            "KVB-114": 0,
            "TN-114": 0,
            "MSB-107": 0,
            "FCC-107": 0,
            "OTL-107": 0,
        },
    },
    {
        "key": "c03",
        "sme": "treloar-plumbing",
        "support_type": "skills",
        "themes": [],
        "description": (
            "Me and my two lads do boilers and bathrooms round Truro and Falmouth. More and more "
            "customers are asking about air source pumps now gas is on the way out, and we're turning "
            "that work away because none of us has ever fitted one. Want to get us qualified so we can "
            "do them properly and the customer can still get their grant."
        ),
        "unfittable": None,
        "grades": {
            "HC-107": 0,
            "CT-107": 0,
            "BM-107": 0,
            "KVB-107": 0,
            "GS-107": 0,
            "HC-114": 0,
            "VMG-107": 0,
            "QA-107": 0,
            "BE-107": 0,
            "BE-114": 3,
            "SU-107": 1,
            "KVB-114": 0,
            "TN-114": 0,
            "MSB-107": 0,
            "FCC-107": 0,
            "OTL-107": 0,
        },
    },
    {
        "key": "c04",
        "sme": "pendle-pantry",
        "support_type": "skills",
        "themes": ["marketing-sales"],
        "description": (
            "I make chutneys and jams in a converted barn near Clitheroe and sell at farmers markets. "
            "Everyone tells me I should be on Instagram doing those little videos but honestly I don't "
            "know where to start, my posts get about 12 likes. I'd love someone to show me how to film "
            "and post things that actually get people buying."
        ),
        "unfittable": None,
        "grades": {
            "HC-107": 0,
            "TN-107": 0,
            "CT-107": 2,
            "BM-107": 3,
            "KVB-107": 0,
            "GS-107": 0,
            "HC-114": 0,
            "VMG-107": 0,
            "QA-107": 0,
            "BE-107": 0,
            "SU-107": 0,
            "KVB-114": 0,
            "TN-114": 0,
            "MSB-107": 1,
            "FCC-107": 0,
            "OTL-107": 0,
        },
    },
    {
        "key": "c05",
        "sme": "ashby-precision",
        "support_type": "skills",
        "themes": ["workforce", "leadership"],
        "description": (
            "Family firm, 22 staff, machine shop in Coalville. Our two best setters retire in the next "
            "few years and nobody young is coming through. Dad never took on apprentices and I've no "
            "idea how it works - which college, what it costs us, how we even find a 16 year old who "
            "wants to do it. Looking for help getting our first one or two started in September."
        ),
        "unfittable": None,
        "grades": {
            "HC-107": 0,
            "CT-107": 0,
            "BM-107": 0,
            "KVB-107": 0,
            "GS-107": 0,
            "CU-107": 0,
            "HC-114": 0,
            "VMG-107": 0,
            "CU-114": 0,
            "QA-107": 2,
            "BE-107": 3,
            "SU-107": 0,
            "KVB-114": 0,
            "TN-114": 0,
            "MSB-107": 0,
            "FCC-107": 0,
            "OTL-107": 1,
        },
    },
    {
        "key": "c06",
        "sme": "loch-creran",
        "support_type": "skills",
        "themes": ["export"],
        "description": (
            "We got our first order from a deli chain in Belgium, smoked salmon and hot smoked trout. "
            "The first pallet sat at the port for five days because the paperwork was wrong and we lost "
            "half of it. The lass who does our orders is keen but she's never sent anything abroad and "
            "neither have I. We need to understand what forms and codes go with a shipment so it "
            "doesn't happen again."
        ),
        "unfittable": None,
        "grades": {
            "HC-107": 0,
            "CT-107": 0,
            "BM-107": 0,
            "KVB-107": 0,
            "GS-107": 0,
            "HC-114": 0,
            "VMG-107": 0,
            "CU-114": 0,
            "BE-107": 0,
            "SU-107": 0,
            "KVB-114": 3,
            "TN-114": 0,
            "MSB-107": 0,
            "FCC-107": 0,
            "OTL-107": 0,
        },
    },
    {
        "key": "c07",
        "sme": "pritchard-supplies",
        "support_type": "skills",
        "themes": ["finance", "leadership"],
        "description": (
            "Took over the yard from my father in law last year (timber, blocks, aggregates, 14 staff). "
            "The accountant sends me figures every quarter and I nod along but to be honest I cant tell "
            "if were making money on anything. I think some lines we sell for less than they cost us "
            "once delivery is counted. I want to learn to understand the numbers myself and price "
            "properly."
        ),
        "unfittable": None,
        "grades": {
            "HC-107": 0,
            "TN-107": 0,
            "CT-107": 0,
            "BM-107": 0,
            "KVB-107": 0,
            "GS-107": 0,
            "HC-114": 0,
            "VMG-107": 0,
            "CU-114": 2,
            "BE-107": 0,
            "SU-107": 0,
            "KVB-114": 0,
            "TN-114": 0,
            "MSB-107": 0,
            "FCC-107": 3,
            "OTL-107": 0,
        },
    },
    {
        "key": "c08",
        "sme": "weald-oak",
        "support_type": "skills",
        "themes": [],
        "description": (
            "Dad has run the workshop for 30 years making staircases and sash windows, nearly all word "
            "of mouth and a couple of builders who have now retired. I've joined to bring in new work. "
            "I send quotes to developers and architects and then hear nothing back, and I don't know "
            "how to chase without being pushy or how to actually get them to say yes. Would like some "
            "training on that side of things."
        ),
        "unfittable": None,
        "grades": {
            "HC-107": 0,
            "CT-107": 1,
            "BM-107": 0,
            "KVB-107": 0,
            "GS-107": 0,
            "HC-114": 0,
            "VMG-107": 0,
            "CU-114": 1,
            "BE-107": 0,
            "SU-107": 0,
            "KVB-114": 0,
            "TN-114": 0,
            "MSB-107": 3,
            "FCC-107": 0,
            "OTL-107": 0,
        },
    },
    {
        "key": "c09",
        "sme": "ferncourt-lettings",
        "support_type": "skills",
        "themes": ["data-ai", "digital-skills", "digital-adoption"],
        "description": (
            "Small lettings agency in Walthamstow, four of us managing about 180 flats. We lose hours "
            "every week writing property adverts, answering the same tenant emails and typing up "
            "inspection notes. A friend uses ChatGPT for this kind of thing but we're nervous about "
            "putting tenants' details into it. Want someone to teach the team how to use these tools "
            "properly and safely."
        ),
        "unfittable": None,
        "grades": {
            "HC-107": 1,
            "CT-107": 0,
            "BM-107": 0,
            "KVB-107": 0,
            "GS-107": 0,
            "HC-114": 3,
            "VMG-107": 0,
            "BE-107": 0,
            "SU-107": 0,
            "KVB-114": 0,
            "TN-114": 0,
            "MSB-107": 0,
            "FCC-107": 0,
            "OTL-107": 0,
        },
    },
    {
        "key": "c10",
        "sme": "carrow-vets",
        "support_type": "skills",
        "themes": [],
        "description": (
            "A practice down the road got locked out of all their records by ransomware and couldn't "
            "see appointments for a week, which frightened us. Our head nurse has ended up as 'the IT "
            "person' because she's good with computers, but nobody has ever shown her how to lock "
            "things down, check the backups actually work, or what to do on the day if it happens to "
            "us. Is there a course for her?"
        ),
        "unfittable": None,
        "grades": {
            "HC-107": 0,
            "CT-107": 0,
            "BM-107": 0,
            "KVB-107": 1,
            "GS-107": 3,
            "CU-107": 0,
            "HC-114": 0,
            "VMG-107": 0,
            "CU-114": 0,
            "BE-107": 0,
            "BE-114": 0,
            "SU-107": 0,
            "KVB-114": 0,
            "CT-114": 1,
            "TN-114": 0,
            "MSB-107": 0,
            "FCC-107": 0,
            "OTL-107": 0,
        },
    },
    {
        "key": "c11",
        "sme": "mourne-home-support",
        "support_type": "skills",
        "themes": ["workforce"],
        "description": (
            "We are setting up a home care agency in Newry and have 12 carers lined up to start once "
            "we're registered. Before they can go out to clients they all need moving and handling, "
            "medication and first aid training done, with certificates to show the inspector. Looking "
            "for someone who can deliver this to the whole group, ideally at our own premises."
        ),
        "unfittable": (
            "Needs mandatory care-sector certificates (moving and handling, medication, first aid); "
            "no eligible skills offer delivers care-specific training."
        ),
        "grades": {
            "HC-107": 0,
            "CT-107": 0,
            "KVB-107": 0,
            "GS-107": 0,
            "HC-114": 0,
            "VMG-107": 0,
            "BE-107": 0,
            "SU-107": 0,
            "KVB-114": 0,
            "TN-114": 0,
            "MSB-107": 0,
            "FCC-107": 0,
            "OTL-107": 0,
        },
    },
    {
        "key": "c12",
        "sme": "glen-esk-transport",
        "support_type": "skills",
        "themes": [],
        "description": (
            "we run 14 artics and a small warehouse outside brechin. half the drivers have their 35 "
            "hours due before september and the training place we used in dundee has shut. also 2 of "
            "the warehouse lads need their counterbalance tickets. looking for somewhere that can do "
            "the drivers on saturdays so the motors arent off the road"
        ),
        "unfittable": (
            "Needs Driver CPC periodic training and forklift certification; no eligible offer "
            "delivers driver or plant-operator training."
        ),
        "grades": {
            "HC-107": 0,
            "CT-107": 0,
            "BM-107": 0,
            "KVB-107": 0,
            "GS-107": 0,
            "HC-114": 0,
            "VMG-107": 0,
            "CU-114": 0,
            "BE-107": 0,
            "SU-107": 0,
            "KVB-114": 0,
            "TN-114": 0,
            "MSB-107": 0,
            "FCC-107": 0,
            "OTL-107": 0,
        },
    },
    # ----------------------------------------------------------------- funding
    {
        "key": "c13",
        "sme": "dunmore-haulage",
        "support_type": "funding",
        "themes": ["net-zero"],
        "description": (
            "Two of our biggest customers (a supermarket and a parcels firm) now want their deliveries "
            "done with zero emission vehicles by 2026 or we lose the contracts. We need to replace 6 of "
            "our 7.5 tonners with electric ones and put chargers in at the yard in Wednesbury. The cost "
            "is frightening, roughly twice a diesel. Need a way of paying for them over a few years."
        ),
        "unfittable": None,
        "grades": {
            "SU-114": 1,
            "KVB-121": 3,
            "MSB-114": 0,
            "CCF-107": 0,
            "CCF-114": 2,
            "HC-121": 0,
            "KVB-135": 0,
            "MSB-121": 0,
            "MSB-128": 1,
            "SU-121": 1,
        },
    },
    {
        "key": "c14",
        "sme": "higher-venn-farm",
        "support_type": "funding",
        "themes": ["net-zero", "finance"],
        "description": (
            "Dairy farm, 180 cows. The milk cooling tanks and parlour are costing us over £2k a month "
            "in electric now. We've had a quote of £38,000 for solar panels and a battery on the big "
            "shed roof which would knock a lot off, but we haven't got that sitting in the bank after "
            "the last two years. Is there any help to pay for it?"
        ),
        "unfittable": None,
        "grades": {
            "KVB-121": 3,
            "BE-121": 2,
            "KVB-128": 1,
            "CCF-114": 1,
            "HC-121": 0,
            "KVB-135": 0,
            "TN-121": 0,
            "MSB-121": 0,
            "MSB-128": 1,
            "PF-107": 0,
            "SU-121": 3,
        },
    },
    {
        "key": "c15",
        "sme": "tyne-valley-groundworks",
        "support_type": "funding",
        "themes": ["finance"],
        "description": (
            "We're a groundworks contractor with 26 staff. Most of our work is for two big housebuilders "
            "who pay 60 to 75 days after we invoice, so there's about £210k owed to us at any one time. "
            "Wages go out every Friday and materials on 30 days, so we're always juggling, and last "
            "month we turned down a big job because we couldn't carry it. We want something that evens "
            "out the gap."
        ),
        "unfittable": None,
        "grades": {
            "SU-114": 0,
            "KVB-121": 0,
            "BE-121": 0,
            "MSB-114": 3,
            "KVB-128": 1,
            "CCF-107": 3,
            "CCF-114": 0,
            "HC-121": 0,
            "KVB-135": 0,
            "TN-121": 0,
            "MSB-121": 0,
            "MSB-128": 1,
            "ACF-107": 1,
            "SU-121": 0,
        },
    },
    {
        "key": "c16",
        "sme": "pampered-paws",
        "support_type": "funding",
        "themes": [],
        "description": (
            "i have been grooming dogs in a salon for 6 years and want to go on my own with a mobile "
            "van. the van fitted out is about 14 thousand. i went to my bank and they said no because "
            "i am not trading yet and have no accounts. i am a single mum in croydon and have about 2k "
            "saved. what can i do"
        ),
        "unfittable": None,
        "grades": {
            "KVB-121": 1,
            "CCF-114": 1,
            "CEF-107": 3,
            "TF-107": 2,
            "CU-121": 0,
            "HC-121": 0,
            "KVB-135": 0,
            "TN-121": 0,
            "MSB-121": 0,
            "SU-121": 0,
        },
    },
    {
        "key": "c17",
        "sme": "harbour-fry",
        "support_type": "funding",
        "themes": [],
        "description": (
            "Fish and chip shop in Arbroath, going 9 years. The range is on its last legs and the "
            "extraction needs redone, about £32k all in. Trouble is I got a CCJ in 2021 when things went "
            "bad in covid (paid off now) and every lender just says computer says no. Business is doing "
            "fine now, busy every night. Need someone who will actually look at us properly."
        ),
        "unfittable": None,
        "grades": {
            "KVB-121": 1,
            "BE-121": 1,
            "KVB-128": 0,
            "CCF-114": 1,
            "HC-121": 0,
            "KVB-135": 0,
            "TN-121": 0,
            "MSB-121": 0,
            "MSB-128": 1,
            "ACF-107": 3,
            "SU-121": 1,
        },
    },
    {
        "key": "c18",
        "sme": "sutton-motors",
        "support_type": "funding",
        "themes": [],
        "description": (
            "Our landlord is retiring and has offered to sell us the unit we've rented for 17 years "
            "(4 bays, MOT lane, small office) for £340,000. We've got about £90k we could put in. If we "
            "don't buy it he'll sell to someone else and we'd have to move everything including the MOT "
            "bay, which would be a nightmare."
        ),
        "unfittable": None,
        "grades": {
            "SU-114": 0,
            "KVB-121": 0,
            "MSB-114": 0,
            "KVB-128": 0,
            "CCF-107": 0,
            "CCF-114": 0,
            "HC-121": 0,
            "KVB-135": 0,
            "TN-121": 0,
            "MSB-121": 3,
            "MSB-128": 2,
            "PF-107": 0,
            "SU-121": 0,
        },
    },
    {
        "key": "c19",
        "sme": "teifi-trailers",
        "support_type": "funding",
        "themes": [],
        "description": (
            "We build livestock trailers. Since we changed who supplies our galvanised steel, the paint "
            "on the floors and ramps blisters and flakes within a year and farmers are sending trailers "
            "back. The painter and the steel supplier blame each other. We need someone who really "
            "knows metals and coatings to test what's going on and tell us how to fix it, but we don't "
            "know who to ask or how we'd pay for it."
        ),
        "unfittable": None,
        "grades": {
            "KVB-121": 0,
            "BE-121": 0,
            "KVB-128": 0,
            "CCF-107": 0,
            "CCF-114": 0,
            "CEF-107": 1,
            "TCP-107": 0,
            "CU-121": 0,
            "QA-114": 1,
            "HC-121": 3,
            "KVB-135": 0,
            "TN-121": 0,
            "MSB-121": 0,
            "ACF-107": 0,
            "PF-107": 0,
            "SU-121": 0,
        },
    },
    {
        "key": "c20",
        "sme": "downs-brew",
        "support_type": "funding",
        "themes": ["finance"],
        "description": (
            "We brew kombucha in Lewes and have gone from 3 to 19 staff in two years; we're in Waitrose "
            "and Ocado now and a national coffee chain wants us. The brewhouse is maxed out. We're "
            "looking to raise around £400k to fit out a bigger unit and would rather bring in people "
            "who've done this before than load ourselves with more bank debt."
        ),
        "unfittable": None,
        "grades": {
            "KVB-121": 0,
            "BE-121": 0,
            "MSB-114": 1,
            "CCF-107": 0,
            "CCF-114": 1,
            "TCP-107": 2,
            "CU-121": 3,
            "QA-114": 0,
            "HC-121": 0,
            "KVB-135": 0,
            "TN-121": 0,
            "MSB-121": 0,
            "MSB-128": 1,
            "PF-107": 0,
            "SU-121": 0,
        },
    },
    {
        "key": "c21",
        "sme": "ashby-precision",
        "support_type": "funding",
        "themes": [],
        "description": (
            "We've won our first big export order, machined parts for a pump maker in Ontario, worth "
            "about £180k over the year. They pay 90 days after delivery and we have to buy in the bar "
            "stock and run extra shifts up front. Our bank is being slow and cautious because the "
            "customer is overseas. We want to take the order without running the business dry."
        ),
        "unfittable": None,
        "grades": {
            "SU-114": 0,
            "KVB-121": 0,
            "MSB-114": 2,
            "KVB-128": 1,
            "CCF-107": 2,
            "CCF-114": 0,
            "QA-114": 0,
            "HC-121": 0,
            "KVB-135": 3,
            "TN-121": 0,
            "MSB-121": 0,
            "MSB-128": 1,
            "PF-107": 0,
            "SU-121": 0,
        },
    },
    {
        "key": "c22",
        "sme": "mardle-hardware",
        "support_type": "funding",
        "themes": ["digital-adoption"],
        "description": (
            "Old fashioned hardware shop in Holt, in the family since 1962. Everything is still on paper "
            "and an old till so we never really know what's in stock and I spend Sunday nights counting. "
            "My daughter wants us selling online too. We need one system that does the till, the stock "
            "and a website together, but the quotes we've had are £6-8k and that's a lot for us."
        ),
        "unfittable": None,
        "grades": {
            "SU-114": 0,
            "KVB-121": 0,
            "KVB-128": 1,
            "CCF-107": 0,
            "CCF-114": 1,
            "HC-121": 0,
            "KVB-135": 0,
            "TN-121": 3,
            "MSB-121": 0,
            "MSB-128": 0,
            "PF-107": 0,
            "SU-121": 0,
        },
    },
    {
        "key": "c23",
        "sme": "rowes-bakery",
        "support_type": "funding",
        "themes": ["net-zero", "finance"],
        "description": (
            "Family bakery in Beverley, 3 shops and 31 staff. Our gas and electric has gone from £4k to "
            "£11k a month. The deck ovens are 25 years old, the walk-in freezer never stops running and "
            "the bakehouse still has the old tube lights. We know new kit would use far less but we "
            "can't find £60k+ out of the takings. Any grants or help to do this?"
        ),
        "unfittable": None,
        "grades": {
            "SU-114": 3,
            "KVB-121": 2,
            "MSB-114": 0,
            "KVB-128": 0,
            "CCF-107": 0,
            "CCF-114": 2,
            "QA-114": 0,
            "HC-121": 0,
            "KVB-135": 0,
            "TN-121": 0,
            "MSB-121": 0,
            "MSB-128": 1,
            "ACF-107": 1,
            "PF-107": 0,
            "SU-121": 3,
        },
    },
    {
        "key": "c24",
        "sme": "sperrin-knitwear",
        "support_type": "funding",
        "themes": ["export", "marketing-sales"],
        "description": (
            "We hand-finish Aran style knitwear in a small workshop near Dungiven, 6 of us. A buyer from "
            "Tokyo told us we should be at the big Paris trade fair in January, but the stand, travel "
            "and samples come to around £11k. Years ago there was help towards trade show costs - is "
            "there any grant for that now? We don't want to borrow for it."
        ),
        "unfittable": (
            "Wants a grant towards an overseas trade fair stand; no funding offer subsidises trade show "
            "costs and the owner rules out borrowing."
        ),
        "grades": {
            "KVB-121": 0,
            "KVB-128": 0,
            "CCF-107": 0,
            "CCF-114": 0,
            "QA-114": 0,
            "HC-121": 0,
            "KVB-135": 1,
            "TN-121": 0,
            "MSB-121": 0,
            "MSB-128": 1,
            "PF-107": 0,
            "SU-121": 0,
        },
    },
]
