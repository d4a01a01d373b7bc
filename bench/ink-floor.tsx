import '../source/production.js';
import { Text, render } from 'ink';
import 'undici';

/** The floor for the dashboard's memory: Node with React, Ink and undici loaded and one frame drawn, then idle. */
render(<Text>api-health floor: React, Ink and undici loaded, first frame drawn</Text>, { exitOnCtrlC: true, patchConsole: false });
setInterval(() => {}, 60_000);
