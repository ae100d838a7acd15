import type { Connection } from 'mongoose';

/** A model registered once per connection: the existing one when it is there, else `make()`'s. */
export function modelOnce<M>(conn: Connection, name: string, make: () => M): M {
  return (conn.models[name] as M | undefined) ?? make();
}
