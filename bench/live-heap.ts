import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** The live heap after a full collection: what is kept, not what awaits collection. */
export function liveHeapBytes(): number {
  collect();
  return process.memoryUsage().heapUsed;
}
