import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Db, openDatabase } from '../../store/database.js';
import { Outbox } from '../../store/outbox.js';

/** A real station database in a temp directory; `reopen` simulates a process restart on the same file. */
export class StationStore {
  db: Db;
  outbox: Outbox;
  readonly dir: string;

  constructor(readonly stationId: string) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-link-'));
    this.db = openDatabase(path.join(this.dir, 'station.db'));
    this.outbox = new Outbox(this.db, stationId);
  }

  reopen(): void {
    this.db.close();
    this.db = openDatabase(path.join(this.dir, 'station.db'));
    this.outbox = new Outbox(this.db, this.stationId);
  }

  close(): void {
    if (this.db.open) this.db.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
