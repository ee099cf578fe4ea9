#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Write a realistic CRM complaints export of N cases, for feedback-import's tests and benchmark.

    scripts/gen_legacy_csv.py [--cases 1000000] [--seed 42] [--revision 1] [--out FILE]

The layout is that of examples/legacy/crm_complaints_export.csv, read with
examples/mappings/crm_complaints.json: what a CRM's "export to Excel" gives, with a UTF-8 byte
order mark, CRLF line endings, a header row, UK dates with times (dd/mm/yyyy hh:mm), quoted
fields with commas (addresses), quotes written twice (what a customer was told) and line breaks
(letters pasted into the description), one row per case in order of receipt.

Reproducible: the same --cases, --seed and --revision always give the same bytes. Each case is
drawn from its own generator seeded by (seed, case number), so --revision 2 writes the same cases
as revision 1 except that some of the cases still open in revision 1 have moved on
(acknowledged, answered or closed) and about 1 % more cases arrived:
a newer export of the same system, for delta imports.

The export was taken on 2026-11-20 (--export-date); cases were received from 2019-04-01. Every
name, e-mail address (example.org/.com/.net), phone number (Ofcom's drama range 07700 900xxx)
and street is made up. Needs only Python's standard library.
Exit status: 0; 2 for bad arguments.
"""

import argparse
from bisect import bisect_right
import csv
import datetime as dt
import random
import sys

HEADER = [
    "Case Reference", "Case Type", "Stage", "Status", "Date Received", "Date Acknowledged",
    "Date Responded", "Date Closed", "Outcome", "Complaint Categories", "Service Area",
    "Contact Channel", "Raised By", "Sponsor Name", "Case Officer", "Customer Name",
    "Customer Email", "Customer Phone", "Customer Address", "Preferred Contact", "Description",
]

# case type, weight, the service areas it goes to (None: any of GENERAL_SERVICES)
CASE_TYPES = [
    ("Corporate Complaint", 45, None),
    ("Children's Social Care Complaint", 5, ["Children's Social Care"]),
    ("Adult Social Care Complaint", 4, ["Adult Social Care"]),
    ("SEND Complaint", 2, ["Education (SEND)"]),
    ("Compliment", 12, None),
    ("Comment", 5, None),
    ("Suggestion", 3, None),
    ("Enquiry", 14, None),
    ("Service Request", 10, None),
]
GENERAL_SERVICES = [
    ("Waste & Recycling", 20), ("Highways", 16), ("Housing", 14), ("Council Tax", 12),
    ("Parking", 10), ("Planning", 6), ("Environmental Health", 5), ("Libraries", 3),
    ("Street Cleansing", 6), ("Customer Services", 8),
]
CHANNELS = [("Web Form", 40), ("E-mail", 25), ("Telephone", 20), ("Letter", 5),
            ("Face to Face", 3), ("Social Media", 3), ("Web Chat", 4)]
CATEGORIES = ["Communication", "Staff Attitude", "Speed of Service", "Quality of Service",
              "Service Failure", "Damage to Property", "Accessibility", "Administration"]
OUTCOMES = [("Upheld", 30), ("Partially Upheld", 25), ("Not Upheld", 45)]
PREFERRED = [("Email", 60), ("Letter", 25), ("Large Print", 2), ("Braille", 0.5), ("BSL", 0.5),
             ("Other Language", 2), ("", 10)]
OFFICERS = ["A. Khan", "B. Okafor", "C. Evans", "D. Murphy", "E. Nowak", "F. Campbell",
            "G. Singh", "H. Roberts", "I. Hughes", "J. Walsh", "K. Patel", "L. Thomas",
            "M. Davies", "N. O'Brien", "O. Lewis", "P. Kaur", "Q. Morgan", "R. Price"]
FIRST = ["Olivia", "Amelia", "Isla", "Ava", "Mia", "Freya", "Lily", "Grace", "Sophia", "Ivy",
         "Noah", "Oliver", "George", "Arthur", "Muhammad", "Leo", "Harry", "Oscar", "Jack",
         "Siân", "Aoife", "Zoë", "Chloé", "Dylan", "Rhys", "Priya", "Tomasz", "Ngozi", "Seán"]
LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
        "Patel", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts",
        "Green", "Hall", "Wood", "Jackson", "O'Connor", "Ahmed", "Kowalski", "Nguyen", "Ó Briain"]
STREETS = ["Acacia Avenue", "Station Road", "Church Lane", "Mill Street", "Victoria Road",
           "The Crescent", "Park View", "Orchard Close", "High Street", "Queen's Drive"]
TOWNS = [("Anytown", "AN1"), ("Exampleton", "EX4"), ("Sampleford", "SF2"),
         ("Testbury", "TB7"), ("Mockley", "MK9")]
COUNCILLORS = ["Cllr A. Patel", "Cllr J. Morris", "Cllr S. Hughes", "Cllr R. Begum",
               "Cllr T. O'Neill"]
MPS = ["Jane Doe MP", "John Roe MP", "Priya Sample MP"]

SUBJECTS = {
    "Waste & Recycling": ["My bin was not collected", "Recycling left on the pavement",
                          "Garden waste subscription not applied"],
    "Highways": ["Pothole outside my house", "Street light out for weeks",
                 "Road works blocking the driveway"],
    "Housing": ["Damp and mould in my flat", "Repair booked but nobody came",
                "Housing register application delayed"],
    "Council Tax": ["Single person discount removed", "Summons issued in error",
                    "Direct debit taken twice"],
    "Parking": ["Penalty charge notice issued unfairly", "Resident permit not received",
                "Parking bay suspended without notice"],
    "Planning": ["Neighbour's extension not as approved", "No reply to my objection",
                 "Planning portal lost my documents"],
    "Environmental Health": ["Noise from the takeaway", "Rats in the alley",
                             "Food hygiene concern"],
    "Libraries": ["Library opening hours cut", "Lost book charge disputed"],
    "Street Cleansing": ["Fly-tipping not cleared", "Leaves blocking the drain"],
    "Customer Services": ["Kept on hold for an hour", "Nobody called me back"],
    "Children's Social Care": ["Social worker changed three times",
                               "Assessment delayed", "Contact arrangements not kept"],
    "Adult Social Care": ["Care package reduced without review",
                          "Carer visits late or missed", "Financial assessment wrong"],
    "Education (SEND)": ["EHC plan not issued on time", "School transport withdrawn"],
}
TYPE_WEIGHTS = [(t, w) for t, w, _ in CASE_TYPES]
TYPE_SERVICES = {t: s for t, _, s in CASE_TYPES}
RAISED_BY = [("Customer", 92), ("Councillor", 5), ("MP", 2.5), ("Chief Executive", 0.5)]
COMPLIMENTS = ["Thank you to the crew who collected the mattress",
               "The librarian went out of her way to help", "Pothole fixed the next day"]
TOLD = ["next week", "within 10 working days", "someone would call back", "it was in hand"]

EXPORT_DATE = dt.date(2026, 11, 20)
FIRST_DAY = dt.date(2019, 4, 1)


_CUMULATIVE = {}


def weighted(rng, items):
    """One of `items` ((value, weight) pairs), drawn by weight."""
    table = _CUMULATIVE.get(id(items))
    if table is None:
        running, bounds = 0.0, []
        for _, w in items:
            running += w
            bounds.append(running)
        table = _CUMULATIVE[id(items)] = (bounds, [v for v, _ in items], running)
    bounds, values, total = table
    return values[min(len(values) - 1, bisect_right(bounds, rng.random() * total))]


def randint(rng, lo, hi):
    """Like randint(rng, lo, hi), several times faster (the generator writes a million rows)."""
    return lo + int(rng.random() * (hi - lo + 1))


_DAYS = {}


def stamp(day, rng):
    text = _DAYS.get(day)
    if text is None:
        text = _DAYS[day] = f"{day:%d/%m/%Y}"
    return f"{text} {8 + int(rng.random() * 10):02d}:{int(rng.random() * 60):02d}"


def make_case(seed, n, revision, export_date):
    """Case number n (1-based) of the export, as revision `revision` shows it."""
    rng = random.Random(seed * 1_000_003 + n)
    days = (export_date - FIRST_DAY).days
    # Steady growth: later years have more cases; n orders the cases by day received.
    received = FIRST_DAY + dt.timedelta(days=min(days, int(days * (n / CASES) ** 0.9)))
    ctype = weighted(rng, TYPE_WEIGHTS)
    services = TYPE_SERVICES[ctype]
    service = rng.choice(services) if services else weighted(rng, GENERAL_SERVICES)
    complaint = ctype.endswith("Complaint")
    stage = ""
    if complaint:
        stage = "Stage 1"
        r = rng.random()
        if r < 0.13:
            stage = "Stage 2"
        if r < 0.02 and ctype.startswith("Children"):
            stage = "Stage 3"
        if ctype.startswith("Adult") or ctype.startswith("SEND"):
            stage = "Stage 1"
    channel = weighted(rng, CHANNELS)
    raised = weighted(rng, RAISED_BY)
    sponsor_name = {"Councillor": rng.choice(COUNCILLORS), "MP": rng.choice(MPS),
                    "Chief Executive": "Chief Executive"}.get(raised, "")
    first, last = rng.choice(FIRST), rng.choice(LAST)
    email = f"{first}.{last}".lower().replace("'", "").replace(" ", "") + \
        f"{randint(rng, 1, 99)}@example.{rng.choice(['org', 'com', 'net'])}"
    town, postcode = rng.choice(TOWNS)
    address = f"{randint(rng, 1, 240)} {rng.choice(STREETS)}, {town} {postcode} {randint(rng, 1, 9)}" \
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    phone = f"07700 900{randint(rng, 0, 999):03d}" if rng.random() < 0.8 else ""

    if ctype == "Compliment":
        description = rng.choice(COMPLIMENTS)
    else:
        description = rng.choice(SUBJECTS[service])
    r = rng.random()
    if r < 0.15:
        # A letter pasted in: line breaks inside the field.
        description += (f".\r\nI first reported this on {received - dt.timedelta(days=randint(rng, 3, 40)):%d/%m/%Y}."
                        f"\r\nPlease reply in writing, to {address}.")
    elif r < 0.25:
        description += f'. I was told "{rng.choice(TOLD)}", but nothing happened'
    elif r < 0.45:
        description += f", reported by {first} at {rng.choice(STREETS)}, {town}"

    # Everything else about the case is drawn now, the same in every revision; only what
    # the draws below decide (how far the case had gone) depends on the revision.
    received_s = stamp(received, rng)
    officer = rng.choice(OFFICERS)
    preferred = weighted(rng, PREFERRED)
    categories = "; ".join(rng.sample(CATEGORIES, randint(rng, 1, 2))) if complaint else ""
    outcome_drawn = weighted(rng, OUTCOMES)
    ack = received + dt.timedelta(days=randint(rng, 0, 3))
    responded = received + dt.timedelta(days=randint(rng, 4, 30))
    closed = responded + dt.timedelta(days=randint(rng, 0, 10))
    withdrawn = min(export_date, received + dt.timedelta(days=2))
    ack_s, resp_s, closed_s, withdrawn_s = (stamp(ack, rng), stamp(responded, rng),
                                            stamp(closed, rng), stamp(withdrawn, rng))
    r_ack, r_resp, r_closed, r_withdrawn, r_hold, bump = (rng.random() for _ in range(6))

    # Progress: how far the case had gone by the export. Older cases are finished; the last
    # few months' are mostly still open. Revision 2 moves some of the open ones on.
    age = (export_date - received).days
    progressed = 1.0 if age > 90 else min(1.0, age / 90)
    if revision >= 2 and bump < 0.5:
        progressed = min(1.0, progressed + 0.6)
    status = "Open"
    outcome = ""
    if not (ack <= export_date and r_ack < 0.2 + progressed):
        ack_s = ""
    if responded <= export_date and r_resp < progressed:
        status = "Responded"
        outcome = outcome_drawn if complaint else ""
        if closed <= export_date and r_closed < 0.95 * progressed:
            status = "Closed"
        else:
            closed_s = ""
    else:
        resp_s = closed_s = ""
        if complaint and stage == "Stage 1" and r_withdrawn < 0.01:
            status = "Withdrawn"
            closed_s = withdrawn_s
    if status == "Open" and r_hold < 0.05:
        status = "On Hold"
    return [
        f"CMP-{1_000_000 + n:07d}", ctype, stage, status, received_s, ack_s, resp_s,
        closed_s, outcome, categories, service, channel, raised, sponsor_name,
        officer, f"{first} {last}", email, phone, address, preferred, description,
    ]


CASES = 1


def main():
    global CASES
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--revision", type=int, default=1, choices=[1, 2])
    ap.add_argument("--export-date", default=EXPORT_DATE.isoformat())
    ap.add_argument("--out", default="-", help="output file ('-': standard output)")
    args = ap.parse_args()
    if args.cases < 1:
        ap.error("--cases must be 1 or more")
    try:
        export_date = dt.date.fromisoformat(args.export_date)
    except ValueError:
        ap.error(f"--export-date: not a date: {args.export_date}")
    CASES = args.cases
    # Revision 2 has about 1 % more cases: received in the days since revision 1.
    total = args.cases + (args.cases // 100 if args.revision >= 2 else 0)
    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8", newline="")
    try:
        if out is sys.stdout:
            out.reconfigure(newline="")
        out.write("\ufeff")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(HEADER)
        for n in range(1, total + 1):
            revision = args.revision
            # Only every 50th case is looked at again by revision 2; those still open then
            # may have moved on.
            if revision >= 2 and n <= args.cases and (n * 7919) % 50 != 0:
                revision = 1
            writer.writerow(make_case(args.seed, n, revision, export_date))
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == "__main__":
    main()
