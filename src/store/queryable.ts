import type pg from 'pg';

/** A pool or a transaction's client: store functions that only read accept either. */
export type Queryable = Pick<pg.Pool, 'query'>;
