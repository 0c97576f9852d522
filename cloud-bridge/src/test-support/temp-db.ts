import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Db, openBridgeDatabase } from '../store/database.js';

/** A real SQLite file in a fresh temp directory; `dispose` closes and removes it. */
export const tempDatabase = (): { db: Db; file: string; dispose: () => void } => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regiobox-bridge-'));
  const file = path.join(dir, 'bridge.db');
  const db = openBridgeDatabase(file);
  return {
    db,
    file,
    dispose: () => {
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};
