// The calendar day in Finland of an instant: dates in the rules (a display delay, a start date,
// an 18th birthday, a mandate's validity) are Finnish days, not UTC ones.
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });

/** YYYY-MM-DD in Europe/Helsinki of an ISO instant. */
export function finnishDay(instant: string): string {
  return DAY.format(new Date(instant));
}

const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'longOffset',
});

/** The instant as Finnish local time with its offset: 2026-12-01T19:05:07+02:00 (the day is the Finnish one). */
export function finnishDateTime(instant: string): string {
  const parts = Object.fromEntries(PARTS.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const offset = /GMT([+-]\d{2}:\d{2})/.exec(parts.timeZoneName ?? '')?.[1] ?? '+00:00';
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

const OFFSET = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Helsinki', timeZoneName: 'longOffset' });

/** The instant (ISO, UTC) at which the Finnish day YYYY-MM-DD begins: +02:00 in winter, +03:00 in summer. */
export function startOfFinnishDay(day: string): string {
  // Daylight saving changes at 03:00/04:00 local time, so the offset at noon UTC of the day is the one at its midnight.
  const name = OFFSET.formatToParts(new Date(`${day}T00:00:00Z`)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT+02:00';
  const offset = /GMT([+-]\d{2}:\d{2})/.exec(name)?.[1] ?? '+02:00';
  return new Date(`${day}T00:00:00${offset}`).toISOString();
}

/** The Finnish day after YYYY-MM-DD. */
export function nextFinnishDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Is this YYYY-MM-DD a day of the calendar (not 2026-02-30)? */
export function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T12:00:00Z`)) && new Date(`${day}T12:00:00Z`).toISOString().slice(0, 10) === day;
}
