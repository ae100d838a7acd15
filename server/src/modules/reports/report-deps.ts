import type { Logger } from '../../lib/logger';
import type { Models } from '../../models';
import type { CategoriesRepository } from '../categories/categories.repository';
import type { SpeechToText } from '../speech/speech-to-text';
import type { GridDirectory } from '../grids/grid-directory';
import type { WorkCalendarRepository } from '../supervision/work-calendar.repository';
import type { MediaStore } from '../media/media.store';
import type { UsersRepository } from '../users/users.repository';
import type { UnitsRepository } from '../units/units.repository';

/** What the report use cases work with. */
export interface ReportDeps {
  models: Models;
  users: UsersRepository;
  categories: CategoriesRepository;
  /** Speech recognition for voice clips; the engine that does nothing unless one is configured. */
  speech: SpeechToText;
  grids: GridDirectory;
  /** Handling units (departments, 物业, social forces). */
  units: UnitsRepository;
  /** The working calendar SLAs on the working clock count on. */
  calendar: WorkCalendarRepository;
  media: MediaStore;
  clock: () => Date;
  logger: Logger;
  /** Keys the hash that links a phoned-in resident's calls (never the number itself as an id). */
  phoneSecret: string;
}
