/**
 * A copy of this tree's source files (what git tracks, without tests/), with node_modules linked,
 * for tests that bundle workflow code as another release of it would be.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../platform/config';

export function copyOfTree(prefix: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `klachtflow-${prefix}-`));
  const files = execFileSync('git', ['ls-files', '-z', '-co', '--exclude-standard'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
    .split('\0')
    .filter((f) => f && !f.startsWith('tests/') && f !== '.tools');
  for (const file of files) if (fs.existsSync(path.join(PROJECT_ROOT, file))) fs.cpSync(path.join(PROJECT_ROOT, file), path.join(root, file));
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'));
  return root;
}
