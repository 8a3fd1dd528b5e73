"""Development needs, part e: written without seeing the engine, its synonyms or the other needs."""

# key: (business name, contact name, contact email, region, sector, size, stage)
SMES = {
    "bramblecote": (
        "Bramblecote Farm Shop",
        "Janet Wragg",
        "janet.bramblecote@example.com",
        "east-midlands",
        "G",
        "micro",
        "established",
    ),
    "harcourt-precision": (
        "Harcourt Precision Engineering Ltd",
        "Dev Sandhu",
        "dev.sandhu.harcourtprecision@example.com",
        "west-midlands",
        "C",
        "small",
        "established",
    ),
    "kielder-edge": (
        "Kielder Edge Glamping",
        "Fiona Charlton",
        "fiona.kielderedge@example.org",
        "north-east",
        "I",
        "micro",
        "startup",
    ),
    "tetley-joinery": (
        "Tetley & Sons Joinery Ltd",
        "Gary Tetley",
        "gary.tetleyjoinery@example.com",
        "yorkshire-humber",
        "F",
        "small",
        "established",
    ),
    "kernow-paddle": (
        "Kernow Paddle Gear",
        "Tamsin Rowe",
        "tamsin.rowe@example.com",
        "south-west",
        "C",
        "micro",
        "pre-start",
    ),
    "mourne-bakehouse": (
        "Mourne Bakehouse Ltd",
        "Ciaran McAteer",
        "ciaran.mcateer.mournebakehouse@example.com",
        "northern-ireland",
        "C",
        "medium",
        "scaling",
    ),
    "dartside-ices": (
        "Dartside Dairy Ices Ltd",
        "Helen Cole",
        "helen.dartsideices@example.com",
        "south-west",
        "C",
        "small",
        "established",
    ),
    "glenkiln-farming": (
        "Glenkiln Farming Partnership",
        "Alasdair Kerr",
        "alasdair.kerr.glenkiln@example.org",
        "scotland",
        "A",
        "small",
        "established",
    ),
    "bowland-fell": (
        "Bowland Fell Creamery",
        "Ruth Hargreaves",
        "ruth.bowlandfell@example.com",
        "north-west",
        "C",
        "micro",
        "established",
    ),
    "methil-fab": (
        "Methil Fabrication Ltd",
        "Stuart Wemyss",
        "s.wemyss.methilfab@example.com",
        "scotland",
        "C",
        "medium",
        "established",
    ),
    "humber-tap": (
        "Humber Tap Brewing Co",
        "Liam Ostler",
        "liam.humbertap@example.com",
        "yorkshire-humber",
        "C",
        "small",
        "scaling",
    ),
    "fresh-start-cic": (
        "Fresh Start Cleaning CIC",
        "Amina Yusuf",
        "amina.yusuf@example.org",
        "west-midlands",
        "N",
        "micro",
        "pre-start",
    ),
    "tan-gwyrdd": (
        "Tân Gwyrdd Heating",
        "Rhodri Evans",
        "rhodri.tangwyrdd@example.com",
        "wales",
        "F",
        "micro",
        "startup",
    ),
    "wealden-wick": (
        "Wealden Wick Candles",
        "Poppy Marsh",
        "hello.wealdenwick@example.com",
        "south-east",
        "G",
        "micro",
        "startup",
    ),
    "lorn-sea-safaris": (
        "Lorn Sea Safaris",
        "Iain MacDougall",
        "iain.lornseasafaris@example.com",
        "scotland",
        "R",
        "micro",
        "established",
    ),
    "peckham-heat": (
        "Peckham Heat Sauce Co",
        "Kwame Asante",
        "kwame.asante@example.com",
        "london",
        "C",
        "micro",
        "pre-start",
    ),
    "soar-controls": (
        "Soar Controls Ltd",
        "Priya Mistry",
        "priya.mistry.soarcontrols@example.com",
        "east-midlands",
        "C",
        "small",
        "scaling",
    ),
    "eden-valley-surveying": (
        "Eden Valley Rural Surveying",
        "Tom Bainbridge",
        "tom.edenvalleysurveying@example.com",
        "north-west",
        "M",
        "micro",
        "startup",
    ),
    "fenbridge-medical": (
        "Fenbridge Medical Devices Ltd",
        "Dr Sarah Okafor",
        "sarah.okafor.fenbridgemedical@example.com",
        "east",
        "M",
        "micro",
        "startup",
    ),
    "wearside-vintage": (
        "Wearside Vintage",
        "Jordan Pallister",
        "jordan.pallister@example.com",
        "north-east",
        "G",
        "micro",
        "pre-start",
    ),
    "horwich-build": (
        "Horwich Build & Renovate Ltd",
        "Mick Fairhurst",
        "mick.horwichbuild@example.com",
        "north-west",
        "F",
        "small",
        "established",
    ),
    "seaside-homecare": (
        "Seaside Homecare Ltd",
        "Donna Whitfield",
        "donna.whitfield.seasidehomecare@example.org",
        "south-east",
        "Q",
        "medium",
        "established",
    ),
}

NEEDS = [
    # ------------------------------------------------------------------ technology
    {
        "key": "e01",
        "sme": "bramblecote",
        "support_type": "technology",
        "themes": ["digital-adoption"],
        "description": (
            "We run a farm shop with a little tearoom on the side. The till is about 15 years old and "
            "only takes cash, Sunday lunch bookings go in a paper diary, and half the time we don't know "
            "we've run out of eggs or sausages until a customer asks. Walkers keep leaving because they "
            "only have their phone to pay with."
        ),
        "unfittable": None,
        "grades": {
            "BC-107": 1,
            "TN-142": 0,
            "FCC-135": 0,
            "QS-107": 0,
            "TN-149": 0,
            "SU-135": 0,
            "CU-149": 0,
            "QA-135": 0,
            "CT-142": 0,
            "GS-121": 0,
            "TP-107": 3,
            "KVB-163": 0,
            "QS-114": 0,
            "HC-149": 0,
        },
    },
    {
        "key": "e02",
        "sme": "harcourt-precision",
        "support_type": "technology",
        "themes": ["data-ai"],
        "description": (
            "Lost nearly a week of production in March when the spindle bearings on our main CNC lathe "
            "went with no warning, and we let a good customer down. Our older setters say they used to be "
            "able to hear trouble coming, but two of them retire this year. We'd like some way of keeping "
            "an eye on the machines so we get them fixed before they fail, not after."
        ),
        "unfittable": None,
        "grades": {
            "CT-135": 0,
            "BC-107": 0,
            "TN-142": 0,
            "FCC-135": 0,
            "QS-107": 0,
            "TN-149": 0,
            "TN-156": 1,
            "VMG-128": 3,
            "SU-135": 1,
            "CU-149": 0,
            "QA-135": 0,
            "CT-142": 0,
            "GS-121": 0,
            "KVB-163": 0,
            "QS-114": 0,
            "HC-149": 0,
        },
    },
    {
        "key": "e03",
        "sme": "kielder-edge",
        "support_type": "technology",
        "themes": ["connectivity"],
        "description": (
            "opened 2 yrs ago, 6 shepherds huts up past Bellingham. mobile signal is basically nothing and "
            "the wifi off the farmhouse line drops every evening when guests try to stream anything. reviews "
            "keep mentioning it and the card machine at reception cuts out too. want a proper line put in "
            "but BT quoted us £9k for the digging"
        ),
        "unfittable": None,
        "grades": {
            "BC-107": 0,
            "TN-142": 0,
            "FCC-135": 0,
            "QS-107": 0,
            "TN-149": 3,
            "SU-135": 0,
            "CU-149": 0,
            "CT-142": 0,
            "GS-121": 0,
            "TP-107": 1,
            "KVB-163": 0,
            "QS-114": 0,
            "HC-149": 0,
        },
    },
    {
        "key": "e04",
        "sme": "tetley-joinery",
        "support_type": "technology",
        "themes": ["cyber-security"],
        "description": (
            "Somebody got into our office manager's email last month and sent one of our customers an "
            "invoice with different bank details on it. They paid £14,000 into it before anyone noticed. "
            "We're 20-odd people, mostly out on site, everyone uses their own phones and the same few "
            "passwords. What do we need to put in so this can't happen again?"
        ),
        "unfittable": None,
        "grades": {
            "BC-107": 0,
            "TN-142": 0,
            "FCC-135": 0,
            "QS-107": 0,
            "TN-149": 0,
            "SU-135": 0,
            "CU-149": 0,
            "CT-142": 0,
            "GS-121": 3,
            "KVB-163": 0,
            "QS-114": 0,
            "HC-149": 1,
        },
    },
    {
        "key": "e05",
        "sme": "kernow-paddle",
        "support_type": "technology",
        "themes": ["innovation-rd"],
        "description": (
            "I've designed a clip that holds a phone and a water bottle on a paddleboard deck without "
            "drilling it. I have the CAD drawings, but the quote for an injection mould is £11k and I don't "
            "want to spend that until 30 or 40 people have actually used it for a summer. I need a way to "
            "make a short run of decent samples, ideally in a couple of different plastics."
        ),
        "unfittable": None,
        "grades": {
            "CT-135": 0,
            "BC-107": 0,
            "TN-142": 0,
            "FCC-135": 0,
            "QS-107": 0,
            "TN-149": 0,
            "VMG-128": 0,
            "SU-135": 0,
            "CU-149": 3,
            "QA-135": 0,
            "CT-142": 0,
            "GS-121": 0,
            "KVB-163": 0,
            "QS-114": 0,
            "HC-149": 0,
        },
    },
    {
        "key": "e06",
        "sme": "mourne-bakehouse",
        "support_type": "technology",
        "themes": ["workforce", "digital-adoption"],
        "description": (
            "We make traybakes and wheaten bread for two supermarket chains and orders have doubled since "
            "we got the GB listing. The bottleneck is the end of the line: four people lifting cases onto "
            "pallets all night. It's heavy, boring work and we can't recruit for nights. We'd like to try "
            "something that stacks the cases for us before we commit to buying anything."
        ),
        "unfittable": None,
        "grades": {
            "CT-135": 0,
            "BC-107": 0,
            "QS-107": 0,
            "TN-149": 0,
            "TN-156": 1,
            "VMG-128": 1,
            "SU-135": 0,
            "CU-149": 0,
            "QA-135": 3,
            "CT-142": 0,
            "GS-121": 0,
            "QS-114": 0,
            "HC-149": 0,
        },
    },
    {
        "key": "e07",
        "sme": "dartside-ices",
        "support_type": "technology",
        "themes": ["net-zero", "finance"],
        "description": (
            "Our electricity bill has gone from about £2k a quarter to nearly £7k. We've got a hardening "
            "room, six chest freezers, the batch freezers and a compressor that one of the lads reckons is "
            "running all night for no reason. Before we spend money on new kit we want to actually see "
            "what's using what, and when."
        ),
        "unfittable": None,
        "grades": {
            "CT-135": 0,
            "BC-107": 0,
            "TN-142": 0,
            "FCC-135": 0,
            "QS-107": 0,
            "TN-149": 0,
            "TN-156": 0,
            "VMG-128": 1,
            "SU-135": 3,
            "CU-149": 0,
            "QA-135": 0,
            "CT-142": 0,
            "GS-121": 0,
            "KVB-163": 0,
            "QS-114": 0,
            "HC-149": 0,
        },
    },
    {
        "key": "e08",
        "sme": "glenkiln-farming",
        "support_type": "technology",
        "themes": ["workforce", "innovation-rd"],
        "description": (
            "We milk 180 cows twice a day near Dalbeattie and it's getting impossible to find milkers "
            "willing to do 4am starts. Thinking about going over to robots, but at £150k a box we'd want to "
            "lease or borrow one for a season first to see how the herd takes to it."
        ),
        "unfittable": "No offer lends or trials robotic milking equipment; the farm-tech loan is crop sensors and drones, the robot trial is for production lines.",
        "grades": {
            "BC-107": 0,
            "TN-142": 0,
            "FCC-135": 0,
            "QS-107": 0,
            "TN-149": 0,
            "TN-156": 0,
            "VMG-128": 0,
            "SU-135": 0,
            "CU-149": 0,
            "CT-142": 0,
            "GS-121": 0,
            "KVB-163": 0,
            "QS-114": 0,
            "HC-149": 0,
            "CA-107": 1,
        },
    },
    # ------------------------------------------------------------------ market-access
    {
        "key": "e09",
        "sme": "bowland-fell",
        "support_type": "market-access",
        "themes": ["marketing-sales"],
        "description": (
            "We make three cheeses, two crumbly and a blue, from our own herd's milk and sell them at "
            "farmers markets and a few delis round Clitheroe. We'd love to get into a supermarket and into "
            "the hotels up in the Lakes, but we don't know who to ring, and we've heard the supermarkets "
            "want all sorts of audits and labelling we haven't got."
        ),
        "unfittable": None,
        "grades": {
            "CU-156": 0,
            "PHA-114": 0,
            "PF-121": 3,
            "KVB-170": 0,
            "TN-163": 0,
            "BC-114": 1,
            "QA-142": 0,
            "VMG-135": 0,
            "MSB-142": 0,
            "CT-149": 0,
            "KVB-177": 1,
            "RHG-107": 3,
            "MSB-149": 0,
            "KVB-184": 1,
            "BC-121": 0,
            "RCG-114": 0,
        },
    },
    {
        "key": "e10",
        "sme": "methil-fab",
        "support_type": "market-access",
        "themes": [],
        "description": (
            "We're a fab shop in Methil, about 60 of us, mostly doing tanks and walkways for the distilleries "
            "and the odd bridge job. There's huge money going into the wind farms off the Forth and we can't "
            "get a look in - we don't know what tickets and approvals the big contractors want from us or "
            "who to even talk to."
        ),
        "unfittable": None,
        "grades": {
            "CU-156": 0,
            "PHA-114": 1,
            "PF-121": 0,
            "KVB-170": 0,
            "TN-163": 0,
            "BC-114": 0,
            "BE-142": 3,
            "QA-142": 0,
            "VMG-135": 0,
            "MSB-142": 0,
            "CT-149": 0,
            "KVB-177": 1,
            "RHG-107": 0,
            "MSB-149": 0,
            "KVB-184": 1,
            "BC-121": 0,
            "RCG-114": 0,
        },
    },
    {
        "key": "e11",
        "sme": "humber-tap",
        "support_type": "market-access",
        "themes": ["export", "marketing-sales"],
        "description": (
            "Our IPAs have won a couple of awards and we've had emails from bars in Amsterdam and Copenhagen "
            "asking about stock, but we've never shipped anything abroad and don't know who we'd sell "
            "through over there. We want to find a proper importer or distributor in Holland and "
            "Scandinavia and maybe go out and meet people. Currently 45,000 litres a year, aiming to double."
        ),
        "unfittable": None,
        "grades": {
            "CU-156": 0,
            "PHA-114": 0,
            "PF-121": 1,
            "KVB-170": 3,
            "TN-163": 3,
            "BC-114": 1,
            "BE-142": 0,
            "QA-142": 0,
            "VMG-135": 0,
            "MSB-142": 0,
            "CT-149": 0,
            "KVB-177": 1,
            "MSB-149": 0,
            "KVB-184": 0,
            "BC-121": 1,
            "RCG-114": 0,
        },
    },
    {
        "key": "e12",
        "sme": "fresh-start-cic",
        "support_type": "market-access",
        "themes": ["workforce"],
        "description": (
            "I'm setting up a cleaning company as a CIC to give paid work to women leaving the refuge where "
            "I volunteer - a lot of them have cleaned professionally before but can't get past the gaps in "
            "their CV and need hours that fit round school. We launch in the spring, four of us to start, and "
            "no customers yet. I'd really like our first contracts to be with places like the hospital, the "
            "university or the council rather than just house cleans, because that's steady work, but I have "
            "no idea how you get your foot in the door with them or who you even ring."
        ),
        "unfittable": None,
        "grades": {
            "CU-156": 2,
            "PHA-114": 1,
            "TN-163": 0,
            "VMG-135": 0,
            "MSB-142": 2,
            "CU-163": 3,
            "RCG-107": 1,
            "KVB-177": 1,
            "MSB-149": 3,
            "KVB-184": 2,
            "RCG-114": 2,
        },
    },
    {
        "key": "e13",
        "sme": "tan-gwyrdd",
        "support_type": "market-access",
        "themes": ["net-zero", "marketing-sales"],
        "description": (
            "Me and my brother did the MCS course last year and have fitted 11 air source systems around "
            "Carmarthen, all from word of mouth. We've got the van and the training but the phone doesn't "
            "ring enough, the big energy companies seem to get all the customers. Is there anybody that can "
            "send homeowners our way?"
        ),
        "unfittable": None,
        "grades": {
            "CU-156": 0,
            "PHA-114": 0,
            "TN-163": 0,
            "BE-142": 0,
            "MSB-142": 0,
            "RCG-107": 1,
            "SU-142": 3,
            "KVB-177": 1,
            "MSB-149": 1,
            "KVB-184": 0,
            "RCG-114": 0,
        },
    },
    {
        "key": "e14",
        "sme": "wealden-wick",
        "support_type": "market-access",
        "themes": [],
        "description": (
            "just me and my sister pouring soy candles in a unit in Tenterden. we sell through our own "
            "shopify site and craft fairs, maybe 60 orders a month. people keep asking if we're on amazon or "
            "etsy and we've no idea how to set that up or if the fees kill you. also had a few enquiries "
            "from ireland and germany we couldnt work out postage for"
        ),
        "unfittable": None,
        "grades": {
            "CU-156": 0,
            "PHA-114": 0,
            "TN-163": 1,
            "BC-114": 3,
            "MSB-142": 0,
            "KVB-177": 0,
            "MSB-149": 0,
            "KVB-184": 0,
            "BC-121": 2,
            "RCG-114": 0,
        },
    },
    {
        "key": "e15",
        "sme": "harcourt-precision",
        "support_type": "market-access",
        "themes": [],
        "description": (
            "Our biggest customer, a car parts firm worth about 40% of our turnover, is moving the work to "
            "Eastern Europe next year. We already machine tight-tolerance parts in titanium and stainless, "
            "so we think we could do aircraft work, but we've no idea what quality approvals we'd need or "
            "how to get in front of the people who do the buying."
        ),
        "unfittable": None,
        "grades": {
            "CU-156": 0,
            "PHA-114": 1,
            "PF-121": 0,
            "KVB-170": 0,
            "TN-163": 0,
            "BC-114": 0,
            "QA-142": 3,
            "VMG-135": 1,
            "MSB-142": 0,
            "CT-149": 0,
            "CU-163": 0,
            "KVB-177": 1,
            "MSB-149": 0,
            "KVB-184": 1,
            "BC-121": 0,
            "RCG-114": 0,
        },
    },
    {
        "key": "e16",
        "sme": "lorn-sea-safaris",
        "support_type": "market-access",
        "themes": ["marketing-sales"],
        "description": (
            "We run wildlife boat trips out of Oban on a 12-seat RIB, April to October. More and more cruise "
            "ships anchor in the bay and the passengers all go off on the coach tours the ship has booked. "
            "How do we get onto the list of trips the cruise lines sell onboard? Nobody will tell us who "
            "decides."
        ),
        "unfittable": "No offer connects local tour operators with cruise lines' shore-excursion buyers or ground handlers.",
        "grades": {
            "CU-156": 0,
            "PHA-114": 0,
            "KVB-170": 0,
            "TN-163": 0,
            "MSB-142": 0,
            "KVB-177": 1,
            "BM-135": 0,
            "MSB-149": 0,
            "KVB-184": 0,
            "BC-121": 0,
            "RCG-114": 0,
        },
    },
    # ------------------------------------------------------------------ workspace
    {
        "key": "e17",
        "sme": "peckham-heat",
        "support_type": "workspace",
        "themes": [],
        "description": (
            "I've been making hot sauce in my flat in Peckham and selling to friends, and now a deli in "
            "Brixton wants 10 cases a month. The council's environmental health officer said I can't do that "
            "volume from a domestic kitchen and need somewhere properly registered. I can't afford to rent a "
            "unit full time yet, I really only need 2 days a week."
        ),
        "unfittable": None,
        "grades": {
            "HC-156": 0,
            "KVB-191": 0,
            "CU-177": 0,
            "QA-149": 0,
            "TN-177": 0,
            "CU-184": 0,
            "PF-128": 3,
            "BM-142": 0,
            "RHG-114": 0,
            "MSB-156": 0,
            "CA-114": 0,
            "BE-149": 0,
            "ALP-107": 0,
            "KVB-198": 0,
            "TN-184": 0,
        },
    },
    {
        "key": "e18",
        "sme": "soar-controls",
        "support_type": "workspace",
        "themes": [],
        "description": (
            "We build control panels and wiring looms for agricultural machinery. We've gone from 12 to 31 "
            "staff in eighteen months and are now working out of two rented garages a mile apart with stock "
            "in a shipping container. Need one proper building, 3,000 sq ft or so, with 3-phase and lorry "
            "access, within about 10 miles of Leicester so we don't lose staff."
        ),
        "unfittable": None,
        "grades": {
            "KVB-191": 0,
            "CU-170": 0,
            "RCG-121": 1,
            "CU-177": 0,
            "QA-149": 0,
            "TN-177": 0,
            "CU-184": 0,
            "VMG-142": 3,
            "PF-128": 0,
            "BM-142": 0,
            "RHG-114": 0,
            "MSB-156": 0,
            "CA-114": 0,
            "BE-149": 0,
            "ALP-107": 1,
            "KVB-198": 0,
            "TN-184": 0,
        },
    },
    {
        "key": "e19",
        "sme": "eden-valley-surveying",
        "support_type": "workspace",
        "themes": ["connectivity"],
        "description": (
            "I went self-employed as a rural surveyor 18 months ago and work from the kitchen table near "
            "Kirkby Stephen. Broadband is 3Mbps on a good day, uploading drone survey files takes all night, "
            "and I've nowhere professional to meet farmers and solicitors. Looking for a desk or small office "
            "in Appleby or Penrith that doesn't cost city prices."
        ),
        "unfittable": None,
        "grades": {
            "HC-156": 1,
            "KVB-191": 2,
            "CU-177": 0,
            "QA-149": 0,
            "TN-177": 0,
            "CU-184": 0,
            "BM-142": 0,
            "RHG-114": 1,
            "CA-114": 0,
            "BE-149": 0,
            "CT-156": 1,
            "ACF-121": 3,
            "KVB-198": 2,
            "ALP-114": 0,
            "TN-184": 1,
        },
    },
    {
        "key": "e20",
        "sme": "fenbridge-medical",
        "support_type": "workspace",
        "themes": ["innovation-rd"],
        "description": (
            "Three of us, spun out of a hospital project, and we've built a wearable pump controller for home "
            "dialysis patients. Before it can be approved we have to prove it doesn't interfere with other "
            "equipment and keeps working after being shaken about and put through hot and cold cycles. The "
            "test houses we've rung are booked up for months and want £20k+."
        ),
        "unfittable": None,
        "grades": {
            "KVB-191": 0,
            "CU-170": 0,
            "CU-177": 0,
            "QA-149": 3,
            "TN-177": 1,
            "CU-184": 0,
            "BM-142": 0,
            "RHG-114": 0,
            "CA-114": 0,
            "BE-149": 1,
            "CT-156": 0,
            "KVB-198": 0,
            "ALP-114": 0,
            "TN-184": 0,
        },
    },
    {
        "key": "e21",
        "sme": "wearside-vintage",
        "support_type": "workspace",
        "themes": [],
        "description": (
            "want to try running an actual shop for a month or two before i sign any lease. sell vintage "
            "80s/90s sportswear on depop at the moment, based in sunderland"
        ),
        "unfittable": None,
        "grades": {
            "KVB-191": 0,
            "CU-184": 0,
            "PF-128": 0,
            "BM-142": 0,
            "RHG-114": 0,
            "MSB-156": 3,
            "ALP-107": 0,
            "ACF-121": 0,
            "KVB-198": 0,
            "ALP-114": 1,
            "TN-184": 0,
        },
    },
    {
        "key": "e22",
        "sme": "horwich-build",
        "support_type": "workspace",
        "themes": [],
        "description": (
            "We're a 14-man building firm. For years we've kept materials, scaffold and the mixers in my "
            "dad's back field but the neighbour complained to the council and we've been told to shift it. "
            "Need a lock-up yard or a unit with a big door where we can keep gear and load the vans first "
            "thing, on easy terms, somewhere near the M61."
        ),
        "unfittable": None,
        "grades": {
            "KVB-191": 0,
            "RCG-121": 0,
            "CU-184": 0,
            "BM-142": 0,
            "RHG-114": 0,
            "ACF-121": 0,
            "KVB-198": 0,
            "ALP-114": 3,
            "TN-184": 0,
        },
    },
    {
        "key": "e23",
        "sme": "seaside-homecare",
        "support_type": "workspace",
        "themes": ["workforce"],
        "description": (
            "We've just taken on 22 new carers for a council contract and they all need three days of "
            "induction before they can go out - moving and handling, medication, first aid. Our office only "
            "seats about 8 and a hotel conference room in Brighton is £400 a day. Anywhere we could use free "
            "or cheap for those three days in June?"
        ),
        "unfittable": None,
        "grades": {
            "KVB-191": 1,
            "RCG-121": 0,
            "CU-177": 0,
            "TN-177": 0,
            "CU-184": 0,
            "BM-142": 0,
            "RHG-114": 3,
            "KVB-198": 1,
            "ALP-114": 0,
            "TN-184": 3,
        },
    },
    {
        "key": "e24",
        "sme": "dartside-ices",
        "support_type": "workspace",
        "themes": [],
        "description": (
            "From May to August we can't keep up with demand, so we make ahead through the spring, but we've "
            "nowhere to keep it. Our hardening room holds about 6 pallets and we need room for another 30-40 "
            "at minus 25. The nearest frozen store is in Bristol and wants a 12 month contract. Looking for "
            "somewhere closer in Devon we can rent just for the season."
        ),
        "unfittable": "No offer has frozen or cold storage; the warehouse offer is ambient only and the enterprise kitchen is hourly production space.",
        "grades": {
            "KVB-191": 0,
            "RCG-121": 0,
            "CU-177": 0,
            "QA-149": 0,
            "TN-177": 0,
            "CU-184": 0,
            "PF-128": 1,
            "BM-142": 0,
            "RHG-114": 0,
            "MSB-156": 0,
            "CA-114": 0,
            "BE-149": 0,
            "ALP-107": 1,
            "ACF-121": 0,
            "KVB-198": 0,
            "TN-184": 0,
        },
    },
]
