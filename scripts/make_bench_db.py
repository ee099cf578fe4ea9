#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Make a large feedback database for benchmarks: a council's cases over 2019/20..2026/27.

    scripts/make_bench_db.py --admin BUILD/apps/feedback-admin --db OUT.db
                             [--cases 1000000] [--open-fraction 0.1] [--seed 42] [--force]
                             [--no-check]

The database is created with `feedback-admin init` (so the migrations apply and the file is
mode 0600); the services and cases are then written directly, in one transaction, following
the rules the library follows when it records a case (reference FB-YEAR-ID, the first stage's
timescales copied from policy version 1, the classification rules and their explanations,
two audit events per case). Deadlines are not stored; acknowledgement and response dates are
placed on working days of the England and Wales calendar, mostly within the timescales (about
85 % of corporate and 65 % of statutory responses in time, against targets of 80 and 60), so
that timeliness reports come out realistic. Some stages are held, extended or escalated.

About `--open-fraction` of the cases are not closed (status open or responded), most of them
received in the last three years. One service is named the bench service: the one with the
fewest open cases that still has at least 1,000 (the `list --open --service` benchmark).

The rows are made in a child process while this one inserts them (two cores), with CHECK
constraints skipped during the insert; `feedback-admin check` runs at the end (PRAGMA
integrity_check evaluates every CHECK constraint, and PRAGMA foreign_key_check), unless
--no-check. No ANALYZE: the programs never run it, so the planner sees what it would see in a
council's database.

Needs only Python's standard library (Debian's /usr/bin/python3). Every name, e-mail address,
phone number (Ofcom's drama range 07700 900xxx) and street is made up.
Exit status: 0; 1 if feedback-admin fails or the database exists (without --force); 2 usage.
"""

import argparse
from bisect import bisect_right
import datetime as dt
import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import time
import traceback
import multiprocessing
from queue import Empty

FIRST_DAY = dt.date(2019, 4, 1)   # the first day a case is received (financial year 2019/20)
LAST_DAY = dt.date(2026, 11, 20)  # the last day anything happens (a Friday)
TODAY = dt.date(2026, 11, 22)     # FEEDBACK_TODAY of the benchmarks
CAL_FROM = dt.date(2018, 1, 1)    # the span of the day tables (with room on both sides)
CAL_TO = dt.date(2028, 12, 31)
RETENTION_CUTOFF = dt.date(2020, 11, 22)  # closed before this: personal data anonymised
CHUNK = 50_000

# code, name, directorate, default procedure, share of contacts (relative)
SERVICES = [
    ("HWY", "Highways and Transport", "Place", None, 9.0),
    ("PRK", "Parking Services", "Place", None, 5.0),
    ("PLN", "Planning and Development Control", "Place", None, 3.0),
    ("BCN", "Building Control", "Place", None, 0.5),
    ("TRP", "Public Transport and Concessionary Fares", "Place", None, 1.0),
    ("ROW", "Public Rights of Way", "Place", None, 0.3),
    ("FLD", "Flood Risk and Drainage", "Place", None, 0.4),
    ("ECO", "Economic Development", "Place", None, 0.2),
    ("WST", "Waste and Recycling", "Environment", None, 12.0),
    ("STC", "Street Cleansing", "Environment", None, 3.0),
    ("ENV", "Environmental Health", "Environment", None, 1.5),
    ("TRS", "Trading Standards", "Environment", None, 0.5),
    ("LIC", "Licensing", "Environment", None, 0.5),
    ("PKS", "Parks and Open Spaces", "Environment", None, 1.5),
    ("BER", "Bereavement Services", "Environment", None, 0.4),
    ("PCS", "Pest Control", "Environment", None, 0.5),
    ("CSC", "Children's Social Care", "Children's Services", "childrens-statutory", 3.0),
    ("SEN", "Special Educational Needs and Disabilities", "Children's Services", "send", 2.5),
    ("EDU", "School Admissions and Education", "Children's Services", None, 1.5),
    ("SCT", "Home to School Transport", "Children's Services", None, 1.0),
    ("EHS", "Early Help", "Children's Services", None, 0.5),
    ("ASC", "Adult Social Care", "Adults and Health", "adults-statutory", 3.0),
    ("PHL", "Public Health", "Adults and Health", None, 0.4),
    ("HSG", "Housing Options and Homelessness", "Housing", None, 3.0),
    ("HRP", "Housing Repairs", "Housing", None, 5.0),
    ("TEN", "Tenancy Management", "Housing", None, 2.0),
    ("ASB", "Anti-social Behaviour", "Communities", None, 1.0),
    ("LIB", "Libraries", "Communities", None, 1.5),
    ("LEI", "Leisure Centres", "Communities", None, 1.0),
    ("CUL", "Museums and Culture", "Communities", None, 0.3),
    ("REG", "Registration Services", "Communities", None, 0.5),
    ("CTAX", "Council Tax", "Resources", None, 6.0),
    ("BEN", "Housing Benefit and Council Tax Support", "Resources", None, 3.0),
    ("NNDR", "Business Rates", "Resources", None, 0.5),
    ("CUS", "Customer Service Centre", "Resources", None, 4.0),
    ("ICT", "Digital and ICT", "Resources", None, 0.3),
    ("PRO", "Property and Estates", "Resources", None, 0.3),
    ("LEG", "Legal and Democratic Services", "Resources", None, 0.2),
    ("ELE", "Electoral Services", "Chief Executive's Office", None, 0.3),
    ("CEX", "Chief Executive's Office", "Chief Executive's Office", None, 0.3),
    ("COM", "Communications and Consultation", "Chief Executive's Office", None, 0.2),
]

SUMMARIES = {
    "HWY": ["Pothole causing damage to car tyre", "Street light out for two weeks",
            "Overgrown hedge blocking footpath", "Drain blocked after heavy rain",
            "Road resurfacing left loose gravel", "Request for dropped kerb"],
    "PRK": ["Penalty charge notice issued in error", "Resident permit not received",
            "Pay and display machine out of order", "Parking enforcement officer was rude"],
    "PLN": ["Planning application not acknowledged", "Neighbour extension built without consent",
            "Objection not taken into account", "Delay in validating application"],
    "BCN": ["Building control inspection missed", "Completion certificate delayed"],
    "TRP": ["Bus pass renewal delayed", "Bus shelter damaged", "Concessionary pass refused"],
    "ROW": ["Footpath obstructed by locked gate", "Stile in disrepair on public footpath"],
    "FLD": ["Flooding on road outside property", "Gully not cleared before winter"],
    "ECO": ["Business grant application delayed", "Market stall allocation query"],
    "WST": ["Missed bin collection", "Bin not returned to property after collection",
            "Request for replacement recycling box", "Garden waste subscription not applied",
            "Crew left litter in the street", "Assisted collection not carried out"],
    "STC": ["Fly-tipping not removed", "Litter bins overflowing", "Graffiti on underpass",
            "Dog fouling on footway"],
    "ENV": ["Noise from neighbouring premises", "Food hygiene concern at takeaway",
            "Bonfire smoke nuisance"],
    "TRS": ["Rogue trader at doorstep", "Counterfeit goods on sale"],
    "LIC": ["Taxi licence renewal delayed", "Premises licence objection"],
    "PKS": ["Play area equipment broken", "Grass cutting missed", "Tree overhanging garden"],
    "BER": ["Headstone permit delayed", "Grounds at cemetery untidy"],
    "PCS": ["Pest treatment appointment missed", "Rats in communal area"],
    "CSC": ["Social worker did not return calls", "Disagreement with assessment outcome",
            "Contact arrangements not followed", "Child in need plan not reviewed"],
    "SEN": ["EHC plan issued late", "Annual review not held", "Placement not named in EHC plan",
            "Needs assessment refused"],
    "EDU": ["School place offered far from home", "Appeal hearing delayed"],
    "SCT": ["School transport did not arrive", "Transport eligibility refused"],
    "EHS": ["Early help referral not followed up"],
    "ASC": ["Care package reduced without review", "Home care visits late or missed",
            "Financial assessment incorrect", "Delay in occupational therapy assessment"],
    "PHL": ["Stop smoking service waiting time", "Health visiting appointment cancelled"],
    "HSG": ["Homelessness application delayed", "Temporary accommodation unsuitable",
            "Housing register banding disputed"],
    "HRP": ["Damp and mould not treated", "Repair appointment missed", "Boiler not repaired",
            "Leaking roof reported several times"],
    "TEN": ["Tenancy transfer request delayed", "Rent account error", "Neighbour dispute"],
    "ASB": ["Anti-social behaviour not addressed", "Community trigger request"],
    "LIB": ["Library opening hours reduced", "Reservation not honoured", "Helpful library staff"],
    "LEI": ["Leisure centre changing rooms dirty", "Membership cancelled in error"],
    "CUL": ["Museum exhibition closed without notice"],
    "REG": ["Birth registration appointment delayed", "Certificate contains an error"],
    "CTAX": ["Council tax bill incorrect", "Single person discount removed",
             "Enforcement agent fees disputed", "Direct debit taken twice"],
    "BEN": ["Housing benefit claim delayed", "Overpayment recovery disputed",
            "Council tax support refused"],
    "NNDR": ["Small business rate relief not applied", "Business rates refund delayed"],
    "CUS": ["Long wait on telephone line", "Call handler was unhelpful",
            "Online form did not submit", "Promised call back not made"],
    "ICT": ["Website unavailable", "Online account locked"],
    "PRO": ["Community centre lease query", "Council land maintenance"],
    "LEG": ["Freedom of information response late", "Land charges search delayed"],
    "ELE": ["Poll card not received", "Postal vote did not arrive"],
    "CEX": ["Complaint handling by the council", "Request to meet the chief executive"],
    "COM": ["Consultation closed early", "Newsletter not delivered"],
}

STREETS = ["Acacia Avenue", "Beech Grove", "Chapel Lane", "Dovecote Close", "Elm Row",
           "Foxglove Way", "Granary Court", "Hawthorn Road", "Ivy Terrace", "Juniper Walk",
           "Kestrel Drive", "Lime Street", "Meadow View", "Nightingale Rise", "Orchard Place",
           "Primrose Hill Road", "Quarry Lane", "Rookery Gardens", "Sycamore Crescent",
           "Thistle Mews", "Upper Mill Road", "Vicarage Walk", "Willow Bank", "Yew Tree Close"]
TOWNS = ["Ashbury", "Bramford", "Coldwater", "Dunmere", "Eastwick", "Farrowby", "Glenholme",
         "Hartfield Magna"]
FIRST_NAMES = ["Aisha", "Ben", "Chloe", "Dev", "Emma", "Femi", "Grace", "Harry", "Isla", "Jack",
               "Kiran", "Leah", "Mohammed", "Nadia", "Oliver", "Priya", "Quinn", "Ruby", "Sam",
               "Tomasz", "Uma", "Victor", "Wendy", "Yusuf", "Zara", "Alfie", "Bethan", "Callum",
               "Deborah", "Ewan", "Fatima", "Gareth", "Hannah", "Imran", "Jodie", "Kwame",
               "Lucy", "Marek", "Niamh", "Owen"]
SURNAMES = ["Ashworth", "Bello", "Carrow", "Dhillon", "Ellery", "Fairbairn", "Goddard",
            "Hollins", "Iqbal", "Jarvis", "Kowalczyk", "Lomax", "Mensah", "Nowak", "Okafor",
            "Pennock", "Quayle", "Rahman", "Sowerby", "Thackeray", "Underwood", "Varga",
            "Whitlock", "Yates", "Ziegler", "Atherton", "Brannigan", "Chaudhry", "Duckworth",
            "Eastham", "Fenwick", "Greenhalgh", "Haworth", "Ingham", "Kershaw", "Lindqvist",
            "Marsden", "Nuttall", "Ormerod", "Pickles"]
REDIRECT_TO = ["National Highways", "Environment Agency", "the county council",
               "the neighbouring district council", "the housing association", "DVLA",
               "HM Revenue and Customs", "the NHS integrated care board", "the police"]
OUTCOMES = (["upheld", "partially-upheld", "not-upheld"], [22, 28, 50])
AREAS = (["service-failure", "communication", "speed-of-service", "quality-of-service",
          "staff-behaviour", "administration", "damage", "accessibility"],
         [26, 22, 17, 13, 10, 7, 3, 2])
CHANNELS = (["web", "email", "phone", "letter", "face-to-face", "social-media", "webchat",
             "staff-portal"], [35, 20, 24, 5, 3, 3, 7, 3])
TYPES = (["complaint", "service-request", "enquiry", "compliment", "comment", "suggestion"],
         [45, 20, 16, 10, 5, 4])
FORMATS = (["email", "letter", "large-print", "braille", "bsl-video", "another-language"],
           [70, 24, 3, 0.4, 0.6, 2])
WORKING_DAY_CHANNELS = {"phone", "letter", "face-to-face", "staff-portal"}
HOLD_REASONS = ["waiting for the customer to clarify what they are asking for",
                "waiting for consent from the person affected",
                "related legal proceedings under way", "waiting for information from a partner"]
EXTENSION_REASONS = ["complex case: holding letter sent", "key officer on leave: holding letter sent",
                     "waiting for records from a contractor: holding letter sent"]
LEARNING = [("Letters did not say when the next step would happen",
             "Template letters now give the date of the next step"),
            ("Repair appointments were missed without notice",
             "Contractor must text the customer before a missed slot"),
            ("Call backs were promised and not made",
             "Call backs are logged as tasks with a due time"),
            ("Staff were unclear about the policy",
             "Briefing given to the team and the guidance rewritten")]
DISSATISFIED = ["it took too long", "the problem is not fixed", "nobody explained the decision"]

PLAN_TRIES = 2


# One generator for the whole run (seeded by --seed); the helpers below are the hot path, faster
# than random.Random's own choice and randint.
_rng = random.Random(42)
rnd = _rng.random


def seed(value):
    global rnd
    _rng.seed(value)
    rnd = _rng.random


def pick(seq):
    return seq[int(rnd() * len(seq))]


def between(lo, hi):
    """An integer in lo..hi, both included."""
    return lo + int(rnd() * (hi - lo + 1))


def weighted(population, cum_weights):
    return population[bisect_right(cum_weights, rnd() * cum_weights[-1])]


def die(code, message):
    print(f"make_bench_db.py: error: {message}", file=sys.stderr)
    sys.exit(code)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--admin", required=True, help="path to the feedback-admin program")
    p.add_argument("--db", required=True, help="database to create")
    p.add_argument("--cases", type=int, default=1_000_000, help="number of cases (1000000)")
    p.add_argument("--open-fraction", type=float, default=0.1,
                   help="share of cases not closed (0.1)")
    p.add_argument("--seed", type=int, default=42, help="random seed (42)")
    p.add_argument("--force", action="store_true", help="replace an existing database")
    p.add_argument("--no-check", action="store_true",
                   help="skip `feedback-admin check` at the end (integrity, CHECK constraints, "
                        "foreign keys)")
    a = p.parse_args()
    if a.cases < 1:
        p.error("--cases must be 1 or more")
    if not 0.0 <= a.open_fraction <= 1.0:
        p.error("--open-fraction must be between 0 and 1")
    return a


class Calendar:
    """Day numbers (0 = CAL_FROM) to dates, and the working days among them."""

    def __init__(self, holidays):
        n = (CAL_TO - CAL_FROM).days + 1
        self.iso = [(CAL_FROM + dt.timedelta(days=i)).isoformat() for i in range(n)]
        working = [(CAL_FROM + dt.timedelta(days=i)).weekday() < 5
                   and self.iso[i] not in holidays for i in range(n)]
        self.working = working
        self.wd = [i for i in range(n) if working[i]]           # k-th working day -> day
        self.pos = [0] * n                                       # day -> first working day >= it
        k = len(self.wd)
        for i in range(n - 1, -1, -1):
            if working[i]:
                k -= 1
            self.pos[i] = k

    def day(self, d):
        return (d - CAL_FROM).days

    def add(self, day, n):
        """The working day n working days after `day` (rolled forward when not one)."""
        return self.wd[self.pos[day] + n]


def run_admin(admin, *args):
    r = subprocess.run([admin, *args], capture_output=True, text=True)
    if r.returncode != 0:
        die(1, f"{admin} {' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")
    return r.stdout


def load_holidays(admin, db):
    out = run_admin(admin, "--db", db, "calendar", "holidays", "--from", CAL_FROM.isoformat(),
                    "--to", CAL_TO.isoformat(), "--format", "csv")
    lines = out.strip().splitlines()
    return {line.split(",", 1)[0] for line in lines[1:] if line}


class Policy:
    """Version 1 of the policy as seeded by the migrations: read, not hard-coded."""

    def __init__(self, con):
        self.version = 1
        self.stages = {}
        for row in con.execute("SELECT procedure, stage, acknowledge_days, respond_days, "
                               "max_extension_days, next_procedure, next_stage "
                               "FROM policy_stage WHERE version = 1"):
            self.stages[(row[0], row[1])] = row[2:]
        self.types = {row[0]: row[1:] for row in con.execute(
            "SELECT type, procedure, acknowledge_days, respond_days FROM policy_type "
            "WHERE version = 1")}
        self.overrides = {(r[0], r[1], r[2]): r[3] for r in con.execute(
            "SELECT service, procedure, stage, respond_days FROM policy_service_override "
            "WHERE version = 1")}
        self.rules = []
        for name, sponsors, info, types, set_type, set_proc, reason in con.execute(
                "SELECT name, sponsors, info_request, types, set_type, set_procedure, reason "
                "FROM policy_rule WHERE version = 1 ORDER BY ordinal"):
            self.rules.append((name, sponsors.split(",") if sponsors else [], info,
                               types.split(",") if types else [], set_type, set_proc, reason))
        self._classified = {}
        self._specs = {}

    def classify(self, given_type, sponsor, info, service, service_proc):
        """(type, procedure, explanation), as classification.cpp decides them."""
        key = (given_type, sponsor, info, service, service_proc)
        hit = self._classified.get(key)
        if hit is not None:
            return hit
        type_rule = proc_rule = None
        for rule in self.rules:
            _, sponsors, r_info, types, set_type, set_proc, _ = rule
            if sponsors and (sponsor is None or sponsor not in sponsors):
                continue
            if r_info is not None and bool(r_info) != bool(info):
                continue
            if types and (given_type or "unclassified") not in types:
                continue
            if set_type and type_rule is None:
                type_rule = rule
            if set_proc and proc_rule is None:
                proc_rule = rule
        why = []
        typ = given_type
        if type_rule is not None:
            typ = type_rule[4]
            why.append(f"type {typ}: rule {type_rule[0]}: {type_rule[6]}")
        elif given_type:
            why.append(f"type {given_type}: as given by the officer")
        else:
            why.append("type: unclassified until an officer classifies it")
        tp = self.types.get(typ or "unclassified")
        if proc_rule is not None:
            proc = proc_rule[5]
            why.append(f"procedure {proc}: rule {proc_rule[0]}: {proc_rule[6]}")
        elif typ == "complaint" and service_proc:
            proc = service_proc
            why.append(f"procedure {proc}: the default procedure of service {service}")
        elif tp is not None and tp[0]:
            proc = tp[0]
            why.append(f"procedure {proc}: the policy's procedure for {typ or 'unclassified'}")
        else:
            proc = None
            why.append(f"procedure: none ({typ or 'an unclassified contact'} follows no procedure)")
        hit = (typ, proc, "; ".join(why))
        self._classified[key] = hit
        return hit

    def spec(self, typ, proc, stage, service):
        """(procedure, stage, acknowledge, respond, max extension) as cases.cpp's stage_spec."""
        key = (typ, proc, stage, service)
        hit = self._specs.get(key)
        if hit is not None:
            return hit
        if proc:
            ack, respond, max_ext = self.stages[(proc, stage)][:3]
            respond = self.overrides.get((service, proc, stage), respond)
            hit = [proc, stage, ack, respond, max_ext]
        else:
            tp = self.types.get(typ or "unclassified")
            hit = [None, None, tp[1] if tp else None, tp[2] if tp else None, 0]
        if not typ:
            un = self.types.get("unclassified")
            hit[2] = un[1] if un else hit[2]
            hit[3] = None
        hit = tuple(hit)
        self._specs[key] = hit
        return hit

    def next_stage(self, proc, stage):
        """(procedure, stage) a dissatisfied customer goes to, or None (the Ombudsman)."""
        row = self.stages.get((proc, stage))
        if row is None:
            return None
        next_proc, next_no = row[3], row[4]
        if next_proc == "ombudsman":
            return None
        if next_proc is None:
            return (proc, next_no) if next_no and (proc, next_no) in self.stages else None
        return (next_proc, next_no) if (next_proc, next_no) in self.stages else None


def make_officers(services, weights, total=200):
    """About `total` officers, each in one service's team (at least two a team)."""
    names = [f"{f[0].lower()}.{s.lower()}" for f in FIRST_NAMES for s in SURNAMES]
    _rng.shuffle(names)
    wsum = sum(weights)
    teams, k = {}, 0
    for code, w in zip(services, weights):
        n = max(2, round(total * w / wsum))
        teams[code] = names[k:k + n]
        k += n
    return teams


def fake_person(case_id):
    first, last = pick(FIRST_NAMES), pick(SURNAMES)
    return (f"{first} {last}",
            f"{first.lower()}.{last.lower()}{case_id % 1000}@example.com",
            f"07700 900{case_id % 1000:03d}",
            f"{between(1, 240)} {pick(STREETS)}, {pick(TOWNS)}")


def received_days(cal, n_cases, n_open):
    """Sorted day numbers of receipt, each with 1 when the case stays open (day * 2 + open)."""
    first, last = cal.day(FIRST_DAY), cal.day(LAST_DAY)
    span = last - first
    out = []
    # Closed: spread over the whole period, rising about 50 % from the first year to the last.
    for _ in range(n_cases - n_open):
        u = rnd()
        t = u if rnd() < 0.6 else u ** 0.5
        out.append((first + int(t * span)) * 2)
    # Open: mostly recent, with a tail of stale cases (a data-quality problem councils report).
    for _ in range(n_open):
        r = rnd()
        if r < 0.15:
            age = between(0, 30)
        elif r < 0.55:
            age = between(31, 365)
        elif r < 0.87:
            age = between(366, 1095)
        else:
            age = between(1096, span)
        out.append((last - min(age, span)) * 2 + 1)
    out.sort()
    return out


class Writer:
    """Inserts the rows of one chunk, table by table, and counts them."""

    SQL = {
        "case": "INSERT INTO case_record (id, reference, type, channel, service, summary, received, "
                "received_at, status, closure, redirected_to, owner, sponsor, sponsor_name, "
                "info_request, sponsor_updated, external_ref, source, source_ref, classified_by, "
                "closed_on, last_activity, current_stage) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "stage": "INSERT INTO case_stage (id, case_id, procedure, stage, policy_version, started, "
                 "acknowledge_days, respond_days, max_extension_days, acknowledged, responded, "
                 "outcome, ended) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "hold": "INSERT INTO case_hold (stage_id, held_on, resumed_on, reason) VALUES (?,?,?,?)",
        "ext": "INSERT INTO case_extension (stage_id, granted_on, days, reason) VALUES (?,?,?,?)",
        "area": "INSERT INTO case_area (stage_id, area) VALUES (?,?)",
        "text": "INSERT INTO event_text (id, salt, body, digest) VALUES (?,?,?,?)",
        "event": "INSERT INTO case_event (id, case_id, at, on_date, officer, kind, from_value, "
                 "to_value, text_id, hash) VALUES (?,?,?,?,?,?,?,?,?,?)",
        "person": "INSERT INTO person (case_id, name, email, phone, address, preferred_format, "
                  "anonymised_on) VALUES (?,?,?,?,?,?,?)",
        "learning": "INSERT INTO learning (case_id, recorded_on, problem, improvement, action, "
                    "owner, due, done_on) VALUES (?,?,?,?,?,?,?,?)",
        "survey": "INSERT INTO survey (case_id, sent_on, returned_on, satisfied, stars, reason) "
                  "VALUES (?,?,?,?,?,?)",
    }
    ORDER = ["case", "stage", "hold", "ext", "area", "text", "event", "person", "learning",
             "survey"]

    def __init__(self, con):
        self.con = con
        self.counts = {k: 0 for k in self.ORDER}
        self.next_event = 1
        self.last_hash = "0" * 64

    def chain(self, events):
        """The audit trail's hash chain (docs/privacy.md), as the program writes it: each event's
        free text apart, with a salted digest, and each event's hash over the previous one."""
        texts, chained = [], []
        for case_id, at, on, officer, kind, frm, to, detail in events:
            eid = self.next_event
            self.next_event += 1
            text_id = digest = None
            if detail:
                salt = os.urandom(16).hex()
                digest = hashlib.sha256(
                    ("feedback-text-v1\n" + salt + "\n" + detail).encode()).hexdigest()
                text_id = eid
                texts.append((text_id, salt, detail, digest))
            self.last_hash = event_hash(self.last_hash, eid, case_id, at, on, officer, kind, frm,
                                        to, text_id, digest)
            chained.append((eid, case_id, at, on, officer, kind, frm, to, text_id,
                            self.last_hash))
        return texts, chained

    def write(self, rows):
        rows["text"], rows["event"] = self.chain(rows["event"])
        for k in self.ORDER:
            if rows[k]:
                self.con.executemany(self.SQL[k], rows[k])
                self.counts[k] += len(rows[k])


def _field(value):
    if value is None:
        return b"-\n"
    data = str(value).encode()
    return str(len(data)).encode() + b":" + data + b"\n"


def event_hash(previous, *fields):
    """SHA-256 (hex) of an event: "feedback-event-v1", the previous hash, then id, case_id, at,
    on_date, officer, kind, from_value, to_value, text_id and the text's digest, each as
    "<byte length>:<bytes>" (NULL as "-"), one a line."""
    h = hashlib.sha256(b"feedback-event-v1\n")
    h.update(_field(previous))
    for f in fields:
        h.update(_field(f))
    return h.hexdigest()


def generate(cal, policy, n_cases, n_open):
    """The rows of every table, CHUNK cases at a time (a dict of lists per chunk)."""
    codes = [s[0] for s in SERVICES]
    service_proc = {s[0]: s[3] for s in SERVICES}
    svc_cum = list(_cumulate([s[4] for s in SERVICES]))
    teams = make_officers(codes, [s[4] for s in SERVICES])
    intake = teams["CUS"]
    ch_pop, ch_cum = CHANNELS[0], list(_cumulate(CHANNELS[1]))
    ty_pop, ty_cum = TYPES[0], list(_cumulate(TYPES[1]))
    out_pop, out_cum = OUTCOMES[0], list(_cumulate(OUTCOMES[1]))
    ar_pop, ar_cum = AREAS[0], list(_cumulate(AREAS[1]))
    fm_pop, fm_cum = FORMATS[0], list(_cumulate(FORMATS[1]))
    iso, wd, pos, working = cal.iso, cal.wd, cal.pos, cal.working
    last = cal.day(LAST_DAY)
    today = cal.day(TODAY)
    retention = cal.day(RETENTION_CUTOFF)
    import_before = cal.day(dt.date(2021, 4, 1))  # cases before then came from the old CRM
    choices = _rng.choices

    days = received_days(cal, n_cases, n_open)
    stage_id = 0
    legacy_no = 0
    for start in range(0, n_cases, CHUNK):
        block = days[start:start + CHUNK]
        k = len(block)
        svc_block = choices(codes, cum_weights=svc_cum, k=k)
        ch_block = choices(ch_pop, cum_weights=ch_cum, k=k)
        ty_block = choices(ty_pop, cum_weights=ty_cum, k=k)
        rows = {name: [] for name in Writer.ORDER}
        for j in range(k):
            case_id = start + j + 1
            is_open = block[j] & 1
            recv = block[j] >> 1
            service = svc_block[j]
            channel = ch_block[j]
            if channel in WORKING_DAY_CHANNELS and not working[recv]:
                recv = wd[pos[recv]]
                if recv > last:
                    recv = wd[pos[last] - 1] if not working[last] else last
            given = ty_block[j]
            sponsor = None
            info = 0
            r = rnd()
            if r < 0.065:
                sponsor = "councillor" if r < 0.04 else "mp" if r < 0.06 else "chief-executive"
                if rnd() < 0.25:
                    info = 1
                    given = "enquiry"
            if is_open and sponsor is None and recv > last - 60 and rnd() < 0.3:
                given = None  # still in triage
            typ, proc, explanation = policy.classify(given, sponsor, info, service,
                                                     service_proc[service])
            team = teams[service]
            owner = pick(team)
            if is_open and rnd() < 0.08:
                owner = None
            # ---- stages
            # A closed case whose story would run past the last day is planned again, and
            # after PLAN_TRIES the short way (answered and closed on the first working day).
            plan = _plan_open if is_open else _plan_closed
            for attempt in range(PLAN_TRIES + 1):
                stages, holds, exts, areas = [], [], [], []
                res = plan(cal, policy, typ, proc, service, recv, last, attempt == PLAN_TRIES,
                           stages, holds, exts, areas, out_pop, out_cum, ar_pop, ar_cum)
                if res is not None:
                    break
            status, closure, closed_on = res
            redirected_to = pick(REDIRECT_TO) if closure == "redirected" else None
            # ---- the case row
            first_stage = stage_id + 1
            latest = recv
            for s in stages:
                stage_id += 1
                sid = stage_id
                s_start, spec, ack, resp, outcome, ended = s
                rows["stage"].append((sid, case_id, spec[0], spec[1], 1, iso[s_start], spec[2],
                                      spec[3], spec[4], iso[ack] if ack is not None else None,
                                      iso[resp] if resp is not None else None, outcome,
                                      iso[ended] if ended is not None else None))
                for v in (s_start, ack, resp, ended):
                    if v is not None and v > latest:
                        latest = v
            for idx, held, resumed, reason in holds:
                sid = first_stage + idx
                rows["hold"].append((sid, iso[held], iso[resumed] if resumed is not None
                                     else None, reason))
                latest = max(latest, held, resumed or 0)
            for idx, granted, n, reason in exts:
                rows["ext"].append((first_stage + idx, iso[granted], n, reason))
                latest = max(latest, granted)
            for idx, area in areas:
                rows["area"].append((first_stage + idx, area))
            if closed_on is not None:
                latest = max(latest, closed_on)
            received = iso[recv]
            hh = 8 + case_id % 11
            mm = (case_id * 7) % 60
            at = f"{received}T{hh:02d}:{mm:02d}:{case_id % 60:02d}Z"
            received_at = at if channel in ("web", "webchat", "email", "social-media") else received
            sponsor_name = sponsor_updated = None
            if sponsor == "councillor":
                sponsor_name = f"Cllr {pick(FIRST_NAMES)} {pick(SURNAMES)}"
            elif sponsor == "mp":
                sponsor_name = f"{pick(FIRST_NAMES)} {pick(SURNAMES)} MP"
            if sponsor and rnd() < 0.7:
                upd = min(last, cal.add(recv, between(1, 8)))
                sponsor_updated = iso[upd]
                latest = max(latest, upd)
            source = source_ref = None
            if recv < import_before and rnd() < 0.3:
                legacy_no += 1
                source, source_ref = "legacy-crm", f"CRM{100000 + legacy_no * 7}"
            external_ref = f"LGSCO-{case_id % 97:02d}-{case_id:07d}" if (
                typ == "complaint" and closed_on is not None and case_id % 211 == 0) else None
            summary = f"{pick(SUMMARIES[service])}: {pick(STREETS)}, {pick(TOWNS)}"
            ref = f"FB-{received[:4]}-{case_id:06d}"
            rows["case"].append((case_id, ref, typ, channel, service, summary, received,
                                 received_at, status, closure, redirected_to, owner, sponsor,
                                 sponsor_name, info, sponsor_updated, external_ref, source,
                                 source_ref, explanation,
                                 iso[closed_on] if closed_on is not None else None,
                                 iso[latest], stage_id))
            # ---- the audit trail: created and classified, as create_case records them
            officer = owner if owner and rnd() < 0.4 else pick(intake)
            created = f"received by {channel}" + (f", sponsored by {sponsor}" if sponsor else "")
            rows["event"].append((case_id, at, received, officer, "created", None, None, created))
            rows["event"].append((case_id, at, received, officer, "classified", None,
                                  typ or "unclassified", explanation))
            # ---- personal data, learning, surveys
            if rnd() < 0.7:
                fmt = weighted(fm_pop, fm_cum)
                if closed_on is not None and closed_on < retention:
                    anon = iso[min(today, closed_on + 365 * 6 + between(1, 20))]
                    rows["person"].append((case_id, None, None, None, None, fmt, anon))
                else:
                    name, email, phone, address = fake_person(case_id)
                    if channel in ("phone", "face-to-face") and rnd() < 0.5:
                        email = None
                    rows["person"].append((case_id, name, email, phone, address, fmt, None))
            if stages and stages[-1][4] in ("upheld", "partially-upheld") and rnd() < 0.04:
                problem, improvement = pick(LEARNING)
                rec = stages[-1][3]
                due = min(cal.add(rec, 40), today + 200)
                done = cal.add(rec, between(5, 40)) if rnd() < 0.6 else None
                rows["learning"].append((case_id, iso[rec], problem, improvement,
                                         "update the procedure note", pick(team), iso[due],
                                         iso[done] if done is not None and done <= last
                                         else None))
            if closed_on is not None and typ == "complaint" and rnd() < 0.05:
                sent = closed_on
                if rnd() < 0.4 and sent + 14 <= last:
                    sat = 1 if rnd() < 0.55 else 0
                    rows["survey"].append((case_id, iso[sent], iso[sent + between(2, 14)], sat,
                                           between(3, 5) if sat else between(1, 3),
                                           None if sat else pick(DISSATISFIED)))
                else:
                    rows["survey"].append((case_id, iso[sent], None, None, None, None))
        yield rows


def produce(queue, cal, policy, n_cases, n_open):
    """In a child process: generate the chunks and pass them on (None at the end)."""
    try:
        for rows in generate(cal, policy, n_cases, n_open):
            queue.put(rows)
        queue.put(None)
    except BaseException:  # the parent reports it and stops
        queue.put(traceback.format_exc())


def write_all(con, cal, policy, n_cases, n_open):
    """Generates in a child process while this one inserts: two cores, about half the time."""
    writer = Writer(con)
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue(maxsize=4)
    child = ctx.Process(target=produce, args=(queue, cal, policy, n_cases, n_open), daemon=True)
    child.start()
    done = 0
    while True:
        try:
            rows = queue.get(timeout=5)
        except Empty:
            if not child.is_alive():
                die(1, f"the generator process ended with exit status {child.exitcode}")
            continue
        if rows is None:
            break
        if isinstance(rows, str):
            die(1, f"the generator failed:\n{rows}")
        writer.write(rows)
        done += len(rows["case"])
        if done % 200_000 == 0 or done == n_cases:
            print(f"  {done} cases written", file=sys.stderr, flush=True)
    child.join()
    return writer.counts


def _cumulate(weights):
    total = 0
    for x in weights:
        total += x
        yield total


def _stage_times(cal, spec, start, on_time, hold, ext, held_out, ext_out, idx, limit):
    """(acknowledged, responded) working days for a stage started on `start` that is answered,
    adding a hold and an extension when asked; None when a date would pass `limit`."""
    wd, pos = cal.wd, cal.pos
    p = pos[start]
    ack_days, respond_days, max_ext = spec[2], spec[3], spec[4]
    ack = None
    if ack_days is not None:
        k = between(0, ack_days) if rnd() < 0.92 else ack_days + between(1, 6)
        ack = wd[p + k]
    if respond_days is None:
        return (ack, None) if ack is None or ack <= limit else None
    k = between(max(1, respond_days // 3), respond_days) if on_time \
        else respond_days + between(1, 15)
    if ext and max_ext != 0:
        n = between(1, max_ext) if max_ext else between(5, 20)
        granted = wd[p + between(1, max(1, min(k, respond_days) - 1))]
        ext_out.append((idx, granted, n, pick(EXTENSION_REASONS)))
        k += between(0, n)
    if hold:
        at = between(1, max(1, k - 1))
        length = between(2, 15)
        held_out.append((idx, wd[p + at], wd[p + at + length], pick(HOLD_REASONS)))
        k += length
    resp = wd[p + k]
    if resp > limit:
        return None
    if ack is None or ack > resp:
        ack = resp  # a response meets the acknowledgement target too
    return ack, resp


def _on_time(proc):
    if proc in ("childrens-statutory", "adults-statutory", "send"):
        return rnd() < 0.66
    return rnd() < 0.83


def _plan_closed(cal, policy, typ, proc, service, recv, last, fast,
                 stages, holds, exts, areas, out_pop, out_cum, ar_pop, ar_cum):
    """Stages of a closed case; (status, closure, closed_on) or None if it would end too late."""
    wd, pos = cal.wd, cal.pos
    spec = policy.spec(typ, proc, 1, service)
    r = rnd()
    if fast:
        # Whatever fits before `last`: acknowledged and answered on the day, closed.
        day = min(wd[pos[recv]], last)
        resp = day if spec[3] is not None else None
        outcome = weighted(out_pop, out_cum) if typ == "complaint" else None
        stages.append((recv, spec, day if spec[2] is not None or resp is not None else None,
                       resp, outcome, day))
        return "closed", None, day
    if r < 0.02 or (typ == "complaint" and r < 0.05):
        # withdrawn or redirected within a few days, stage not answered
        closure = "withdrawn" if rnd() < 0.5 else "redirected"
        day = cal.add(recv, between(0, 8))
        if day > last:
            return None
        stages.append((recv, spec, None, None, None, day))
        return "closed", closure, day
    if typ == "complaint" and r < 0.11 and spec[1] == 1:
        day = cal.add(recv, between(0, 3))
        if day > last:
            return None
        stages.append((recv, spec, day if spec[2] is not None else None, None, None, day))
        return "closed", "resolved-informally", day
    idx = 0
    start = recv
    while True:
        times = _stage_times(cal, spec, start, _on_time(spec[0]),
                             rnd() < 0.02, rnd() < 0.03, holds, exts, idx, last)
        if times is None:
            return None
        ack, resp = times
        outcome = None
        if typ == "complaint" and resp is not None:
            outcome = weighted(out_pop, out_cum)
            if rnd() < 0.85:
                a = {weighted(ar_pop, ar_cum)}
                if rnd() < 0.3:
                    a.add(weighted(ar_pop, ar_cum))
                for area in a:
                    areas.append((idx, area))
        nxt = policy.next_stage(spec[0], spec[1]) if typ == "complaint" and spec[0] else None
        escalate = nxt is not None and outcome != "upheld" and rnd() < (
            0.2 if spec[1] and spec[1] >= 2 else 0.08)
        if escalate:
            asked = wd[pos[resp] + between(1, 20)]
            if asked > last:
                escalate = False
        if escalate:
            stages.append((start, spec, ack, resp, outcome, asked))
            spec = policy.spec(typ, nxt[0], nxt[1], service)
            start = asked
            idx += 1
            continue
        end = ack if resp is None else resp
        if end is None:
            end = recv
        closed = wd[pos[end] + between(0, 20 if typ == "complaint" else 4)]
        if closed > last:
            closed = end if end <= last else None
            if closed is None:
                return None
        stages.append((start, spec, ack, resp, outcome, closed))
        return "closed", None, closed


def _plan_open(cal, policy, typ, proc, service, recv, last, fast,
               stages, holds, exts, areas, out_pop, out_cum, ar_pop, ar_cum):
    """Stages of a case not closed: (status, None, None), or None to try again."""
    wd, pos = cal.wd, cal.pos
    spec = policy.spec(typ, proc, 1, service)
    start, idx = recv, 0
    # A complaint answered at stage 1 and taken to the next stage, which is running.
    if not fast and typ == "complaint" and spec[0] and recv < last - 60 and rnd() < 0.06:
        nxt = policy.next_stage(spec[0], 1)
        if nxt is not None:
            times = _stage_times(cal, spec, recv, True, False, False, holds, exts, 0, last)
            if times is not None and times[1] is not None:
                asked = wd[pos[times[1]] + between(1, 20)]
                if asked <= last:
                    # not upheld in full, or the customer would not have taken it further
                    outcome = "partially-upheld" if rnd() < 0.35 else "not-upheld"
                    stages.append((recv, spec, times[0], times[1], outcome, asked))
                    spec = policy.spec(typ, nxt[0], nxt[1], service)
                    start, idx = asked, 1
    # Responded, waiting to be closed (or for the customer to escalate).
    if not fast and typ and spec[3] is not None and rnd() < 0.15:
        times = _stage_times(cal, spec, start, _on_time(spec[0]), False,
                             rnd() < 0.03, holds, exts, idx, last)
        if times is not None:
            ack, resp = times
            outcome = weighted(out_pop, out_cum) if typ == "complaint" else None
            if outcome and rnd() < 0.85:
                areas.append((idx, weighted(ar_pop, ar_cum)))
            stages.append((start, spec, ack, resp, outcome, None))
            return "responded", None, None
        del exts[:]  # an extension on a failed try
    # Open: perhaps acknowledged, perhaps held or extended.
    ack = None
    if spec[2] is not None and rnd() < 0.75:
        k = between(0, spec[2]) if rnd() < 0.9 else spec[2] + between(1, 5)
        ack = wd[pos[start] + k]
        if ack > last:
            ack = None
    span = pos[last] - pos[start]  # working days from the start to the last day
    if not fast and span >= 3 and spec[3] is not None:  # a hold stops a response clock
        r = rnd()
        if r < 0.04:
            held = wd[pos[start] + between(1, span)]
            holds.append((idx, held, None, pick(HOLD_REASONS)))
        elif r < 0.07:
            a = between(1, span - 1)
            b = min(span, a + between(1, 15))
            holds.append((idx, wd[pos[start] + a], wd[pos[start] + b], pick(HOLD_REASONS)))
        if spec[3] is not None and spec[4] != 0 and rnd() < 0.04:
            n = between(1, spec[4]) if spec[4] else between(5, 20)
            exts.append((idx, wd[pos[start] + between(1, span)], n,
                         pick(EXTENSION_REASONS)))
    stages.append((start, spec, ack, None, None, None))
    return "open", None, None


def add_services(con):
    con.executemany("INSERT INTO service (code, name, directorate, default_procedure) "
                    "VALUES (?, ?, ?, ?)", [s[:4] for s in SERVICES])


def main():
    a = parse_args()
    t0 = time.monotonic()
    if not (os.path.isfile(a.admin) and os.access(a.admin, os.X_OK)):
        die(2, f"--admin {a.admin}: not an executable file")
    if os.path.exists(a.db):
        if not a.force:
            die(1, f"{a.db} exists (use --force to replace it)")
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(a.db + suffix):
                os.remove(a.db + suffix)
    run_admin(a.admin, "--db", a.db, "init")
    holidays = load_holidays(a.admin, a.db)
    cal = Calendar(holidays)
    n_open = round(a.cases * a.open_fraction)
    seed(a.seed)

    con = sqlite3.connect(a.db)
    policy = Policy(con)
    con.close()

    con = sqlite3.connect(a.db, isolation_level=None)
    # A fresh file nobody else uses: no journal, no syncs, a big cache; WAL again at the end.
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA cache_size = -1048576")
    con.execute("PRAGMA temp_store = MEMORY")
    # CHECK constraints cost more than the rest of an insert: skip them here and let
    # `feedback-admin check` (PRAGMA integrity_check evaluates every CHECK) verify the rows.
    con.execute("PRAGMA ignore_check_constraints = ON")
    con.execute("BEGIN")
    add_services(con)
    counts = write_all(con, cal, policy, a.cases, n_open)
    con.execute("COMMIT")
    # No ANALYZE: the programs never run it, so the query planner sees what it sees in a
    # council's own database (no sqlite_stat1).
    mode = con.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    con.close()
    t_all = time.monotonic() - t0

    con = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    by_status = dict(con.execute("SELECT status, count(*) FROM case_record GROUP BY status"))
    open_by_service = con.execute(
        "SELECT service, count(*) FROM case_record WHERE status <> 'closed' GROUP BY service "
        "ORDER BY count(*), service").fetchall()
    bench = next(((s, n) for s, n in open_by_service if n >= 1000), None)
    if bench is None:
        bench = open_by_service[-1] if open_by_service else (None, 0)
    sample_open = con.execute(
        "SELECT c.reference FROM case_record c JOIN case_stage s ON s.id = c.current_stage "
        "WHERE c.status = 'open' AND c.service = ? AND s.acknowledged IS NULL "
        "ORDER BY c.id DESC LIMIT 1", (bench[0],)).fetchone()
    by_type = con.execute("SELECT coalesce(type, 'unclassified'), count(*) FROM case_record "
                          "GROUP BY 1 ORDER BY 2 DESC").fetchall()
    con.close()
    size = os.path.getsize(a.db)
    check = "skipped (--no-check)"
    if not a.no_check:
        t1 = time.monotonic()
        r = subprocess.run([a.admin, "--db", a.db, "check"], capture_output=True, text=True)
        if r.returncode != 0:
            # Not left behind: a script keeping databases by their case count would reuse it.
            bad = a.db + ".failed-check"
            os.replace(a.db, bad)
            die(1, f"feedback-admin check failed (exit {r.returncode}); the database is now "
                   f"{bad}:\n{r.stdout}{r.stderr}")
        check = f"{r.stdout.strip().splitlines()[-1]} ({time.monotonic() - t1:.1f} s)"
    n_not_closed = by_status.get("open", 0) + by_status.get("responded", 0)

    print(f"database:        {a.db} ({size / 2**20:.0f} MiB, journal mode {mode})")
    print(f"time:            {t_all:.1f} s to create and fill (check not included)")
    print(f"check:           {check}")
    print(f"cases:           {a.cases} (seed {a.seed}), received {FIRST_DAY}..{LAST_DAY}")
    print(f"not closed:      {n_not_closed} ({by_status.get('open', 0)} open, "
          f"{by_status.get('responded', 0)} responded), {by_status.get('closed', 0)} closed")
    print("types:           " + ", ".join(f"{t} {n}" for t, n in by_type))
    print(f"services:        {len(SERVICES)}")
    print("rows:            " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print(f"bench service:   {bench[0]} ({bench[1]} cases not closed)")
    print(f"largest service: {open_by_service[-1][0]} ({open_by_service[-1][1]} not closed)"
          if open_by_service else "largest service: none")
    print(f"sample open ref: {sample_open[0] if sample_open else 'none'}")
    print(f"bench_service={bench[0]}")


if __name__ == "__main__":
    main()
