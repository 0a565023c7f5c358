#!/usr/bin/python3
"""gen_returns.py -- a synthetic CIN census and SSDA903 return of N children,
with the hand-written-style caseload of the same children, for the speed and
memory benchmark (bench/bench_returns.py) and the reader's randomised test
(tests/scripts/test_returns.py).

    bench/gen_returns.py N DIR [--seed S]

writes DIR/census.xml, DIR/census.csv, DIR/ssda903/{header,episodes,reviews}.csv
and DIR/ssda903.csv.  The caseloads come from this script's own model of each
child, not from timescale's readers.  Every child and date is invented;
records are consistent (no end before its start), so nothing is skipped
apart from the code elements and columns the vocabulary does not map."""

import argparse
import datetime as dt
import os
import random

REFERENCE = dt.date(2027, 3, 31)
YEAR_START = dt.date(2026, 4, 1)


def iso(d):
    return d.isoformat()


def uk(d):
    return d.strftime("%d/%m/%Y")


def day_in_year(rng):
    return YEAR_START + dt.timedelta(days=rng.randrange(330))


def census_child(rng, i, xml, events):
    cid = "C%06d" % i
    dob = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(6000))
    events.append((cid, "date-of-birth", dob))
    xml.append("    <Child>\n      <ChildIdentifiers>\n        <LAchildID>%s</LAchildID>\n"
               "        <UPN>A%012d</UPN>\n        <PersonBirthDate>%s</PersonBirthDate>\n"
               "        <GenderCurrent>%d</GenderCurrent>\n      </ChildIdentifiers>\n"
               "      <ChildCharacteristics>\n        <Ethnicity>WBRI</Ethnicity>\n"
               "      </ChildCharacteristics>\n" % (cid, i, iso(dob), 1 + i % 2))
    for _ in range(1 + (rng.random() < 0.2)):
        referral = day_in_year(rng)
        events.append((cid, "referral", referral))
        xml.append("      <CINdetails>\n        <CINreferralDate>%s</CINreferralDate>\n"
                   "        <ReferralSource>1A</ReferralSource>\n"
                   "        <PrimaryNeedCode>N1</PrimaryNeedCode>\n" % iso(referral))
        if rng.random() < 0.3:
            closure = referral + dt.timedelta(days=rng.randrange(20, 200))
            events.append((cid, "case-closure", closure))
            xml.append("        <CINclosureDate>%s</CINclosureDate>\n"
                       "        <ReasonForClosure>RC1</ReasonForClosure>\n" % iso(closure))
        xml.append("        <ReferralNFA>false</ReferralNFA>\n")
        if rng.random() < 0.8:
            start = referral + dt.timedelta(days=rng.randrange(0, 6))
            events.append((cid, "assessment-start", start))
            xml.append("        <Assessments>\n          <AssessmentActualStartDate>%s"
                       "</AssessmentActualStartDate>\n" % iso(start))
            if rng.random() < 0.7:
                done = start + dt.timedelta(days=rng.randrange(10, 70))
                events.append((cid, "assessment-completion", done))
                xml.append("          <AssessmentAuthorisationDate>%s"
                           "</AssessmentAuthorisationDate>\n" % iso(done))
            xml.append("          <FactorsIdentifiedAtAssessment>\n            <AssessmentFactors>"
                       "2A</AssessmentFactors>\n          </FactorsIdentifiedAtAssessment>\n"
                       "        </Assessments>\n")
        if rng.random() < 0.3:
            s47 = referral + dt.timedelta(days=rng.randrange(1, 10))
            events.append((cid, "strategy-discussion", s47))
            xml.append("        <Section47>\n          <S47ActualStartDate>%s</S47ActualStartDate>\n"
                       "          <InitialCPCtarget>%s</InitialCPCtarget>\n"
                       % (iso(s47), iso(s47 + dt.timedelta(days=21))))
            icpc = None
            if rng.random() < 0.7:
                icpc = s47 + dt.timedelta(days=rng.randrange(10, 30))
                events.append((cid, "icpc", icpc))
                xml.append("          <DateOfInitialCPC>%s</DateOfInitialCPC>\n" % iso(icpc))
            xml.append("          <ICPCnotRequired>false</ICPCnotRequired>\n        </Section47>\n")
            if icpc and rng.random() < 0.8:
                events.append((cid, "cp-plan-start", icpc))
                xml.append("        <ChildProtectionPlans>\n          <CPPstartDate>%s</CPPstartDate>\n"
                           "          <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>\n"
                           % iso(icpc))
                review = icpc
                for _ in range(rng.randrange(0, 3)):
                    review += dt.timedelta(days=rng.randrange(80, 120))
                    events.append((cid, "rcpc", review))
                    xml.append("          <Reviews>\n            <CPPreviewDate>%s</CPPreviewDate>\n"
                               "          </Reviews>\n" % iso(review))
                xml.append("        </ChildProtectionPlans>\n")
        xml.append("      </CINdetails>\n")
    xml.append("    </Child>\n")


def write_census(n, rng, out):
    events = []
    with open(os.path.join(out, "census.xml"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n  <Header>\n'
                "    <CollectionDetails>\n      <Collection>CIN</Collection>\n"
                "      <Year>2027</Year>\n      <ReferenceDate>%s</ReferenceDate>\n"
                "    </CollectionDetails>\n  </Header>\n  <Children>\n" % iso(REFERENCE))
        for i in range(n):
            xml = []
            census_child(rng, i, xml, events)
            f.write("".join(xml))
        f.write("  </Children>\n</Message>\n")
    write_caseload(os.path.join(out, "census.csv"), events)


def return_child(rng, i, header, episodes, reviews, events):
    cid = "L%06d" % i
    dob = dt.date(2008, 1, 1) + dt.timedelta(days=rng.randrange(6000))
    events.append((cid, "date-of-birth", dob))
    header.append("%s,%d,%s,WBRI,UN1,,\n" % (cid, 1 + i % 2, uk(dob)))
    start = day_in_year(rng)
    events.append((cid, "lac-start", start))
    events.append((cid, "placement-start", start))
    rne, day = "S", start
    count = rng.randrange(1, 4)
    for k in range(count):
        last = k == count - 1
        end = None if last and rng.random() < 0.7 else day + dt.timedelta(days=rng.randrange(10, 120))
        rec = "" if end is None else ("E13" if last else "X1")
        episodes.append("%s,%s,%s,C2,N1,U1,PR1,%s,%s,,SN1 1AA,SN2 2BB,\n"
                        % (cid, uk(day), rne, uk(end) if end else "", rec))
        if last:
            if end is not None:
                events.append((cid, "lac-end", end))
            break
        day, rne = end, "P" if rng.random() < 0.7 else "L"
        if rne == "P":
            events.append((cid, "placement-start", day))
    review = start
    for _ in range(rng.randrange(0, 3)):
        review += dt.timedelta(days=rng.randrange(20, 180))
        events.append((cid, "lac-review", review))
        reviews.append("%s,%s,%s,PN1\n" % (cid, uk(dob), uk(review)))


def write_return(n, rng, out):
    events, header, episodes, reviews = [], [], [], []
    for i in range(n):
        return_child(rng, i, header, episodes, reviews, events)
    # The files are written in an order of their own (not sorted by CHILD).
    rng.shuffle(header)
    rng.shuffle(reviews)
    d = os.path.join(out, "ssda903")
    os.makedirs(d, exist_ok=True)
    for name, head, rows in (
            ("header.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n", header),
            ("episodes.csv", "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,"
                             "REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n", episodes),
            ("reviews.csv", "CHILD,DOB,REVIEW,REVIEW_CODE\n", reviews)):
        with open(os.path.join(d, name), "w", encoding="utf-8") as f:
            f.write(head + "".join(rows))
    write_caseload(os.path.join(out, "ssda903.csv"), events)


def write_caseload(path, events):
    with open(path, "w", encoding="utf-8") as f:
        f.write("case_id,event,date\n")
        for cid, event, date in sorted(events, key=lambda e: e[0]):  # stable: keeps order
            f.write("%s,%s,%s\n" % (cid, event, iso(date)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("dir")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    write_census(a.n, random.Random(a.seed), a.dir)
    write_return(a.n, random.Random(a.seed + 1), a.dir)


if __name__ == "__main__":
    main()
