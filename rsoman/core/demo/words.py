"""Word lists for the demo caseload.

Forenames are common ones (a forename alone identifies nobody). Surnames and street names are
built from invented syllables chosen so that the results are not real family or street names.
Every phrase describes a fictional person; nothing here is drawn from a real case.
"""

from __future__ import annotations

import re

# Long lists kept compact on purpose.
# fmt: off
MALE_FORENAMES: tuple[str, ...] = (
    "James", "John", "David", "Michael", "Paul", "Mark", "Daniel", "Andrew", "Richard", "Peter",
    "Stephen", "Robert", "Christopher", "Thomas", "Matthew", "Lee", "Gary", "Kevin", "Anthony",
    "Jason", "Darren", "Wayne", "Craig", "Carl", "Dean", "Adam", "Ryan", "Liam", "Jamie", "Sean",
    "Nathan", "Luke", "Ben", "Samuel", "Joseph", "George", "Simon", "Neil", "Ian", "Martin",
    "Philip", "Graham", "Keith", "Terry", "Colin", "Barry", "Alan", "Brian", "Derek", "Trevor",
    "Mohammed", "Ali", "Imran", "Tariq", "Ravi", "Sanjay", "Tomasz", "Piotr", "Marius", "Andrei",
    "Kwame", "Tunde", "Emeka", "Delroy", "Winston", "Leon", "Marcus", "Jerome", "Callum", "Connor",
    "Kieran", "Aaron", "Jordan", "Scott", "Stuart", "Gavin", "Russell", "Vincent", "Patrick",
    "Declan", "Luis", "Carlos", "Dimitri", "Stefan", "Ahmed", "Omar", "Hassan", "Yusuf",
)
FEMALE_FORENAMES: tuple[str, ...] = (
    "Sarah", "Claire", "Karen", "Lisa", "Emma", "Michelle", "Joanne", "Nicola", "Rachel",
    "Donna", "Tracey", "Julie", "Kelly", "Amanda", "Gemma", "Laura", "Natalie", "Samantha",
)
# Officers are drawn from a wider, mixed list.
OFFICER_FORENAMES: tuple[str, ...] = (
    *MALE_FORENAMES[:40], *FEMALE_FORENAMES, "Priya", "Aisha", "Fatima", "Grace", "Hannah",
    "Sophie", "Chloe", "Zara", "Amira", "Megan", "Lucy", "Ellie", "Katie", "Jess", "Nadia",
)
NICKNAMES: tuple[str, ...] = (
    "Jonno", "Smudge", "Tel", "Dizzy", "Mac", "Lofty", "Ginge", "Sparky", "Taff", "Chalky",
    "Nobby", "Dutch", "Spike", "Buzz", "Tiny", "Razor",
)

# Invented surnames: an unusual first syllable and an English-sounding ending.
SURNAME_STARTS: tuple[str, ...] = (
    "Quil", "Brax", "Zand", "Vosk", "Yarr", "Plov", "Grisk", "Jorv", "Kwel", "Skev", "Dwim",
    "Fratt", "Nebb", "Prill", "Wenx", "Drav", "Hobz", "Jant", "Kesk", "Lumm", "Morv", "Quen",
    "Sprock", "Tarv", "Varr", "Wibb", "Zorp", "Glenk", "Fesk", "Bosk", "Criv", "Dulv", "Oxl",
    "Yent", "Zibb", "Thrup", "Vell", "Ulv", "Iggr", "Eskr",
)
SURNAME_ENDS: tuple[str, ...] = (
    "worth", "wick", "ford", "by", "more", "stead", "combe", "thorpe", "hurst", "bery", "gate",
    "ling", "ham", "den", "ridge", "low",
)
# Invented street names: a first syllable, a soft ending and a street type ("Quillon Road").
STREET_STARTS: tuple[str, ...] = (
    "Quil", "Brant", "Osk", "Vand", "Trem", "Plov", "Zell", "Marv", "Kest", "Lorr", "Fenx",
    "Gant", "Hurl", "Jask", "Nord", "Pell", "Rask", "Sorr", "Tand", "Umb", "Vask", "Wend",
    "Yarl", "Brisk", "Cald", "Drom", "Ebr", "Frell", "Grav", "Holb",
)
STREET_MIDDLES: tuple[str, ...] = ("on", "ey", "is", "ard", "ow", "in", "ery", "ington", "ade")
STREET_TYPES: tuple[str, ...] = (
    "Road", "Road", "Road", "Street", "Street", "Avenue", "Close", "Gardens", "Grove", "Lane",
    "Crescent", "Way", "Mews", "Terrace", "Place", "Rise", "Walk",
)
BUILDING_TYPES: tuple[str, ...] = ("House", "Court", "Lodge", "Point", "Tower", "Mansions")

# Where a person of no fixed abode says they sleep.
NFA_PLACES: tuple[str, ...] = (
    "Sleeping rough in the doorway of a closed shop on {street}",
    "Sofa-surfing with friends; stays most nights near {street}",
    "Sleeping in a car parked overnight on {street}",
    "Night shelter on {street} (beds not guaranteed)",
    "Sleeping in a tent near the canal path off {street}",
)

HEIGHTS: tuple[str, ...] = (
    "5ft 4in", "5ft 6in", "5ft 7in", "5ft 8in", "5ft 9in", "5ft 10in", "5ft 11in", "6ft",
    "6ft 1in", "6ft 2in", "6ft 3in",
)
BUILDS: tuple[str, ...] = ("slim", "thin", "medium", "medium", "stocky", "heavy", "athletic")
HAIR: tuple[str, ...] = (
    "short dark brown hair", "short grey hair", "balding, grey at the sides", "shaved head",
    "collar-length fair hair", "receding black hair", "short ginger hair", "thinning brown hair",
    "dark hair tied back", "short black afro hair", "white hair, neatly combed",
)
EYES: tuple[str, ...] = ("brown eyes", "blue eyes", "green eyes", "hazel eyes", "grey eyes")
FACES: tuple[str, ...] = (
    "clean shaven", "clean shaven", "short beard", "goatee beard", "moustache", "stubble",
    "wears glasses", "wears glasses, clean shaven",
)
MARKS: tuple[str, ...] = (
    "Tattoo of a swallow on the back of the left hand",
    "Tattoo of a rose on the right forearm",
    "Tattoo reading 'MUM' on the left upper arm",
    "Scar about 3 cm above the right eyebrow",
    "Scar across the knuckles of the right hand",
    "Pierced left ear",
    "Walks with a slight limp (right leg)",
    "Missing upper front tooth",
    "Large birthmark on the left side of the neck",
    "Tattoo of a dragon across the upper back",
    "Stammer when nervous",
)

# Offences by kind of offending, with the wording of the statute that creates them.
OFFENCES: dict[str, tuple[str, ...]] = {
    "child_contact": (
        "Sexual assault of a child under 13 (s.7 SOA 2003)",
        "Sexual activity with a child (s.9 SOA 2003)",
        "Causing or inciting a child to engage in sexual activity (s.10 SOA 2003)",
        "Engaging in sexual activity in the presence of a child (s.11 SOA 2003)",
        "Causing a child to watch a sexual act (s.12 SOA 2003)",
    ),
    "images": (
        "Making indecent photographs of children (s.1(1)(a) PCA 1978)",
        "Distributing indecent photographs of children (s.1(1)(b) PCA 1978)",
        "Possession of indecent photographs of children (s.160 CJA 1988)",
        "Possession of a prohibited image of a child (s.62 CJA 2009)",
        "Possession of extreme pornographic images (s.63 CJIA 2008)",
    ),
    "online": (
        "Sexual communication with a child (s.15A SOA 2003)",
        "Attempting to meet a child following sexual grooming (s.15 SOA 2003)",
        "Attempting to cause or incite a child to engage in sexual activity (s.10 SOA 2003)",
        "Arranging or facilitating the commission of a child sex offence (s.14 SOA 2003)",
    ),
    "adult_contact": (
        "Sexual assault (s.3 SOA 2003)",
        "Rape (s.1 SOA 2003)",
        "Assault by penetration (s.2 SOA 2003)",
        "Causing a person to engage in sexual activity without consent (s.4 SOA 2003)",
    ),
    "non_contact": (
        "Exposure (s.66 SOA 2003)",
        "Voyeurism (s.67 SOA 2003)",
        "Voyeurism: additional offences (s.67A SOA 2003)",
        "Sexual activity in a public lavatory (s.71 SOA 2003)",
    ),
}
# Offences that only ever go with a long custodial sentence (or life) in the demo.
GRAVE_OFFENCES: frozenset[str] = frozenset(
    {"Rape (s.1 SOA 2003)", "Assault by penetration (s.2 SOA 2003)"}
)
# Share of each kind of offending in the caseload.
OFFENCE_KINDS: tuple[tuple[str, float], ...] = (
    ("child_contact", 0.30),
    ("images", 0.28),
    ("online", 0.10),
    ("adult_contact", 0.22),
    ("non_contact", 0.10),
)
SUMMARIES: dict[str, tuple[str, ...]] = {
    "child_contact": (
        "Sexually touched a {age}-year-old {child} known to him through {context} over {n} "
        "months. Pleaded guilty.",
        "Repeated sexual offending against a {age}-year-old {child} met through {context}; "
        "disclosed by the victim to a teacher.",
        "Sexual touching of a {age}-year-old {child} during a sleepover arranged through "
        "{context}. Convicted after trial.",
    ),
    "images": (
        "Police found {n} indecent images of children (categories A to C) on a laptop and a "
        "phone seized under warrant after an online referral.",
        "Downloaded and shared indecent images of children through a file-sharing network over "
        "{n} months; {n2} images recovered.",
        "Kept {n} indecent images of children on an external hard drive found during a search "
        "for other matters.",
    ),
    "online": (
        "Sent sexual messages to a profile he believed was a {age}-year-old {child}; the profile "
        "was run by a decoy. Arrested on arrival at the meeting place.",
        "Groomed a {age}-year-old {child} through an online game over {n} weeks and asked for "
        "images; reported by the child's parent.",
        "Sexual communication with a {age}-year-old {child} contacted through a social media app; "
        "admitted in interview.",
    ),
    "adult_contact": (
        "Sexually assaulted a woman he did not know as she walked home late at night.",
        "Sexual offence against a former partner in her home; a restraining order was also "
        "made.",
        "Sexually assaulted a woman he met that evening in a bar; identified from CCTV.",
    ),
    "non_contact": (
        "Exposed himself to women on {n} occasions on a footpath near a railway station.",
        "Filmed women in a shared-house bathroom with a hidden camera over {n} months.",
        "Exposed himself to passengers on a night bus; identified from on-board CCTV.",
    ),
}
CHILD_CONTEXTS: tuple[str, ...] = (
    "a family friend", "his then partner's family", "a neighbour", "a youth football club",
    "a relative", "a babysitting arrangement",
)
VICTIM_PROFILES: dict[str, tuple[str, ...]] = {
    "child_contact": (
        "female children aged 10-14",
        "female children aged 6-10",
        "male children aged 8-12",
        "children of either sex aged 5-9",
        "female children aged 12-15, known to him through family",
    ),
    "images": (
        "children depicted in indecent images (unknown victims), mainly female aged 8-13",
        "children depicted in indecent images (unknown victims), male and female aged 5-12",
        "children depicted in indecent images (unknown victims), mainly male aged 10-14",
    ),
    "online": (
        "female children aged 12-15 contacted online",
        "male children aged 12-14 contacted through online games",
        "female children aged 13-15 contacted through social media",
    ),
    "adult_contact": (
        "adult females aged 18-30, strangers",
        "adult females known to him (former partners)",
        "adult females aged 20-40 met socially",
    ),
    "non_contact": (
        "adult females, strangers in public places",
        "adult females in shared accommodation (covert filming)",
        "adults of either sex on public transport",
    ),
}

COURTS: tuple[str, ...] = (
    "Snaresbrook Crown Court", "Wood Green Crown Court", "Isleworth Crown Court",
    "Inner London Crown Court", "Croydon Crown Court", "Harrow Crown Court",
    "Kingston Crown Court", "Southwark Crown Court", "Woolwich Crown Court",
)
MAGISTRATES: tuple[str, ...] = (
    "Highbury Corner Magistrates' Court", "Westminster Magistrates' Court",
    "Thames Magistrates' Court", "Bromley Magistrates' Court", "Willesden Magistrates' Court",
    "Uxbridge Magistrates' Court", "Stratford Magistrates' Court",
    "Wimbledon Magistrates' Court", "Lavender Hill Magistrates' Court",
)

# Prohibitions in the words orders use; {age} is 16 or 18.
PROHIBITIONS: dict[str, tuple[str, ...]] = {
    "children": (
        "Not to have any unsupervised contact or communication of any kind with any child under "
        "the age of {age}, other than such as is inadvertent and not reasonably avoidable in the "
        "course of lawful daily life, or with the consent of the child's parent or guardian who "
        "has knowledge of the defendant's convictions and with the prior approval of the police.",
        "Not to reside at any address where a child under the age of {age} is also resident, "
        "or stay overnight at any such address, without the prior written approval of the police.",
        "Not to undertake any employment or voluntary work, or take part in any organised "
        "activity, that is likely to bring the defendant into contact with any child under the "
        "age of {age}.",
        "Not to enter any children's play area, public swimming pool or leisure centre changing "
        "area where children are likely to be present.",
        "Not to loiter within 100 metres of the boundary of any school or nursery.",
    ),
    "internet": (
        "Not to use any device capable of accessing the internet unless it has the capacity to "
        "retain and display the history of internet use, and not to delete such history.",
        "Not to use any device capable of accessing the internet unless the defendant makes it "
        "available on request for inspection by a police officer.",
        "Not to use any cloud or remote storage facility, or any encryption or data-wiping "
        "software, without first notifying the police of its details.",
        "Not to use any social networking, chat or instant messaging service without first "
        "notifying the police of the service and every account name used on it.",
        "Not to possess any device capable of storing digital images unless the defendant makes "
        "it available on request for inspection by a police officer.",
    ),
    "adults": (
        "Not to contact or attempt to contact, directly or indirectly, the victim of the index "
        "offence.",
        "Not to enter the area marked on the map attached to this order.",
        "Not to use any online dating service without first notifying the police of the "
        "service and the account name used on it.",
    ),
    "non_contact": (
        "Not to possess any camera, or any device capable of recording images, in any public "
        "toilet, changing room or swimming pool.",
        "Not to enter any public toilet or changing facility designated for use by women.",
    ),
    "travel": (
        "Not to travel to any country outside the United Kingdom without the prior written "
        "consent of the police.",
        "Not to travel outside the United Kingdom to any country where a child sex offence is "
        "believed to have been committed by the defendant.",
    ),
}
REQUIREMENTS: tuple[str, ...] = (
    "To notify the police of any new mobile telephone or internet-enabled device within 3 days "
    "of acquiring it.",
    "To attend and complete any sex offender treatment programme directed by the Probation "
    "Service.",
)
# Which prohibitions suit which kind of offending.
PROHIBITION_SETS: dict[str, tuple[str, ...]] = {
    "child_contact": ("children", "children", "internet", "travel"),
    "images": ("internet", "internet", "children", "travel"),
    "online": ("internet", "internet", "children"),
    "adult_contact": ("adults", "adults", "internet"),
    "non_contact": ("non_contact", "non_contact", "internet"),
}
SRO_PROHIBITIONS: tuple[str, ...] = (
    "Not to approach or speak to any child under the age of 16 in a public place, other than "
    "such as is inadvertent and not reasonably avoidable in the course of lawful daily life.",
    "Not to invite or allow any child under the age of 16 into the defendant's home.",
    "Not to use any device capable of accessing the internet unless the defendant makes it "
    "available on request for inspection by a police officer.",
)

# Visit records, assembled from fragments.
OBSERVATIONS_HOME: tuple[str, ...] = (
    "Address clean and tidy.", "Address untidy but no concerns.", "New furniture in the lounge.",
    "Second bedroom now used for storage.", "Curtains closed in all rooms during the day.",
    "Address in poor repair; landlord informed of damp.",
)
OBSERVATIONS_DEVICES: tuple[str, ...] = (
    "Smartphone examined with consent; no concerns.",
    "No internet-enabled devices seen.",
    "New tablet seen; details recorded and checked against notified devices.",
    "Laptop present; examined with consent, history intact.",
    "Games console with online access seen; account details requested.",
    "Phone examined; browsing history recently cleared. Discussed with subject.",
)
OBSERVATIONS_CHILDREN: tuple[str, ...] = (
    "No children present and no sign of children at the address.",
    "No children present and no sign of children at the address.",
    "Child's bicycle in the hallway; subject says it belongs to a neighbour. To check.",
    "No sign of children; subject says his sister visits with her children. To verify.",
)
OBSERVATIONS_LIFE: tuple[str, ...] = (
    "Working nights at a warehouse; employer aware of convictions.",
    "Unemployed; attending the job centre weekly.",
    "Says he has a new partner; details requested for disclosure consideration.",
    "Attending a programme with probation; engaging well.",
    "Drinking more since losing his job; discussed support services.",
    "Subject engaged well and answered all questions.",
    "Subject guarded and brief in his answers.",
    "Retired; spends days at an allotment, which he has notified.",
)
WHO_PRESENT: tuple[str, ...] = (
    "Subject alone", "Subject alone", "Subject alone", "Subject and partner",
    "Subject and lodger", "Subject and his mother", "Subject and a friend (details taken)",
)
VISIT_ACTIONS: tuple[str, ...] = (
    "Check notified devices against those seen.",
    "Refer new partner to supervisor for disclosure decision.",
    "Verify account of visiting children with children's social care.",
    "Book next visit at a different time of day.",
    "Update risk assessment: change in employment.",
)
FAILED_NOTES: dict[str, tuple[str, ...]] = {
    "no_reply": (
        "No reply at the door; lights off. Card left.",
        "No reply; neighbour says he is rarely in during the day.",
        "No reply. Phoned subject: no answer.",
    ),
    "refused_entry": (
        "Subject spoke through the door and refused entry, saying it was inconvenient.",
        "Subject refused entry; said he had visitors. Reminded of his obligations.",
    ),
    "offender_absent": (
        "Partner answered; subject at work. Asked to call back.",
        "Landlord answered; subject out. Card left.",
    ),
}
STATION_NOTES: tuple[str, ...] = (
    "Attended the police station as asked; documents checked.",
    "Attended the station to update his photograph and details.",
    "Attended by appointment; discussed planned move.",
)

TRAVEL: tuple[str, ...] = (
    "Spain (Malaga)", "Poland (Krakow)", "Ireland (Dublin)", "Romania (Bucharest)",
    "Jamaica (Kingston)", "Nigeria (Lagos)", "Portugal (Faro)", "Turkey (Antalya)",
    "India (Delhi)", "France (Paris)", "Greece (Corfu)", "Pakistan (Lahore)",
)
SHORT_NOTICE_REASONS: tuple[str, ...] = (
    "Family bereavement abroad; travelled at short notice.",
    "Relative taken seriously ill abroad.",
)
VEHICLES: tuple[tuple[str, str], ...] = (
    ("Ford", "Focus"), ("Ford", "Fiesta"), ("Ford", "Transit"), ("Vauxhall", "Astra"),
    ("Vauxhall", "Corsa"), ("Volkswagen", "Golf"), ("Volkswagen", "Polo"), ("Toyota", "Yaris"),
    ("Toyota", "Prius"), ("Nissan", "Qashqai"), ("Peugeot", "208"), ("BMW", "3 Series"),
    ("Honda", "Civic"), ("Kia", "Sportage"), ("Renault", "Clio"), ("Citroen", "Berlingo"),
)
COLOURS: tuple[str, ...] = (
    "silver", "black", "white", "blue", "grey", "red", "dark green", "maroon",
)

REALLOCATION_REASONS: tuple[str, ...] = (
    "officer moved team",
    "caseload balancing",
    "caseload balancing",
    "officer left the Jigsaw unit",
    "officer on long-term leave",
)
REVIEW_REASONS: tuple[str, ...] = ("annual review",)
ASSESSMENT_NOTES: tuple[str, ...] = (
    "Stable; no change in circumstances since the last review.",
    "Engaging with probation; positive routine established.",
    "New relationship; partner's family includes children, under review.",
    "Unemployed and isolated; drinking increased.",
    "Compliant with all notification requirements.",
    "Limited openness about internet use.",
)
INDIVIDUAL_PLAN_REASONS: tuple[str, ...] = (
    "Lives close to a primary school; more frequent unannounced visits agreed.",
    "Recent intelligence about contact with children; frequency increased pending review.",
    "Stable for several years with strong protective factors; frequency reduced.",
    "New partner with children; frequency increased until disclosure is complete.",
)
REACTIVE_REASON = (
    "Assessed LOW for over three years with no intelligence or breaches; stable address and "
    "routine. Managed reactively: notification duties continue; visit on any change."
)

BREACHES_NOTIFICATION: tuple[str, ...] = (
    "Failed to notify a change of home address within 3 days; moved on {event}.",
    "Failed to make the periodic re-notification within one year of the last one.",
    "Failed to notify foreign travel before departure.",
    "Failed to notify weekly while of no fixed abode.",
    "Failed to notify a stay of 12 hours or more in a household with a child.",
)
BREACHES_ORDER: tuple[str, ...] = (
    "Found with an unnotified smartphone during a home visit, contrary to the order.",
    "Seen in a children's play area in a local park, contrary to the order.",
    "Internet history found deleted on a laptop examined at a home visit, contrary to the order.",
    "Found to be staying overnight at an address where a child lives, contrary to the order.",
)
BREACH_OUTCOMES: dict[str, tuple[str, ...]] = {
    "arrest": (
        "Arrested and interviewed; charged. Convicted at magistrates' court: community order.",
        "Arrested; released under investigation pending device examination.",
    ),
    "voluntary_interview": (
        "Interviewed under caution; file passed to the CPS.",
        "Interviewed; accepted responsibility. Conditional caution.",
    ),
    "charge": ("Charged; remanded on bail. Awaiting trial.",),
    "caution": ("Simple caution administered.",),
    "warning": ("Formal warning given and recorded.",),
    "no_further_action": ("No further action.",),
}
NFA_REASONS: tuple[str, ...] = (
    "Reasonable excuse accepted: admitted to hospital at the time.",
    "Evidence insufficient; notified as soon as released from hospital.",
)

INTEL_CONCERNS: tuple[str, ...] = (
    "Member of the public reports the subject seen standing near the gates of a primary school "
    "at home time on several days.",
    "Neighbour reports children visiting the subject's flat after school.",
    "Partner agency reports the subject has been offering lifts to teenagers from a youth club.",
    "Officer saw the subject talking to a group of children in a park.",
    "Report that the subject has a second phone that has not been notified.",
    "Landlord reports the subject has a new partner whose children stay at weekends.",
    "Report that the subject is using a dating app under a different name.",
)
INTEL_OTHER: tuple[str, ...] = (
    "Subject reported to be working cash-in-hand for a removals firm.",
    "Subject seen drinking heavily in a local pub most evenings.",
    "Report that the subject is in debt and has been threatened by a lender.",
    "Subject reported to have fallen out with his family.",
    "Subject seen with an unknown adult male; vehicle details noted.",
)
INTEL_SOURCES: tuple[tuple[str, str], ...] = (
    ("public", "Member of the public via 101"),
    ("public", "Anonymous call to Crimestoppers"),
    ("partner_agency", "Children's social care"),
    ("partner_agency", "Probation Service"),
    ("partner_agency", "Housing provider"),
    ("police", "Neighbourhood policing team"),
    ("police", "Response officers"),
    ("offender_manager", "Offender manager"),
)

PLAN_TEXT: dict[str, tuple[str, ...]] = {
    "supervision": (
        "Weekly reporting to probation; home visits by police at the agreed frequency.",
        "Fortnightly supervision with probation; unannounced police home visits.",
    ),
    "monitoring_and_control": (
        "Licence conditions and SHPO prohibitions monitored; device checks at every home visit.",
        "GPS tag with exclusion zone around the victim's area; curfew 19:00-07:00.",
    ),
    "interventions_and_treatment": (
        "Complete the accredited sex offender programme; substance misuse referral.",
        "Referral to mental health services; employment support through the job centre.",
    ),
    "victim_safety_planning": (
        "Victim liaison officer to update the victim; exclusion zone around her address.",
        "Schools near the home address informed through the designated safeguarding lead.",
    ),
    "contingency": (
        "Any breach of licence or order: recall or arrest; intelligence of contact with children:"
        " urgent home visit and strategy discussion.",
        "If he goes missing: circulate as wanted and inform the MAPPA co-ordinator the same day.",
    ),
}
MAPPA_ACTIONS: dict[str, tuple[str, ...]] = {
    "supervision": (
        "Increase home visits to fortnightly until the next review.",
        "Joint police and probation home visit within 14 days.",
    ),
    "monitoring_and_control": (
        "Apply for a variation of the SHPO to add a device-monitoring prohibition.",
        "Check the new address against schools and nurseries nearby.",
    ),
    "interventions_and_treatment": (
        "Refer to the accredited programme and confirm a start date.",
        "Arrange a mental health assessment.",
    ),
    "victim_safety_planning": (
        "Update the victim through the victim liaison officer.",
        "Share the risk with the school's designated safeguarding lead.",
    ),
    "contingency": ("Brief the neighbourhood team on the contingency plan.",),
}
MAPPA_CASE_SUMMARIES: tuple[str, ...] = (
    "Risk of serious harm to children; new address near a school.",
    "Recent intelligence of contact with children; plan reviewed.",
    "Released on licence last year; compliant so far.",
    "Relationship with a woman who has children; disclosure under discussion.",
    "Deteriorating mental health; missed appointments.",
)
AGENCY_ROLES: dict[str, str] = {
    "probation": "Senior Probation Officer",
    "childrens_social_care": "Team Manager, Children's Social Care",
    "health": "Forensic Mental Health Practitioner",
    "housing": "Housing Officer",
    "prisons": "Offender Management Unit",
    "youth_offending": "Youth Offending Team Manager",
    "jobcentre_plus": "Work Coach",
}

# British surnames are too common to borrow; these check that invented ones never coincide.
COMMON_SURNAMES: frozenset[str] = frozenset(
    {
        "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
        "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
        "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
        "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
        "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
        "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook",
        "Carter", "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox",
        "Richards", "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh",
        "Begum", "Wilkinson", "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason",
        "Ali", "Hunt", "Hussain", "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills",
        "Barnes", "Knight", "Lloyd", "Butler", "Russell", "Barker", "Fisher", "Stevens",
        "Jenkins", "Murray", "Dixon", "Harvey", "Braxton", "Bosworth", "Woodford",
    }
)
# fmt: on


# Phrases are written about a man (97% of the caseload); this turns them about a woman.
_PRONOUNS = {"he": "she", "him": "her", "his": "her", "himself": "herself", "He": "She"}
_PRONOUN = re.compile(r"\b(he|him|his|himself|He)\b")


def as_female(phrase: str) -> str:
    return _PRONOUN.sub(lambda m: _PRONOUNS[m.group(1)], phrase)
