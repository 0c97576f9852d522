import { StateMessage, StatusMessage } from '@regiobox/contract';
import type { Clock } from '../domain/clock.js';
import type { Outbox } from '../store/outbox.js';
import type { BrokerConnection } from './connection.js';
import type { StateSnapshot } from './options.js';
import type { LinkSession } from './session.js';
import { birthMessage, type StationStatusInfo, willMessage } from './status.js';

/**
 * The station's two retained messages: status (birth, offline) and full state. Both are validated
 * against the contract before they leave, so a drifting provider shows up here and not at a receiver.
 */
export class RetainedMessages {
  constructor(
    private readonly stationId: string,
    private readonly topics: { readonly status: string; readonly state: string },
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly status: () => StationStatusInfo,
    private readonly state: () => StateSnapshot,
  ) {}

  /** The last will registered with CONNECT: offline, with the session it belongs to. */
  will(session: LinkSession): { topic: string; payload: string } {
    return {
      topic: this.topics.status,
      payload: JSON.stringify(willMessage(this.stationId, session, this.clock.now())),
    };
  }

  async publishBirth(connection: BrokerConnection, session: LinkSession): Promise<StatusMessage> {
    const info = this.status();
    const birth = StatusMessage.parse(
      birthMessage(this.stationId, session, info, this.outbox.lastSeq(), this.clock.now()),
    );
    await connection.publish(this.topics.status, JSON.stringify(birth), { retain: true });
    return birth;
  }

  /** What a clean stop leaves behind: the will's content, published by the station itself. */
  async publishOffline(connection: BrokerConnection, session: LinkSession): Promise<void> {
    const offline = willMessage(this.stationId, session, this.clock.now());
    await connection.publish(this.topics.status, JSON.stringify(offline), { retain: true });
  }

  async publishState(connection: BrokerConnection): Promise<StateMessage> {
    // Snapshot and lastSeq are read in one synchronous step, so they describe the same moment.
    const snapshot = this.state();
    const state = StateMessage.parse({
      v: 1,
      stationId: this.stationId,
      at: this.clock.now().toISOString(),
      lastSeq: this.outbox.lastSeq(),
      ...snapshot,
    });
    await connection.publish(this.topics.state, JSON.stringify(state), { retain: true });
    return state;
  }
}
