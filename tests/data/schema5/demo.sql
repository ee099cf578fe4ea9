PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE setting (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;
INSERT INTO setting VALUES('region','england-and-wales');
CREATE TABLE closure_day (
  day    TEXT PRIMARY KEY NOT NULL CHECK (day = date(day)),
  reason TEXT NOT NULL CHECK (length(reason) > 0)
) STRICT;
INSERT INTO closure_day VALUES('2026-12-29','Christmas closure');
INSERT INTO closure_day VALUES('2026-12-30','Christmas closure');
INSERT INTO closure_day VALUES('2026-12-31','Christmas closure');
CREATE TABLE bank_holiday_year (
  region TEXT NOT NULL CHECK (region IN ('england-and-wales', 'scotland', 'northern-ireland')),
  year   INTEGER NOT NULL,
  source TEXT NOT NULL,
  loaded_at TEXT NOT NULL,
  PRIMARY KEY (region, year)
) STRICT;
CREATE TABLE bank_holiday (
  region  TEXT NOT NULL,
  day     TEXT NOT NULL CHECK (day = date(day)),
  title   TEXT NOT NULL,
  notes   TEXT NOT NULL DEFAULT '',
  bunting INTEGER NOT NULL DEFAULT 0 CHECK (bunting IN (0, 1)),
  year    INTEGER NOT NULL GENERATED ALWAYS AS (CAST(substr(day, 1, 4) AS INTEGER)) STORED,
  PRIMARY KEY (region, day),
  FOREIGN KEY (region, year) REFERENCES bank_holiday_year (region, year) ON DELETE CASCADE
) STRICT;
CREATE TABLE policy_version (
  version    INTEGER PRIMARY KEY,
  created_at TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO policy_version VALUES(1,'1970-01-01T00:00:00Z','defaults');
CREATE TABLE policy_procedure (
  version         INTEGER NOT NULL REFERENCES policy_version (version),
  code            TEXT NOT NULL CHECK (code IN ('corporate', 'childrens-statutory',
                    'adults-statutory', 'send', 'enquiry', 'priority-correspondence')),
  name            TEXT NOT NULL,
  -- % of stage responses due within timescale (the performance target)
  target_percent  INTEGER NOT NULL CHECK (target_percent BETWEEN 0 AND 100),
  -- working days after a stage response in which the customer may ask for the next step
  escalation_window_days INTEGER CHECK (escalation_window_days >= 0),
  PRIMARY KEY (version, code)
) STRICT;
INSERT INTO policy_procedure VALUES(1,'corporate','Corporate complaints procedure',80,20);
INSERT INTO policy_procedure VALUES(1,'childrens-statutory','Children''s social care statutory procedure',60,20);
INSERT INTO policy_procedure VALUES(1,'adults-statutory','Adult social care statutory procedure',60,NULL);
INSERT INTO policy_procedure VALUES(1,'send','Special educational needs and disabilities',80,20);
INSERT INTO policy_procedure VALUES(1,'enquiry','Enquiries',80,NULL);
INSERT INTO policy_procedure VALUES(1,'priority-correspondence','Priority correspondence (chief executive, MPs, directors)',80,NULL);
CREATE TABLE policy_stage (
  version            INTEGER NOT NULL,
  procedure          TEXT NOT NULL,
  stage              INTEGER NOT NULL CHECK (stage >= 1),
  name               TEXT NOT NULL,
  acknowledge_days   INTEGER CHECK (acknowledge_days >= 0),      -- NULL: no acknowledgement
  respond_days       INTEGER NOT NULL CHECK (respond_days >= 0),
  max_extension_days INTEGER CHECK (max_extension_days >= 0),    -- NULL: as agreed, no limit
  -- what a customer still dissatisfied goes to: the next stage of this procedure (NULL
  -- next_procedure and next_stage = stage + 1 when it exists), another procedure's stage, or
  -- the Ombudsman ('ombudsman')
  next_procedure     TEXT,
  next_stage         INTEGER,
  PRIMARY KEY (version, procedure, stage),
  FOREIGN KEY (version, procedure) REFERENCES policy_procedure (version, code)
) STRICT;
INSERT INTO policy_stage VALUES(1,'corporate',1,'Stage 1',3,10,10,NULL,2);
INSERT INTO policy_stage VALUES(1,'corporate',2,'Stage 2: independent review',3,20,10,'ombudsman',NULL);
INSERT INTO policy_stage VALUES(1,'childrens-statutory',1,'Stage 1',3,10,10,NULL,2);
INSERT INTO policy_stage VALUES(1,'childrens-statutory',2,'Stage 2: independent investigation',3,25,40,NULL,3);
INSERT INTO policy_stage VALUES(1,'childrens-statutory',3,'Stage 3: review panel',3,30,0,'ombudsman',NULL);
INSERT INTO policy_stage VALUES(1,'adults-statutory',1,'Single stage',3,20,NULL,'ombudsman',NULL);
INSERT INTO policy_stage VALUES(1,'send',1,'Stage 1',3,20,10,'corporate',2);
INSERT INTO policy_stage VALUES(1,'enquiry',1,'Enquiry',NULL,5,0,NULL,NULL);
INSERT INTO policy_stage VALUES(1,'priority-correspondence',1,'Priority correspondence',NULL,10,0,NULL,NULL);
CREATE TABLE policy_type (
  version          INTEGER NOT NULL REFERENCES policy_version (version),
  type             TEXT NOT NULL CHECK (type IN ('unclassified', 'complaint', 'compliment',
                     'comment', 'suggestion', 'enquiry', 'service-request')),
  procedure        TEXT,     -- the procedure a case of this type follows by default
  acknowledge_days INTEGER CHECK (acknowledge_days >= 0),
  respond_days     INTEGER CHECK (respond_days >= 0),
  PRIMARY KEY (version, type)
) STRICT;
INSERT INTO policy_type VALUES(1,'unclassified',NULL,3,NULL);
INSERT INTO policy_type VALUES(1,'complaint','corporate',NULL,NULL);
INSERT INTO policy_type VALUES(1,'compliment',NULL,5,NULL);
INSERT INTO policy_type VALUES(1,'comment',NULL,5,NULL);
INSERT INTO policy_type VALUES(1,'suggestion',NULL,5,NULL);
INSERT INTO policy_type VALUES(1,'enquiry','enquiry',NULL,NULL);
INSERT INTO policy_type VALUES(1,'service-request',NULL,NULL,NULL);
CREATE TABLE policy_service_override (
  version      INTEGER NOT NULL REFERENCES policy_version (version),
  service      TEXT NOT NULL,
  procedure    TEXT NOT NULL,
  stage        INTEGER NOT NULL,
  respond_days INTEGER NOT NULL CHECK (respond_days >= 0),
  PRIMARY KEY (version, service, procedure, stage)
) STRICT;
CREATE TABLE policy_ladder (
  version      INTEGER NOT NULL REFERENCES policy_version (version),
  level        TEXT NOT NULL,
  days_overdue INTEGER NOT NULL,
  notify       TEXT NOT NULL,
  PRIMARY KEY (version, level),
  UNIQUE (version, days_overdue)
) STRICT;
INSERT INTO policy_ladder VALUES(1,'due-soon',-2,'owner');
INSERT INTO policy_ladder VALUES(1,'past-due',1,'team-manager');
INSERT INTO policy_ladder VALUES(1,'head-of-service',5,'head-of-service');
INSERT INTO policy_ladder VALUES(1,'director',10,'director');
CREATE TABLE policy_rule (
  version       INTEGER NOT NULL REFERENCES policy_version (version),
  ordinal       INTEGER NOT NULL,
  name          TEXT NOT NULL,
  sponsors      TEXT,
  info_request  INTEGER CHECK (info_request IN (0, 1)),
  types         TEXT,
  set_type      TEXT,
  set_procedure TEXT,
  reason        TEXT NOT NULL,
  PRIMARY KEY (version, ordinal),
  UNIQUE (version, name)
) STRICT;
INSERT INTO policy_rule VALUES(1,1,'member-input-is-a-complaint','councillor,mp',0,'unclassified,complaint,enquiry,service-request','complaint',NULL,'input from a councillor or MP on behalf of a constituent is treated as a complaint unless it is only a request for information');
INSERT INTO policy_rule VALUES(1,2,'member-information-request','councillor,mp,chief-executive',1,'unclassified,enquiry','enquiry','priority-correspondence','a request for information from a councillor, MP or the chief executive is priority correspondence');
INSERT INTO policy_rule VALUES(1,3,'chief-executive-complaint','chief-executive',0,'unclassified,complaint,enquiry,service-request','complaint',NULL,'a contact sponsored by the chief executive is treated as a complaint unless it is only a request for information');
CREATE TABLE policy_setting (
  version INTEGER NOT NULL REFERENCES policy_version (version),
  key     TEXT NOT NULL,
  value   INTEGER NOT NULL,
  PRIMARY KEY (version, key)
) STRICT;
INSERT INTO policy_setting VALUES(1,'sponsor_update_days',5);
INSERT INTO policy_setting VALUES(1,'retention_years',6);
CREATE TABLE service (
  code              TEXT PRIMARY KEY NOT NULL CHECK (length(code) > 0),
  name              TEXT NOT NULL,
  directorate       TEXT NOT NULL,
  default_procedure TEXT CHECK (default_procedure IN ('corporate', 'childrens-statutory',
                      'adults-statutory', 'send', 'enquiry', 'priority-correspondence'))
) STRICT;
INSERT INTO service VALUES('HWY','Highways and street lighting','Place',NULL);
INSERT INTO service VALUES('WST','Waste and recycling','Place',NULL);
INSERT INTO service VALUES('PRK','Parking services','Place',NULL);
INSERT INTO service VALUES('PLN','Planning and building control','Place',NULL);
INSERT INTO service VALUES('HSG','Housing repairs','Housing',NULL);
INSERT INTO service VALUES('CTAX','Council tax and benefits','Resources',NULL);
INSERT INTO service VALUES('LIB','Libraries','Communities',NULL);
INSERT INTO service VALUES('CSC','Children''s social care','Children''s services','childrens-statutory');
INSERT INTO service VALUES('SEN','Special educational needs','Children''s services','send');
INSERT INTO service VALUES('ASC','Adult social care','Adults and health','adults-statutory');
INSERT INTO service VALUES('CEX','Chief executive''s office','Chief executive''s office',NULL);
CREATE TABLE case_record (
  id            INTEGER PRIMARY KEY,
  reference     TEXT NOT NULL UNIQUE,
  type          TEXT CHECK (type IN ('complaint', 'compliment', 'comment', 'suggestion',
                  'enquiry', 'service-request')),                   -- NULL: unclassified
  channel       TEXT NOT NULL CHECK (channel IN ('web', 'email', 'phone', 'letter',
                  'face-to-face', 'social-media', 'webchat', 'staff-portal')),
  service       TEXT REFERENCES service (code),
  summary       TEXT NOT NULL,
  received      TEXT NOT NULL CHECK (received = date(received)),  -- Europe/London date
  received_at   TEXT NOT NULL,                                    -- as given
  status        TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'responded', 'closed')),
  -- how a closed case ended when not by a stage response
  closure       TEXT CHECK (closure IN ('withdrawn', 'resolved-informally', 'redirected')),
  redirected_to TEXT,
  owner         TEXT,
  sponsor       TEXT CHECK (sponsor IN ('councillor', 'mp', 'chief-executive')),
  sponsor_name  TEXT,
  info_request  INTEGER NOT NULL DEFAULT 0 CHECK (info_request IN (0, 1)),
  sponsor_updated TEXT CHECK (sponsor_updated = date(sponsor_updated)),
  external_ref  TEXT,
  source        TEXT,            -- the legacy system a case was imported from
  source_ref    TEXT,            -- its identity there
  classified_by TEXT,            -- which rule or officer decided the type, and why
  closed_on     TEXT CHECK (closed_on = date(closed_on)),
  last_activity TEXT NOT NULL CHECK (last_activity = date(last_activity)),
  current_stage INTEGER,         -- case_stage.id, set once the first stage exists
  UNIQUE (source, source_ref)
) STRICT;
INSERT INTO case_record VALUES(1,'FB-2026-000001','complaint','web','HWY','Pothole on Mill Lane not repaired after three reports','2026-10-30','2026-10-30','closed',NULL,NULL,'j.patel',NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint','2026-11-10','2026-11-29',1);
INSERT INTO case_record VALUES(2,'FB-2026-000002','complaint','phone','WST','Bin missed four weeks running','2026-11-04','2026-11-04','open',NULL,NULL,'s.okafor',NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint',NULL,'2026-11-29',2);
INSERT INTO case_record VALUES(3,'FB-2026-000003','complaint','email','HSG','Damp and mould not treated','2026-11-08','2026-11-08','open',NULL,NULL,'m.evans',NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint',NULL,'2026-11-29',3);
INSERT INTO case_record VALUES(4,'FB-2026-000004','complaint','letter','CTAX','Council tax bill sent to the wrong address','2026-11-11','2026-11-11','open',NULL,NULL,'r.hughes',NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint',NULL,'2026-11-29',4);
INSERT INTO case_record VALUES(5,'FB-2026-000005','complaint','web','PRK','Penalty charge issued while displaying a valid permit','2026-11-17','2026-11-17','open',NULL,NULL,'a.kowalski',NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint',NULL,'2026-11-29',5);
INSERT INTO case_record VALUES(6,'FB-2026-000006','complaint','face-to-face','LIB','Staff member was rude at the library desk','2026-11-20','2026-11-20','open',NULL,NULL,'l.chen',NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint',NULL,'2026-11-29',23);
INSERT INTO case_record VALUES(7,'FB-2026-000007','complaint','email','PLN','Planning application decided without a site visit','2026-11-23','2026-11-23','open',NULL,NULL,'j.patel',NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint',NULL,'2026-11-29',7);
INSERT INTO case_record VALUES(8,'FB-2026-000008','complaint','web','HWY','Street light out for a month','2026-11-26','2026-11-26','open',NULL,NULL,'s.okafor',NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint',NULL,'2026-11-29',8);
INSERT INTO case_record VALUES(9,'FB-2026-000009','complaint','letter','CSC','Social worker changed three times in six months','2026-11-09','2026-11-09','open',NULL,NULL,'m.evans',NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure childrens-statutory: the default procedure of service CSC',NULL,'2026-11-29',24);
INSERT INTO case_record VALUES(10,'FB-2026-000010','complaint','email','ASC','Care package reduced without assessment','2026-11-14','2026-11-14','open',NULL,NULL,'r.hughes',NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure adults-statutory: the default procedure of service ASC',NULL,'2026-11-29',10);
INSERT INTO case_record VALUES(11,'FB-2026-000011','complaint','email','SEN','EHC plan annual review late','2026-11-19','2026-11-19','open',NULL,NULL,'a.kowalski',NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure send: the default procedure of service SEN',NULL,'2026-11-29',11);
INSERT INTO case_record VALUES(12,'FB-2026-000012','complaint','letter','HWY','Cllr writes on behalf of residents about flooding','2026-11-15','2026-11-15','open',NULL,NULL,'l.chen','councillor','Cllr Pat Morgan',0,'2026-11-22',NULL,NULL,NULL,'type complaint: rule member-input-is-a-complaint: input from a councillor or MP on behalf of a constituent is treated as a complaint unless it is only a request for information; procedure corporate: the policy''s procedure for complaint',NULL,'2026-11-29',12);
INSERT INTO case_record VALUES(13,'FB-2026-000013','enquiry','email','CEX','MP asks how many bins were missed last quarter','2026-11-24','2026-11-24','open',NULL,NULL,'j.patel','mp','Jo Bloggs MP',1,NULL,NULL,NULL,NULL,'type enquiry: rule member-information-request: a request for information from a councillor, MP or the chief executive is priority correspondence; procedure priority-correspondence: rule member-information-request: a request for information from a councillor, MP or the chief executive is priority correspondence',NULL,'2026-11-29',13);
INSERT INTO case_record VALUES(14,'FB-2026-000014','enquiry','webchat','CTAX','How do I apply for single person discount?','2026-11-25','2026-11-25','open',NULL,NULL,'s.okafor',NULL,NULL,0,NULL,NULL,NULL,NULL,'type enquiry: as given by the officer; procedure enquiry: the policy''s procedure for enquiry',NULL,'2026-11-29',14);
INSERT INTO case_record VALUES(15,'FB-2026-000015','compliment','email','WST','Thanks to the crew who returned my bin','2026-11-22','2026-11-22','closed',NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,NULL,'type compliment: as given by the officer; procedure: none (compliment follows no procedure)','2026-11-23','2026-11-23',15);
INSERT INTO case_record VALUES(16,'FB-2026-000016','suggestion','web','LIB','Open the library on Sunday afternoons','2026-11-21','2026-11-21','open',NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,NULL,'type suggestion: as given by the officer; procedure: none (suggestion follows no procedure)',NULL,'2026-11-21',16);
INSERT INTO case_record VALUES(17,'FB-2026-000017','service-request','phone','HWY','Fallen tree blocking footpath','2026-11-27','2026-11-27','open',NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,NULL,'type service-request: as given by the officer; procedure: none (service-request follows no procedure)',NULL,'2026-11-27',17);
INSERT INTO case_record VALUES(18,'FB-2026-000018',NULL,'social-media','HSG','Angry post about repairs waiting list','2026-11-28','2026-11-28','open',NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,NULL,'type: unclassified until an officer classifies it; procedure: none (an unclassified contact follows no procedure)',NULL,'2026-11-28',18);
INSERT INTO case_record VALUES(19,'FB-2026-000019','complaint','web','HWY','Motorway junction lighting','2026-11-18','2026-11-18','closed','redirected','National Highways',NULL,NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint','2026-11-29','2026-11-29',19);
INSERT INTO case_record VALUES(20,'FB-2026-000020','complaint','phone','WST','Garden waste collection missed','2026-11-13','2026-11-13','closed','withdrawn',NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint','2026-11-19','2026-11-19',20);
INSERT INTO case_record VALUES(21,'FB-2026-000021','complaint','email','HSG','Reported a leak, who is coming?','2026-11-16','2026-11-16','open',NULL,NULL,'m.evans',NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint',NULL,'2026-11-29',21);
INSERT INTO case_record VALUES(22,'FB-2026-000022','complaint','phone','PRK','Blue badge bay painted in the wrong place','2026-10-20','2026-10-20','closed','resolved-informally',NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,NULL,'type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint','2026-10-20','2026-10-20',22);
CREATE TABLE case_stage (
  id                 INTEGER PRIMARY KEY,
  case_id            INTEGER NOT NULL REFERENCES case_record (id),
  procedure          TEXT,                 -- NULL for types that follow no procedure
  stage              INTEGER,
  policy_version     INTEGER NOT NULL REFERENCES policy_version (version),
  started            TEXT NOT NULL CHECK (started = date(started)),
  acknowledge_days   INTEGER,
  respond_days       INTEGER,
  max_extension_days INTEGER,
  acknowledged       TEXT CHECK (acknowledged = date(acknowledged)),
  responded          TEXT CHECK (responded = date(responded)),
  outcome            TEXT CHECK (outcome IN ('upheld', 'partially-upheld', 'not-upheld')),
  ended              TEXT CHECK (ended = date(ended))
) STRICT;
INSERT INTO case_stage VALUES(1,1,'corporate',1,1,'2026-10-30',3,10,10,'2026-10-31','2026-11-09','upheld','2026-11-10');
INSERT INTO case_stage VALUES(2,2,'corporate',1,1,'2026-11-04',3,10,10,'2026-11-05',NULL,NULL,NULL);
INSERT INTO case_stage VALUES(3,3,'corporate',1,1,'2026-11-08',3,10,10,'2026-11-09',NULL,NULL,NULL);
INSERT INTO case_stage VALUES(4,4,'corporate',1,1,'2026-11-11',3,10,10,NULL,NULL,NULL,NULL);
INSERT INTO case_stage VALUES(5,5,'corporate',1,1,'2026-11-17',3,10,10,'2026-11-18',NULL,NULL,NULL);
INSERT INTO case_stage VALUES(6,6,'corporate',1,1,'2026-11-20',3,10,10,'2026-11-21','2026-11-27','partially-upheld','2026-11-28');
INSERT INTO case_stage VALUES(7,7,'corporate',1,1,'2026-11-23',3,10,10,NULL,NULL,NULL,NULL);
INSERT INTO case_stage VALUES(8,8,'corporate',1,1,'2026-11-26',3,10,10,NULL,NULL,NULL,NULL);
INSERT INTO case_stage VALUES(9,9,'childrens-statutory',1,1,'2026-11-09',3,10,10,'2026-11-10','2026-11-20','not-upheld','2026-11-23');
INSERT INTO case_stage VALUES(10,10,'adults-statutory',1,1,'2026-11-14',3,20,NULL,'2026-11-15',NULL,NULL,NULL);
INSERT INTO case_stage VALUES(11,11,'send',1,1,'2026-11-19',3,20,10,NULL,NULL,NULL,NULL);
INSERT INTO case_stage VALUES(12,12,'corporate',1,1,'2026-11-15',3,10,10,'2026-11-16',NULL,NULL,NULL);
INSERT INTO case_stage VALUES(13,13,'priority-correspondence',1,1,'2026-11-24',NULL,10,0,NULL,NULL,NULL,NULL);
INSERT INTO case_stage VALUES(14,14,'enquiry',1,1,'2026-11-25',NULL,5,0,NULL,NULL,NULL,NULL);
INSERT INTO case_stage VALUES(15,15,NULL,NULL,1,'2026-11-22',5,NULL,0,'2026-11-23',NULL,NULL,'2026-11-23');
INSERT INTO case_stage VALUES(16,16,NULL,NULL,1,'2026-11-21',5,NULL,0,NULL,NULL,NULL,NULL);
INSERT INTO case_stage VALUES(17,17,NULL,NULL,1,'2026-11-27',NULL,NULL,0,NULL,NULL,NULL,NULL);
INSERT INTO case_stage VALUES(18,18,NULL,NULL,1,'2026-11-28',3,NULL,0,NULL,NULL,NULL,NULL);
INSERT INTO case_stage VALUES(19,19,'corporate',1,1,'2026-11-18',3,10,10,NULL,NULL,NULL,'2026-11-29');
INSERT INTO case_stage VALUES(20,20,'corporate',1,1,'2026-11-13',3,10,10,NULL,NULL,NULL,'2026-11-19');
INSERT INTO case_stage VALUES(21,21,'corporate',1,1,'2026-11-16',3,10,10,NULL,NULL,NULL,NULL);
INSERT INTO case_stage VALUES(22,22,'corporate',1,1,'2026-10-20',3,10,10,NULL,NULL,NULL,'2026-10-20');
INSERT INTO case_stage VALUES(23,6,'corporate',2,1,'2026-11-28',3,20,10,NULL,NULL,NULL,NULL);
INSERT INTO case_stage VALUES(24,9,'childrens-statutory',2,1,'2026-11-23',3,25,40,'2026-11-24',NULL,NULL,NULL);
CREATE TABLE case_hold (
  id         INTEGER PRIMARY KEY,
  stage_id   INTEGER NOT NULL REFERENCES case_stage (id),
  held_on    TEXT NOT NULL CHECK (held_on = date(held_on)),
  resumed_on TEXT CHECK (resumed_on = date(resumed_on) AND resumed_on >= held_on),
  reason     TEXT NOT NULL
) STRICT;
INSERT INTO case_hold VALUES(1,5,'2026-11-21','2026-11-25','Waiting for a copy of the permit');
CREATE TABLE case_extension (
  id         INTEGER PRIMARY KEY,
  stage_id   INTEGER NOT NULL REFERENCES case_stage (id),
  granted_on TEXT NOT NULL CHECK (granted_on = date(granted_on)),
  days       INTEGER NOT NULL CHECK (days > 0),
  reason     TEXT NOT NULL CHECK (length(reason) > 0)
) STRICT;
INSERT INTO case_extension VALUES(1,3,'2026-11-29',10,'Specialist survey needed');
INSERT INTO case_extension VALUES(2,24,'2026-11-29',15,'Independent investigator appointed');
CREATE TABLE case_area (
  stage_id INTEGER NOT NULL REFERENCES case_stage (id),
  area     TEXT NOT NULL CHECK (area IN ('accessibility', 'administration', 'communication',
             'staff-behaviour', 'service-failure', 'speed-of-service', 'quality-of-service',
             'damage')),
  PRIMARY KEY (stage_id, area)
) STRICT;
INSERT INTO case_area VALUES(1,'service-failure');
INSERT INTO case_area VALUES(6,'staff-behaviour');
INSERT INTO case_area VALUES(9,'communication');
CREATE TABLE case_event (
  id         INTEGER PRIMARY KEY,
  case_id    INTEGER NOT NULL REFERENCES case_record (id),
  at         TEXT NOT NULL,        -- when it was recorded (UTC timestamp)
  on_date    TEXT NOT NULL CHECK (on_date = date(on_date)), -- the day it took effect
  officer    TEXT NOT NULL,
  kind       TEXT NOT NULL,
  from_value TEXT,
  to_value   TEXT,
  detail     TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO case_event VALUES(1,1,'2026-11-29T12:03:59Z','2026-10-30','s.okafor','created',NULL,NULL,'received by web');
INSERT INTO case_event VALUES(2,1,'2026-11-29T12:03:59Z','2026-10-30','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(3,1,'2026-11-29T12:03:59Z','2026-11-29','demo','assigned',NULL,'j.patel','');
INSERT INTO case_event VALUES(4,1,'2026-11-29T12:03:59Z','2026-10-31','complaints.team','acknowledged',NULL,'2026-10-31','stage 1');
INSERT INTO case_event VALUES(5,1,'2026-11-29T12:03:59Z','2026-11-09','complaints.team','responded',NULL,'upheld','upheld; areas: service-failure');
INSERT INTO case_event VALUES(6,1,'2026-11-29T12:03:59Z','2026-11-10','complaints.team','closed','responded','closed','');
INSERT INTO case_event VALUES(7,1,'2026-11-29T12:03:59Z','2026-11-29','complaints.team','learning',NULL,'1','Repeat reports not linked');
INSERT INTO case_event VALUES(8,1,'2026-11-29T12:03:59Z','2026-11-14','complaints.team','survey',NULL,'satisfied','4 stars');
INSERT INTO case_event VALUES(9,2,'2026-11-29T12:03:59Z','2026-11-04','s.okafor','created',NULL,NULL,'received by phone');
INSERT INTO case_event VALUES(10,2,'2026-11-29T12:03:59Z','2026-11-04','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(11,2,'2026-11-29T12:03:59Z','2026-11-29','demo','assigned',NULL,'s.okafor','');
INSERT INTO case_event VALUES(12,2,'2026-11-29T12:03:59Z','2026-11-05','complaints.team','acknowledged',NULL,'2026-11-05','stage 1');
INSERT INTO case_event VALUES(13,3,'2026-11-29T12:03:59Z','2026-11-08','s.okafor','created',NULL,NULL,'received by email');
INSERT INTO case_event VALUES(14,3,'2026-11-29T12:03:59Z','2026-11-08','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(15,3,'2026-11-29T12:03:59Z','2026-11-29','demo','assigned',NULL,'m.evans','');
INSERT INTO case_event VALUES(16,3,'2026-11-29T12:03:59Z','2026-11-09','complaints.team','acknowledged',NULL,'2026-11-09','stage 1');
INSERT INTO case_event VALUES(17,3,'2026-11-29T12:03:59Z','2026-11-29','demo','extended','2026-11-23','2026-12-07','+10 working days: Specialist survey needed');
INSERT INTO case_event VALUES(18,4,'2026-11-29T12:03:59Z','2026-11-11','s.okafor','created',NULL,NULL,'received by letter');
INSERT INTO case_event VALUES(19,4,'2026-11-29T12:03:59Z','2026-11-11','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(20,4,'2026-11-29T12:03:59Z','2026-11-29','demo','assigned',NULL,'r.hughes','');
INSERT INTO case_event VALUES(21,5,'2026-11-29T12:03:59Z','2026-11-17','s.okafor','created',NULL,NULL,'received by web');
INSERT INTO case_event VALUES(22,5,'2026-11-29T12:03:59Z','2026-11-17','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(23,5,'2026-11-29T12:03:59Z','2026-11-29','demo','assigned',NULL,'a.kowalski','');
INSERT INTO case_event VALUES(24,5,'2026-11-29T12:03:59Z','2026-11-18','complaints.team','acknowledged',NULL,'2026-11-18','stage 1');
INSERT INTO case_event VALUES(25,5,'2026-11-29T12:03:59Z','2026-11-21','complaints.team','held',NULL,'2026-11-21','Waiting for a copy of the permit');
INSERT INTO case_event VALUES(26,6,'2026-11-29T12:03:59Z','2026-11-20','s.okafor','created',NULL,NULL,'received by face-to-face');
INSERT INTO case_event VALUES(27,6,'2026-11-29T12:03:59Z','2026-11-20','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(28,6,'2026-11-29T12:03:59Z','2026-11-29','demo','assigned',NULL,'l.chen','');
INSERT INTO case_event VALUES(29,6,'2026-11-29T12:03:59Z','2026-11-21','complaints.team','acknowledged',NULL,'2026-11-21','stage 1');
INSERT INTO case_event VALUES(30,6,'2026-11-29T12:04:00Z','2026-11-27','complaints.team','responded',NULL,'partially-upheld','partially-upheld; areas: staff-behaviour');
INSERT INTO case_event VALUES(31,7,'2026-11-29T12:04:00Z','2026-11-23','s.okafor','created',NULL,NULL,'received by email');
INSERT INTO case_event VALUES(32,7,'2026-11-29T12:04:00Z','2026-11-23','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(33,7,'2026-11-29T12:04:00Z','2026-11-29','demo','assigned',NULL,'j.patel','');
INSERT INTO case_event VALUES(34,8,'2026-11-29T12:04:00Z','2026-11-26','s.okafor','created',NULL,NULL,'received by web');
INSERT INTO case_event VALUES(35,8,'2026-11-29T12:04:00Z','2026-11-26','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(36,8,'2026-11-29T12:04:00Z','2026-11-29','demo','assigned',NULL,'s.okafor','');
INSERT INTO case_event VALUES(37,9,'2026-11-29T12:04:00Z','2026-11-09','s.okafor','created',NULL,NULL,'received by letter');
INSERT INTO case_event VALUES(38,9,'2026-11-29T12:04:00Z','2026-11-09','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure childrens-statutory: the default procedure of service CSC');
INSERT INTO case_event VALUES(39,9,'2026-11-29T12:04:00Z','2026-11-29','demo','assigned',NULL,'m.evans','');
INSERT INTO case_event VALUES(40,9,'2026-11-29T12:04:00Z','2026-11-10','complaints.team','acknowledged',NULL,'2026-11-10','stage 1');
INSERT INTO case_event VALUES(41,10,'2026-11-29T12:04:00Z','2026-11-14','s.okafor','created',NULL,NULL,'received by email');
INSERT INTO case_event VALUES(42,10,'2026-11-29T12:04:00Z','2026-11-14','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure adults-statutory: the default procedure of service ASC');
INSERT INTO case_event VALUES(43,10,'2026-11-29T12:04:00Z','2026-11-29','demo','assigned',NULL,'r.hughes','');
INSERT INTO case_event VALUES(44,10,'2026-11-29T12:04:00Z','2026-11-15','complaints.team','acknowledged',NULL,'2026-11-15','stage 1');
INSERT INTO case_event VALUES(45,11,'2026-11-29T12:04:00Z','2026-11-19','s.okafor','created',NULL,NULL,'received by email');
INSERT INTO case_event VALUES(46,11,'2026-11-29T12:04:00Z','2026-11-19','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure send: the default procedure of service SEN');
INSERT INTO case_event VALUES(47,11,'2026-11-29T12:04:00Z','2026-11-29','demo','assigned',NULL,'a.kowalski','');
INSERT INTO case_event VALUES(48,12,'2026-11-29T12:04:00Z','2026-11-15','s.okafor','created',NULL,NULL,'received by letter, sponsored by councillor');
INSERT INTO case_event VALUES(49,12,'2026-11-29T12:04:00Z','2026-11-15','s.okafor','classified',NULL,'complaint','type complaint: rule member-input-is-a-complaint: input from a councillor or MP on behalf of a constituent is treated as a complaint unless it is only a request for information; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(50,12,'2026-11-29T12:04:00Z','2026-11-29','demo','assigned',NULL,'l.chen','');
INSERT INTO case_event VALUES(51,12,'2026-11-29T12:04:00Z','2026-11-16','complaints.team','acknowledged',NULL,'2026-11-16','stage 1');
INSERT INTO case_event VALUES(52,12,'2026-11-29T12:04:00Z','2026-11-22','complaints.team','sponsor-updated',NULL,'2026-11-22','the councillor was told of progress');
INSERT INTO case_event VALUES(53,13,'2026-11-29T12:04:00Z','2026-11-24','s.okafor','created',NULL,NULL,'received by email, sponsored by mp');
INSERT INTO case_event VALUES(54,13,'2026-11-29T12:04:00Z','2026-11-24','s.okafor','classified',NULL,'enquiry','type enquiry: rule member-information-request: a request for information from a councillor, MP or the chief executive is priority correspondence; procedure priority-correspondence: rule member-information-request: a request for information from a councillor, MP or the chief executive is priority correspondence');
INSERT INTO case_event VALUES(55,13,'2026-11-29T12:04:00Z','2026-11-29','demo','assigned',NULL,'j.patel','');
INSERT INTO case_event VALUES(56,14,'2026-11-29T12:04:00Z','2026-11-25','s.okafor','created',NULL,NULL,'received by webchat');
INSERT INTO case_event VALUES(57,14,'2026-11-29T12:04:00Z','2026-11-25','s.okafor','classified',NULL,'enquiry','type enquiry: as given by the officer; procedure enquiry: the policy''s procedure for enquiry');
INSERT INTO case_event VALUES(58,14,'2026-11-29T12:04:00Z','2026-11-29','demo','assigned',NULL,'s.okafor','');
INSERT INTO case_event VALUES(59,15,'2026-11-29T12:04:01Z','2026-11-22','s.okafor','created',NULL,NULL,'received by email');
INSERT INTO case_event VALUES(60,15,'2026-11-29T12:04:01Z','2026-11-22','s.okafor','classified',NULL,'compliment','type compliment: as given by the officer; procedure: none (compliment follows no procedure)');
INSERT INTO case_event VALUES(61,15,'2026-11-29T12:04:01Z','2026-11-23','complaints.team','acknowledged',NULL,'2026-11-23','');
INSERT INTO case_event VALUES(62,15,'2026-11-29T12:04:01Z','2026-11-23','complaints.team','closed','open','closed','');
INSERT INTO case_event VALUES(63,16,'2026-11-29T12:04:01Z','2026-11-21','s.okafor','created',NULL,NULL,'received by web');
INSERT INTO case_event VALUES(64,16,'2026-11-29T12:04:01Z','2026-11-21','s.okafor','classified',NULL,'suggestion','type suggestion: as given by the officer; procedure: none (suggestion follows no procedure)');
INSERT INTO case_event VALUES(65,17,'2026-11-29T12:04:01Z','2026-11-27','s.okafor','created',NULL,NULL,'received by phone');
INSERT INTO case_event VALUES(66,17,'2026-11-29T12:04:01Z','2026-11-27','s.okafor','classified',NULL,'service-request','type service-request: as given by the officer; procedure: none (service-request follows no procedure)');
INSERT INTO case_event VALUES(67,18,'2026-11-29T12:04:01Z','2026-11-28','s.okafor','created',NULL,NULL,'received by social-media');
INSERT INTO case_event VALUES(68,18,'2026-11-29T12:04:01Z','2026-11-28','s.okafor','classified',NULL,'unclassified','type: unclassified until an officer classifies it; procedure: none (an unclassified contact follows no procedure)');
INSERT INTO case_event VALUES(69,19,'2026-11-29T12:04:01Z','2026-11-18','s.okafor','created',NULL,NULL,'received by web');
INSERT INTO case_event VALUES(70,19,'2026-11-29T12:04:01Z','2026-11-18','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(71,19,'2026-11-29T12:04:01Z','2026-11-29','complaints.team','redirected',NULL,'National Highways','not for this council: redirected');
INSERT INTO case_event VALUES(72,20,'2026-11-29T12:04:01Z','2026-11-13','s.okafor','created',NULL,NULL,'received by phone');
INSERT INTO case_event VALUES(73,20,'2026-11-29T12:04:01Z','2026-11-13','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(74,20,'2026-11-29T12:04:01Z','2026-11-19','complaints.team','withdrawn','open','closed','withdrawn by the customer');
INSERT INTO case_event VALUES(75,21,'2026-11-29T12:04:01Z','2026-11-16','s.okafor','created',NULL,NULL,'received by email');
INSERT INTO case_event VALUES(76,21,'2026-11-29T12:04:01Z','2026-11-16','s.okafor','classified',NULL,'enquiry','type enquiry: as given by the officer; procedure enquiry: the policy''s procedure for enquiry');
INSERT INTO case_event VALUES(77,21,'2026-11-29T12:04:01Z','2026-11-29','complaints.team','reclassified','enquiry','complaint','type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(78,21,'2026-11-29T12:04:01Z','2026-11-29','demo','assigned',NULL,'m.evans','');
INSERT INTO case_event VALUES(79,22,'2026-11-29T12:04:01Z','2026-10-20','s.okafor','created',NULL,NULL,'received by phone');
INSERT INTO case_event VALUES(80,22,'2026-11-29T12:04:01Z','2026-10-20','s.okafor','classified',NULL,'complaint','type complaint: as given by the officer; procedure corporate: the policy''s procedure for complaint');
INSERT INTO case_event VALUES(81,22,'2026-11-29T12:04:01Z','2026-10-20','complaints.team','resolved-informally','open','closed','resolved at the first point of contact');
INSERT INTO case_event VALUES(82,4,'2026-11-29T12:04:01Z','2026-11-12','feedback-escalate','escalation','acknowledge','due-soon','acknowledge deadline 2026-11-16: due-soon, notify owner');
INSERT INTO case_event VALUES(83,2,'2026-11-29T12:04:01Z','2026-11-16','feedback-escalate','escalation','respond','due-soon','respond deadline 2026-11-18: due-soon, notify owner');
INSERT INTO case_event VALUES(84,4,'2026-11-29T12:04:01Z','2026-11-17','feedback-escalate','escalation','acknowledge','past-due','acknowledge deadline 2026-11-16: past-due, notify team-manager');
INSERT INTO case_event VALUES(85,21,'2026-11-29T12:04:01Z','2026-11-17','feedback-escalate','escalation','acknowledge','due-soon','acknowledge deadline 2026-11-19: due-soon, notify owner');
INSERT INTO case_event VALUES(86,2,'2026-11-29T12:04:01Z','2026-11-19','feedback-escalate','escalation','respond','past-due','respond deadline 2026-11-18: past-due, notify team-manager');
INSERT INTO case_event VALUES(87,9,'2026-11-29T12:04:01Z','2026-11-19','feedback-escalate','escalation','respond','due-soon','respond deadline 2026-11-23: due-soon, notify owner');
INSERT INTO case_event VALUES(88,11,'2026-11-29T12:04:01Z','2026-11-20','feedback-escalate','escalation','acknowledge','due-soon','acknowledge deadline 2026-11-24: due-soon, notify owner');
INSERT INTO case_event VALUES(89,21,'2026-11-29T12:04:01Z','2026-11-20','feedback-escalate','escalation','acknowledge','past-due','acknowledge deadline 2026-11-19: past-due, notify team-manager');
INSERT INTO case_event VALUES(90,4,'2026-11-29T12:04:01Z','2026-11-23','feedback-escalate','escalation','acknowledge','head-of-service','acknowledge deadline 2026-11-16: head-of-service, notify head-of-service');
INSERT INTO case_event VALUES(91,4,'2026-11-29T12:04:01Z','2026-11-23','feedback-escalate','escalation','respond','due-soon','respond deadline 2026-11-25: due-soon, notify owner');
INSERT INTO case_event VALUES(92,7,'2026-11-29T12:04:01Z','2026-11-24','feedback-escalate','escalation','acknowledge','due-soon','acknowledge deadline 2026-11-26: due-soon, notify owner');
INSERT INTO case_event VALUES(93,9,'2026-11-29T12:04:01Z','2026-11-24','feedback-escalate','escalation','respond','past-due','respond deadline 2026-11-23: past-due, notify team-manager');
INSERT INTO case_event VALUES(94,2,'2026-11-29T12:04:01Z','2026-11-25','feedback-escalate','escalation','respond','head-of-service','respond deadline 2026-11-18: head-of-service, notify head-of-service');
INSERT INTO case_event VALUES(95,11,'2026-11-29T12:04:01Z','2026-11-25','feedback-escalate','escalation','acknowledge','past-due','acknowledge deadline 2026-11-24: past-due, notify team-manager');
INSERT INTO case_event VALUES(96,4,'2026-11-29T12:04:01Z','2026-11-26','feedback-escalate','escalation','respond','past-due','respond deadline 2026-11-25: past-due, notify team-manager');
INSERT INTO case_event VALUES(97,12,'2026-11-29T12:04:01Z','2026-11-26','feedback-escalate','escalation','respond','due-soon','respond deadline 2026-11-30: due-soon, notify owner');
INSERT INTO case_event VALUES(98,16,'2026-11-29T12:04:01Z','2026-11-26','feedback-escalate','escalation','acknowledge','due-soon','acknowledge deadline 2026-11-30: due-soon, notify owner');
INSERT INTO case_event VALUES(99,21,'2026-11-29T12:04:01Z','2026-11-26','feedback-escalate','escalation','acknowledge','head-of-service','acknowledge deadline 2026-11-19: head-of-service, notify head-of-service');
INSERT INTO case_event VALUES(100,21,'2026-11-29T12:04:01Z','2026-11-26','feedback-escalate','escalation','respond','due-soon','respond deadline 2026-11-30: due-soon, notify owner');
INSERT INTO case_event VALUES(101,7,'2026-11-29T12:04:01Z','2026-11-27','feedback-escalate','escalation','acknowledge','past-due','acknowledge deadline 2026-11-26: past-due, notify team-manager');
INSERT INTO case_event VALUES(102,8,'2026-11-29T12:04:01Z','2026-11-27','feedback-escalate','escalation','acknowledge','due-soon','acknowledge deadline 2026-12-01: due-soon, notify owner');
INSERT INTO case_event VALUES(103,6,'2026-11-29T12:04:01Z','2026-11-28','complaints.team','escalated','corporate stage 1','corporate stage 2','Not satisfied with the apology');
INSERT INTO case_event VALUES(104,9,'2026-11-29T12:04:02Z','2026-11-20','complaints.team','responded',NULL,'not-upheld','not-upheld; areas: communication');
INSERT INTO case_event VALUES(105,9,'2026-11-29T12:04:02Z','2026-11-23','complaints.team','escalated','childrens-statutory stage 1','childrens-statutory stage 2','Wants an independent investigation');
INSERT INTO case_event VALUES(106,9,'2026-11-29T12:04:02Z','2026-11-24','complaints.team','acknowledged',NULL,'2026-11-24','stage 2');
INSERT INTO case_event VALUES(107,9,'2026-11-29T12:04:02Z','2026-11-29','demo','extended','2027-01-05','2027-01-26','+15 working days: Independent investigator appointed');
INSERT INTO case_event VALUES(108,5,'2026-11-29T12:04:02Z','2026-11-25','complaints.team','resumed','2026-11-21','2026-11-25','');
INSERT INTO case_event VALUES(109,1,'2026-11-29T12:04:03Z','2026-11-17','complaints.team','ombudsman',NULL,'26-001-234','the Ombudsman is looking at the case');
INSERT INTO case_event VALUES(110,1,'2026-11-29T12:04:03Z','2026-11-26','complaints.team','ombudsman-decision',NULL,'upheld','');
INSERT INTO case_event VALUES(111,1,'2026-11-29T12:04:03Z','2026-11-29','complaints.team','remedy',NULL,'payment','remedy 1 of £150.00 due 2026-12-19');
INSERT INTO case_event VALUES(112,1,'2026-11-29T12:04:03Z','2026-11-29','complaints.team','remedy',NULL,'apology','remedy 2 due 2026-11-28');
INSERT INTO case_event VALUES(113,1,'2026-11-29T12:04:03Z','2026-11-29','feedback-escalate','escalation','remedy','past-due','remedy deadline 2026-11-28: past-due, notify owner');
CREATE TABLE person (
  case_id          INTEGER PRIMARY KEY REFERENCES case_record (id),
  name             TEXT,
  email            TEXT,
  phone            TEXT,
  address          TEXT,
  preferred_format TEXT CHECK (preferred_format IN ('email', 'letter', 'large-print',
                     'braille', 'bsl-video', 'another-language')),
  anonymised_on    TEXT
) STRICT;
INSERT INTO person VALUES(1,'Alex Turner','alex@example.org',NULL,NULL,NULL,NULL);
INSERT INTO person VALUES(2,'Priya Shah',NULL,'01632 960123',NULL,NULL,NULL);
INSERT INTO person VALUES(3,'Tom Baker',NULL,NULL,NULL,'large-print',NULL);
INSERT INTO person VALUES(5,NULL,'driver@example.org',NULL,NULL,NULL,NULL);
INSERT INTO person VALUES(9,'Sam Reid',NULL,NULL,NULL,NULL,NULL);
INSERT INTO person VALUES(10,'June Hill',NULL,NULL,NULL,NULL,NULL);
CREATE TABLE learning (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES case_record (id),
  recorded_on TEXT NOT NULL CHECK (recorded_on = date(recorded_on)),
  problem     TEXT NOT NULL CHECK (length(problem) > 0),
  improvement TEXT NOT NULL CHECK (length(improvement) > 0),
  action      TEXT,
  owner       TEXT,
  due         TEXT CHECK (due = date(due)),
  done_on     TEXT CHECK (done_on = date(done_on))
) STRICT;
INSERT INTO learning VALUES(1,1,'2026-11-29','Repeat reports not linked','Link duplicate pothole reports','Add duplicate check to the web form','r.hughes','2026-12-29',NULL);
CREATE TABLE survey (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES case_record (id),
  sent_on     TEXT CHECK (sent_on = date(sent_on)),
  returned_on TEXT CHECK (returned_on = date(returned_on)),
  satisfied   INTEGER CHECK (satisfied IN (0, 1)),
  stars       INTEGER CHECK (stars BETWEEN 1 AND 5),
  reason      TEXT
) STRICT;
INSERT INTO survey VALUES(1,1,'2026-11-14','2026-11-14',1,4,NULL);
CREATE TABLE escalation_step (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL REFERENCES case_record (id),
  stage_id    INTEGER NOT NULL REFERENCES case_stage (id),  -- the stage current then
  deadline    TEXT NOT NULL CHECK (deadline IN ('acknowledge', 'respond', 'sponsor-update',
                'remedy')),
  level       TEXT NOT NULL,
  due         TEXT NOT NULL CHECK (due = date(due)),
  reached_on  TEXT NOT NULL CHECK (reached_on = date(reached_on)),
  notify      TEXT NOT NULL,
  remedy_id   INTEGER NOT NULL DEFAULT 0,  -- remedy.id for a remedy past due, else 0
  run_as_of   TEXT NOT NULL CHECK (run_as_of = date(run_as_of)),
  recorded_at TEXT NOT NULL,
  UNIQUE (case_id, stage_id, deadline, level, due, remedy_id)
) STRICT;
INSERT INTO escalation_step VALUES(1,4,4,'acknowledge','due-soon','2026-11-16','2026-11-12','owner',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(2,2,2,'respond','due-soon','2026-11-18','2026-11-16','owner',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(3,4,4,'acknowledge','past-due','2026-11-16','2026-11-17','team-manager',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(4,21,21,'acknowledge','due-soon','2026-11-19','2026-11-17','owner',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(5,2,2,'respond','past-due','2026-11-18','2026-11-19','team-manager',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(6,9,9,'respond','due-soon','2026-11-23','2026-11-19','owner',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(7,11,11,'acknowledge','due-soon','2026-11-24','2026-11-20','owner',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(8,21,21,'acknowledge','past-due','2026-11-19','2026-11-20','team-manager',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(9,4,4,'acknowledge','head-of-service','2026-11-16','2026-11-23','head-of-service',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(10,4,4,'respond','due-soon','2026-11-25','2026-11-23','owner',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(11,7,7,'acknowledge','due-soon','2026-11-26','2026-11-24','owner',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(12,9,9,'respond','past-due','2026-11-23','2026-11-24','team-manager',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(13,2,2,'respond','head-of-service','2026-11-18','2026-11-25','head-of-service',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(14,11,11,'acknowledge','past-due','2026-11-24','2026-11-25','team-manager',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(15,4,4,'respond','past-due','2026-11-25','2026-11-26','team-manager',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(16,12,12,'respond','due-soon','2026-11-30','2026-11-26','owner',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(17,16,16,'acknowledge','due-soon','2026-11-30','2026-11-26','owner',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(18,21,21,'acknowledge','head-of-service','2026-11-19','2026-11-26','head-of-service',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(19,21,21,'respond','due-soon','2026-11-30','2026-11-26','owner',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(20,7,7,'acknowledge','past-due','2026-11-26','2026-11-27','team-manager',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(21,8,8,'acknowledge','due-soon','2026-12-01','2026-11-27','owner',0,'2026-11-29','2026-11-29T12:04:01Z');
INSERT INTO escalation_step VALUES(22,1,1,'remedy','past-due','2026-11-28','2026-11-29','owner',2,'2026-11-29','2026-11-29T12:04:03Z');
CREATE TABLE ombudsman_case (
  case_id    INTEGER PRIMARY KEY REFERENCES case_record (id),
  their_ref  TEXT NOT NULL CHECK (length(their_ref) > 0),
  opened_on  TEXT NOT NULL CHECK (opened_on = date(opened_on)),
  decision   TEXT CHECK (decision IN ('incomplete-or-invalid', 'referred-back',
               'closed-after-initial-enquiries', 'advice-given', 'not-upheld', 'upheld')),
  decided_on TEXT CHECK (decided_on = date(decided_on))
) STRICT;
INSERT INTO ombudsman_case VALUES(1,'26-001-234','2026-11-17','upheld','2026-11-26');
CREATE TABLE remedy (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES ombudsman_case (case_id),
  kind         TEXT NOT NULL CHECK (kind IN ('apology', 'payment', 'fresh-assessment',
                 'service-change')),
  amount_pence INTEGER CHECK (amount_pence > 0),   -- exact money: integer pence
  due          TEXT NOT NULL CHECK (due = date(due)),
  agreed_on    TEXT NOT NULL CHECK (agreed_on = date(agreed_on)),
  done_on      TEXT CHECK (done_on = date(done_on)),
  CHECK ((kind = 'payment') = (amount_pence IS NOT NULL))
) STRICT;
INSERT INTO remedy VALUES(1,1,'payment',15000,'2026-12-19','2026-11-29',NULL);
INSERT INTO remedy VALUES(2,1,'apology',NULL,'2026-11-28','2026-11-29',NULL);
CREATE TABLE import_record (
  case_id     INTEGER PRIMARY KEY REFERENCES case_record (id),
  source      TEXT NOT NULL CHECK (length(source) > 0),
  ref_key     INTEGER NOT NULL,
  fingerprint INTEGER NOT NULL
) STRICT;
CREATE INDEX case_open_service ON case_record (service, received) WHERE status <> 'closed';
CREATE INDEX case_open_owner ON case_record (owner) WHERE status <> 'closed';
CREATE INDEX case_received ON case_record (received);
CREATE INDEX case_stage_case ON case_stage (case_id);
CREATE INDEX case_hold_stage ON case_hold (stage_id);
CREATE INDEX case_extension_stage ON case_extension (stage_id);
CREATE INDEX case_event_case ON case_event (case_id, id);
CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
BEGIN
  SELECT RAISE(ABORT, 'audit events cannot be changed');
END;
CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
BEGIN
  SELECT RAISE(ABORT, 'audit events cannot be deleted');
END;
CREATE INDEX learning_case ON learning (case_id);
CREATE INDEX survey_case ON survey (case_id);
CREATE INDEX escalation_step_stage ON escalation_step (stage_id);
CREATE INDEX case_open ON case_record (id) WHERE status <> 'closed';
CREATE INDEX case_open_received ON case_record (received) WHERE status <> 'closed';
CREATE INDEX remedy_open ON remedy (due) WHERE done_on IS NULL;
CREATE INDEX remedy_case ON remedy (case_id);
COMMIT;
PRAGMA application_id = 1178878539;
PRAGMA user_version = 5;
