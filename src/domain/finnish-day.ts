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
