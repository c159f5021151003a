// What Databend holds of a setup: its connection and its stages, each compared with what the
// setup would create (src/core/drift.ts). Run and Verify reads it before creating or
// replacing anything; Remove IAM Role reads it before dropping anything, so only objects
// that still serve the setup are dropped.

import { ExpectedObjects, connectionDrift, stageDrift } from '../../core/drift';
import { errorMessage } from '../../core/errors';
import type { DatabendService } from '../databendService';

type Session = Awaited<ReturnType<DatabendService['session']>>;

/** 'missing' in Databend, there but different ('differs', with what differs), or the 'same'. */
export interface ObjectState {
  state: 'missing' | 'differs' | 'same';
  drift: string[];
}

export interface SetupObjects {
  connection: ObjectState;
  /** One per stage name asked for, in that order. */
  stages: ObjectState[];
}

function stateOf(found: boolean, drift: string[]): ObjectState {
  return { state: !found ? 'missing' : drift.length > 0 ? 'differs' : 'same', drift };
}

/**
 * Reads the connection (SHOW CONNECTIONS) and each stage (DESC STAGE) and compares them with
 * `expected` (one per stage; the first also for the connection). @throws Error from Databend,
 * except a stage that does not exist (it is 'missing').
 */
export async function readSetupObjects(databend: DatabendService, session: Session, connectionName: string, stageNames: readonly string[], expected: readonly ExpectedObjects[]): Promise<SetupObjects> {
  const { listConnections } = databend.load();
  const existing = (await listConnections(session)).find((c) => c.name === connectionName);
  const connection = stateOf(existing !== undefined, existing ? connectionDrift({ storage_type: existing.storageType, storage_params: existing.storageParams }, expected[0]) : []);
  const stages: ObjectState[] = [];
  for (const [i, name] of stageNames.entries()) {
    let row: Record<string, unknown> | undefined;
    try {
      [row] = await session.rows(`DESC STAGE ${name}`);
    } catch (error) {
      // Databend's "unknown stage" (code 2501): nothing to compare.
      if (!/does not exist|unknown stage|\[2501\]/i.test(errorMessage(error))) throw error;
    }
    stages.push(stateOf(row !== undefined, row ? stageDrift(row, expected[i]) : []));
  }
  return { connection, stages };
}
