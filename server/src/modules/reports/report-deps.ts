import type { Logger } from '../../lib/logger';
import type { Models } from '../../models';
import type { CategoriesRepository } from '../categories/categories.repository';
import type { GridDirectory } from '../grids/grid-directory';
import type { MediaStore } from '../media/media.store';
import type { UsersRepository } from '../users/users.repository';

/** What the report use cases work with. */
export interface ReportDeps {
  models: Models;
  users: UsersRepository;
  categories: CategoriesRepository;
  grids: GridDirectory;
  media: MediaStore;
  clock: () => Date;
  logger: Logger;
}
