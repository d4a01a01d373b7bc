import { useStdin } from 'ink';
import { useEffect, useRef } from 'react';
import { KeyReader, type KeyPress } from './key-stream.js';

/**
 * Every key of every chunk, in order. Ink's useInput hands a chunk of plain keys ("jjj", ten Backspaces)
 * to its handler as one string, so the keys are read from the raw input Ink has already split at escape
 * sequences, and split again here. `onKey` returns true to drop the rest of the chunk: text pasted where the
 * terminal does not mark pastes arrives as one chunk, and what follows an Enter that closed a dialog is the
 * rest of the paste, not keys for the list.
 */
export function useKeyStream(onKey: (key: KeyPress) => boolean, isActive: boolean): void {
  const { setRawMode, internal_eventEmitter: input } = useStdin();
  const handler = useRef(onKey);
  handler.current = onKey;
  useEffect(() => {
    if (!isActive) return;
    setRawMode(true);
    const reader = new KeyReader();
    const listen = (chunk: string): void => {
      for (const key of reader.read(chunk)) if (handler.current(key)) return;
    };
    input.on('input', listen);
    return () => {
      input.removeListener('input', listen);
      setRawMode(false);
    };
  }, [isActive, setRawMode, input]);
}
