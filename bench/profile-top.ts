// Where a server's CPU time went: the functions with the most self time in a V8 CPU profile
// (`npm run bench -- --cpu-prof <dir>` writes one), and the same grouped by source file, so that
// the top of a profile can be written into docs/benchmarks.md before and after a change.
//
//   node bench/profile-top.ts <file.cpuprofile> [--top 25]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
if (positionals.length !== 1) {
  console.error('usage: node bench/profile-top.ts <file.cpuprofile> [--top 25]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as CpuProfile;
const top = Number(values.top);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMicros = new Map<number, number>();
profile.samples.forEach((id, i) => selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

/** Short, stable names: the file under the project or node_modules, never a full path. */
function where(url: string): string {
  if (!url) return '(native)';
  const file = url.replace(/^file:\/\//, '');
  const inModules = file.lastIndexOf('node_modules/');
  if (inModules >= 0) return file.slice(inModules + 'node_modules/'.length);
  const inSrc = file.lastIndexOf('/src/');
  return inSrc >= 0 ? file.slice(inSrc + 1) : path.basename(file);
}

const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
let idle = 0;
for (const [id, micros] of selfMicros) {
  const frame = byId.get(id)!.callFrame;
  total += micros;
  if (frame.functionName === '(idle)') { idle += micros; continue; }
  const file = where(frame.url);
  const fn = `${frame.functionName || '(anonymous)'} ${file}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
  const group = file.startsWith('src/') ? file : file.split('/')[0]!.startsWith('@') ? file.split('/').slice(0, 2).join('/') : file.split('/')[0]!;
  byFile.set(group, (byFile.get(group) ?? 0) + micros);
}
const busy = total - idle;
const pct = (m: number): string => `${((100 * m) / busy).toFixed(1).padStart(5)}%`;
console.log(`profile: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages are of busy time)`);
console.log('\nself time by function:');
for (const [fn, m] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(m)}  ${fn}`);
console.log('\nself time by file or package:');
for (const [file, m] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(m)}  ${file}`);
