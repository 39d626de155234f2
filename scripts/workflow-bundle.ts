/**
 * `npm run workflow:bundle -- --release VERSION [--root DIR]`: stores the workflow code of a release as
 * it was deployed, gzipped, in tests/replay/bundles/VERSION.js.gz. The upgrade test
 * (tests/integration/upgrade.test.ts) starts cases on the newest stored bundle and finishes them on the
 * workflows of this tree, as a deployment does with cases that are running.
 *
 * Run it on the tree of the release being deployed (`--root`, default this tree): for an earlier
 * commit, `git worktree add /tmp/rel <commit>` with node_modules linked, then `--root /tmp/rel`. A stored
 * bundle is never replaced: like replay histories, it is what ran.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PROJECT_ROOT } from '../platform/config';

export const BUNDLES_DIR = path.join(PROJECT_ROOT, 'tests', 'replay', 'bundles');
const VERSION = /^\d+\.\d+\.\d+$/;

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { release: { type: 'string' }, root: { type: 'string' } } }));
  } catch (err) {
    process.stderr.write(`workflow:bundle: ${(err as Error).message}\n`);
    return 2;
  }
  const release = values.release;
  if (!release || !VERSION.test(release)) {
    process.stderr.write('workflow:bundle: --release must be a version like 0.2.0 (the package.json version of the release)\n');
    return 2;
  }
  const root = path.resolve(values.root ?? PROJECT_ROOT);
  const entry = path.join(root, 'workflows', 'index.ts');
  if (!fs.existsSync(entry)) {
    process.stderr.write(`workflow:bundle: ${root} has no workflows/index.ts; --root must be a klachtflow tree\n`);
    return 2;
  }
  const out = path.join(BUNDLES_DIR, `${release}.js.gz`);
  if (fs.existsSync(out)) {
    process.stderr.write(`workflow:bundle: ${path.relative(PROJECT_ROOT, out)} exists; a stored release is what ran and is never replaced\n`);
    return 1;
  }
  // The release's own bundler options (the modules its workflows share), as its worker bundled them.
  const { WORKFLOW_BUNDLER_OPTIONS } = (await import(path.join(root, 'platform', 'worker.ts'))) as { WORKFLOW_BUNDLER_OPTIONS: { preloadModules?: string[] } };
  const { code } = await bundleWorkflowCode({ workflowsPath: entry, ...WORKFLOW_BUNDLER_OPTIONS, logger: undefined });
  fs.mkdirSync(BUNDLES_DIR, { recursive: true });
  fs.writeFileSync(out, zlib.gzipSync(code, { level: 9 }));
  process.stdout.write(`stored the workflows of release ${release} in ${path.relative(PROJECT_ROOT, out)}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: Error) => {
      process.stderr.write(`workflow:bundle: ${err.message}\n`);
      process.exitCode = 1;
    },
  );
}
