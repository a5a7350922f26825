/**
 * Reads `--port=<n>` (and other `--name=value` flags) from a launcher's command line.
 * A launcher prints `listening <port>` on stdout once it accepts connections, which is
 * what the harness waits for.
 * @param {string[]} argv
 * @returns {{ port: number, flags: Map<string, string> }}
 */
export function readLauncherArgs(argv) {
  /** @type {Map<string, string>} */
  const flags = new Map();
  for (const arg of argv) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (match) flags.set(match[1], match[2] ?? 'true');
  }
  const port = Number(flags.get('port'));
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error(`launcher needs --port=<1..65535>, got ${flags.get('port') ?? 'nothing'}`);
  }
  return { port, flags };
}

/** The only interface a launcher listens on: the benchmark never leaves the machine. */
export const LOOPBACK = '127.0.0.1';
