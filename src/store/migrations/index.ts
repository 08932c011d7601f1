import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './001-initial.js';
import * as figures from './002-figures.js';
import * as limits from './003-limits.js';
import * as plaidCategories from './004-plaid-categories.js';
import * as classification from './005-classification.js';
import * as batchInputs from './006-batch-inputs.js';
import * as accountsByBook from './007-accounts-by-book.js';
import * as holderAddress2 from './008-holder-address-2.js';

/** Migrations are compiled into the package (no folder scanning at run time), in order. */
export const migrations: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '001-initial': initial,
      '002-figures': figures,
      '003-limits': limits,
      '004-plaid-categories': plaidCategories,
      '005-classification': classification,
      '006-batch-inputs': batchInputs,
      '007-accounts-by-book': accountsByBook,
      '008-holder-address-2': holderAddress2,
    };
  },
};
