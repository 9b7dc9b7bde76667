/** The checks every date-range filter shares: the end may not come before the start, and (for figures over every day) a cap on the span. */
import { MAX_RANGE_YEARS, rangeProblem } from '../domain/reports/period.js';
import { validationError } from '../errors.js';

const shown = (v: string) => (v.endsWith('T00:00:00.000Z') ? v.slice(0, 10) : v);

/** A list filter: `to` before `from` is a mistake to name, not an empty page. */
export function checkDateOrder(from: string | undefined, to: string | undefined): void {
  if (from && to && Date.parse(to) < Date.parse(from)) throw validationError(`to: ${shown(to)} is before from (${shown(from)})`, 'to');
}

/**
 * A range of figures computed per day: in order, and at most MAX_RANGE_YEARS
 * long. `given` says which end the caller chose, so the error names that one.
 */
export function checkFiguresRange(from: string, to: string, given: { from?: string; to?: string }): void {
  const problem = rangeProblem(Date.parse(from), Date.parse(to));
  if (problem === 'reversed') {
    const field = given.to ? 'to' : 'from';
    throw validationError(
      field === 'to' ? `to: ${shown(to)} is before from (${shown(from)})` : `from: ${shown(from)} is after the default end (${shown(to)})`,
      field,
    );
  }
  if (problem === 'too_long') {
    const field = given.from ? 'from' : 'to';
    throw validationError(`${field}: the range from ${shown(from)} to ${shown(to)} is longer than ${MAX_RANGE_YEARS} years`, field);
  }
}
