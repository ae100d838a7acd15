import type { Connection } from 'mongoose';
import { userModel } from './modules/users/user.model';

/** Registers every model on a connection; each module owns its schema. */
export function registerModels(conn: Connection) {
  return {
    User: userModel(conn),
  };
}

export type Models = ReturnType<typeof registerModels>;
