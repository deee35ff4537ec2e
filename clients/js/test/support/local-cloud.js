// Starts the repository's local cloud (the built Realtime.LocalCloud.dll, as ./build.sh run does) on free loopback
// ports for the integration tests, and stops it (SIGTERM; it stops its own children) when they end.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

export const repositoryRoot = resolve(fileURLToPath(new URL('../../../../', import.meta.url)));

/**
 * The local cloud, started with `--parameter Name=Value` pairs from `parameters`, `--env` pairs from `env`, and
 * `--credential-seconds` when `credentialSeconds` is set (short-lived STS credentials, for renewal tests).
 */
export async function startLocalCloud({ parameters = {}, env = {}, credentialSeconds, timeoutMs = 90_000 } = {}) {
  const dll = process.env.LOCALCLOUD_DLL ?? join(repositoryRoot, 'src/Realtime.LocalCloud/bin/Release/net10.0/Realtime.LocalCloud.dll');
  if (!existsSync(dll)) {
    throw new Error(`${dll} is missing: build first (dotnet build Lambdas.sln -c Release, or ./build.sh test)`);
  }
  const args = [dll, '--root', repositoryRoot, '--api-port', '0', '--demo-port', '0', '--iot-port', '0', '--sts-port', '0'];
  for (const [name, value] of Object.entries(parameters)) {
    args.push('--parameter', `${name}=${value}`);
  }
  for (const [name, value] of Object.entries(env)) {
    args.push('--env', `${name}=${value}`);
  }
  if (credentialSeconds !== undefined) {
    args.push('--credential-seconds', String(credentialSeconds));
  }
  const child = spawn('dotnet', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const onData = (chunk) => lines.push(...chunk.toString().split('\n').filter((l) => l.length > 0));
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));

  const find = (pattern) => lines.map((l) => l.match(pattern)).find(Boolean)?.[1];
  const deadline = Date.now() + timeoutMs;
  let apiUrl;
  let mqttUrl;
  while (!(apiUrl = find(/^\s*Session API\s+(\S+)/)) || !(mqttUrl = find(/^\s*IoT endpoint\s+(\S+)/))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the local cloud did not start (exit ${child.exitCode}); its output:\n${lines.slice(-20).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return {
    pid: child.pid,
    apiUrl,
    mqttUrl,
    iotPort: Number(new URL(mqttUrl).port),
    lines,
    /** Log lines at ERROR level or crashes, which no test expects. */
    errorLines: () => lines.filter((l) => l.includes('"level":"ERROR"') || l.includes('Runtime.ExitError') || l.includes('Unhandled exception')),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Drops every TCP connection to the IoT endpoint, as a network failure would: `ss -K` (needs root) kills the client side
 * of each connection to the port, the endpoint sees a reset. Without root, `fallback()` (e.g. destroying the client's own
 * socket) stands in. Returns how it dropped them.
 */
export function dropIotConnections(port, fallback) {
  if (process.getuid?.() === 0) {
    execFileSync('ss', ['-K', 'dst', '127.0.0.1', 'dport', '=', `:${port}`], { stdio: 'ignore' });
    return 'ss -K';
  }
  fallback();
  return 'socket destroyed';
}

/**
 * Drops the connections to the IoT endpoint that the processes `pids` hold (as root: `ss -K` by local port), leaving
 * the others up; returns how many it dropped. Lets a test choose which side of a channel loses its connection first.
 */
export function dropIotConnectionsOf(port, pids) {
  const listing = execFileSync('ss', ['-tnpH', 'dst', '127.0.0.1', 'dport', '=', `:${port}`], { encoding: 'utf8' });
  let dropped = 0;
  for (const line of listing.split('\n')) {
    // ESTAB 0 0 [::ffff:127.0.0.1]:<local port> [::ffff:127.0.0.1]:<port> users:(("ResponderFuncti",pid=123,fd=10))
    const match = line.match(/\S+:(\d+)\s+\S+:\d+\s+users:.*pid=(\d+)/);
    if (match && pids.includes(Number(match[2]))) {
      execFileSync('ss', ['-K', 'dport', '=', `:${port}`, 'sport', '=', `:${match[1]}`], { stdio: 'ignore' });
      dropped += 1;
    }
  }
  return dropped;
}

/**
 * Process ids of the local cloud's running execution environments of `functionName` (its children whose command line
 * names <functions>/<functionName>/), found in /proc as the soak's fault injector does.
 */
export function functionProcessIds(cloudPid, functionName) {
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) {
      continue;
    }
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const commandLine = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (parent === cloudPid && commandLine.includes(`/${functionName}/`)) {
        found.push(Number(name));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}
