// Reads .ics files with ical.js (Mozilla's parser, used by Thunderbird and
// Nextcloud) and prints, per file, what it found in each VEVENT and VTODO as
// JSON, for tests/scripts/test_ics_icaljs.py.  Usage:
//   TZ=Europe/London node read_ics.mjs FILE ZONE [FILE ZONE ...]
// Times with a TZID are converted by ical.js from the file's own VTIMEZONE;
// an all-day date is taken as midnight in the process's TZ (the worker's
// zone), by the JavaScript Date of the system's time zone data.
import ICAL from 'ical.js';
import { readFileSync } from 'node:fs';

function epoch(time) {
  if (time.isDate) {
    return new Date(time.year, time.month - 1, time.day, 0, 0, 0).getTime() / 1000;
  }
  return time.toUnixTime();
}

const out = [];
for (let i = 2; i < process.argv.length; i += 2) {
  const path = process.argv[i];
  const root = new ICAL.Component(ICAL.parse(readFileSync(path, 'utf8')));
  if (root.name !== 'vcalendar') throw new Error(path + ': not a VCALENDAR');
  const zones = [];
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    const tz = new ICAL.Timezone(vtz);
    ICAL.TimezoneService.register(tz.tzid, tz);
    zones.push(tz.tzid);
  }
  const comps = [];
  for (const c of root.getAllSubcomponents()) {
    if (c.name !== 'vevent' && c.name !== 'vtodo') continue;
    const value = (name) => c.getFirstPropertyValue(name);
    const times = {};
    for (const name of ['dtstart', 'dtend', 'due']) {
      const t = value(name);
      if (!t) continue;
      const tzid = c.getFirstProperty(name).getParameter('tzid');
      if (tzid && !zones.includes(tzid)) throw new Error(path + ': no VTIMEZONE for ' + tzid);
      times[name] = { epoch: epoch(t), is_date: t.isDate,
                      date: t.isDate ? t.toString() : null };
    }
    const alarms = [];
    for (const a of c.getAllSubcomponents('valarm')) {
      const trigger = a.getFirstProperty('trigger');
      const related = trigger.getParameter('related') || 'START';
      const ref = related === 'END' ? (c.name === 'vtodo' ? 'due' : 'dtend') : 'dtstart';
      alarms.push(times[ref].epoch + trigger.getFirstValue().toSeconds());
    }
    comps.push({ kind: c.name.toUpperCase(), uid: value('uid'), summary: value('summary'),
                 status: value('status') || '', sequence: value('sequence') || 0,
                 related_to: value('related-to') || null, times, alarms });
  }
  out.push({ path, comps });
}
process.stdout.write(JSON.stringify(out));
