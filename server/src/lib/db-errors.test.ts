import { dbTroubleOf } from './db-errors';

const named = (name: string, message: string, code?: string) => Object.assign(new Error(message), { name, ...(code ? { code } : {}) });

describe('dbTroubleOf', () => {
  it('calls the database unavailable for driver network errors and for a socket that died under a write', () => {
    expect(dbTroubleOf(named('MongoNetworkError', 'connection 3 to 127.0.0.1:4000 closed'))).toBe('DB_UNAVAILABLE');
    expect(dbTroubleOf(named('MongoServerSelectionError', 'connect ECONNREFUSED'))).toBe('DB_UNAVAILABLE');
    expect(dbTroubleOf(named('Error', 'This socket has been ended by the other party', 'EPIPE'))).toBe('DB_UNAVAILABLE');
  });

  it('calls a full or refusing disk a storage problem, and leaves every other error alone', () => {
    expect(dbTroubleOf(named('MongoServerError', 'database or disk is full (13)'))).toBe('STORAGE_UNAVAILABLE');
    expect(dbTroubleOf(named('MongoServerError', 'disk I/O error (778)'))).toBe('STORAGE_UNAVAILABLE');
    expect(dbTroubleOf(named('TypeError', 'x is undefined'))).toBeNull();
    expect(dbTroubleOf('not an error')).toBeNull();
  });
});
