// The calendar day in Finland of an instant: dates in the rules (a display delay, a start date,
// an 18th birthday, a mandate's validity) are Finnish days, not UTC ones.
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });

/** YYYY-MM-DD in Europe/Helsinki of an ISO instant. */
export function finnishDay(instant: string): string {
  return DAY.format(new Date(instant));
}
