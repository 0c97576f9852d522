import { AuditRepo } from './audit-repo.js';
import { CodesRepo } from './codes-repo.js';
import { ColdChainAccountStore } from './coldchain/account-store.js';
import { CompartmentsRepo } from './compartments-repo.js';
import type { Db } from './database.js';
import { LockoutRepo } from './lockout-repo.js';
import { OrdersRepo } from './orders-repo.js';
import { PendingUnlocksRepo } from './pending-unlocks-repo.js';
import { SampleStore } from './samples.js';

/** The station core's repositories over one database connection. */
export interface CoreStore {
  readonly db: Db;
  readonly compartments: CompartmentsRepo;
  readonly orders: OrdersRepo;
  readonly codes: CodesRepo;
  readonly audit: AuditRepo;
  readonly lockout: LockoutRepo;
  readonly pendingUnlocks: PendingUnlocksRepo;
  readonly samples: SampleStore;
  /** the cold-chain records the monitor keeps; a pickup closes its parcel's */
  readonly coldChain: ColdChainAccountStore;
}

export const createCoreStore = (db: Db): CoreStore => ({
  db,
  compartments: new CompartmentsRepo(db),
  orders: new OrdersRepo(db),
  codes: new CodesRepo(db),
  audit: new AuditRepo(db),
  lockout: new LockoutRepo(db),
  pendingUnlocks: new PendingUnlocksRepo(db),
  samples: new SampleStore(db),
  coldChain: new ColdChainAccountStore(db),
});
