import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { decodeKey, splitKeys, type KeyPress } from './key-stream.js';

/**
 * Every key of every chunk, in order. Ink's useInput hands a chunk of plain keys ("jjj", ten Backspaces)
 * to its handler as one string, so the keys are read from the raw input Ink has already split at escape
 * sequences, and split again here.
 */
export function useKeyStream(onKey: (key: KeyPress) => void, isActive: boolean): void {
  const { setRawMode, internal_eventEmitter: input } = useStdin();
  const handler = useRef(onKey);
  handler.current = onKey;
  useEffect(() => {
    if (!isActive) return;
    setRawMode(true);
    const listen = (chunk: string): void => {
      for (const key of splitKeys(chunk)) handler.current(decodeKey(key));
    };
    input.on('input', listen);
    return () => {
      input.removeListener('input', listen);
      setRawMode(false);
    };
  }, [isActive, setRawMode, input]);
}
