// ESC-introduced sequences (CSI, OSC, and every two-byte escape such as ESC c, ESC 7), then any other C0/C1 control character.
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[0-~])|\u009b[0-?]*[ -/]*[@-~]/g;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Makes text that came from a remote endpoint safe to print: no escape sequences, no control characters. */
export function sanitize(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, ' ');
}
