// The production dependency tree, from package-lock.json by Node's own resolution rule (nearest node_modules up
// the tree): the root's dependencies and, recursively, theirs (optional and peer ones where installed). The lock's
// own dev/optional flags are not trusted alone: an optional child of a dev-only package is not marked dev there.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Lock locations ('node_modules/a', 'node_modules/a/node_modules/b') of every package the kiosk needs at run
 * time: `names` (the packages the Node bundles import; default: the project's dependencies) and theirs.
 */
export function productionPackages(root, names = null, exclude = new Set()) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const pkgs = lock.packages ?? {};
  const found = new Set();

  /** Where `name` resolves from the package at `from` ('' = the project), or null when the lock has none. */
  function resolveFrom(from, name) {
    let dir = from;
    for (;;) {
      const at = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      if (pkgs[at]) return at;
      if (!dir) return null;
      const i = dir.lastIndexOf('/node_modules/');
      dir = i < 0 ? '' : dir.slice(0, i);
    }
  }

  function visit(from, deps, required, skip = {}) {
    for (const name of Object.keys(deps ?? {})) {
      if (skip[name]?.optional) continue; // an optional peer (typescript for typings) is the app's choice, not needed
      if (exclude.has(name)) continue;
      const at = resolveFrom(from, name);
      if (!at) {
        if (required) throw new Error(`package-lock.json: ${name} (needed by ${from || 'the project'}) is missing`);
        continue;
      }
      // optional packages for other platforms are in the lock but not on disk
      if (!existsSync(join(root, at))) {
        if (required && !pkgs[at].optional) throw new Error(`${at} is not installed: run npm install`);
        continue;
      }
      if (found.has(at)) continue;
      found.add(at);
      const p = pkgs[at];
      visit(at, p.dependencies, true);
      visit(at, p.optionalDependencies, false);
      visit(at, p.peerDependencies, false, p.peerDependenciesMeta);
    }
  }
  const top = pkgs[''] ?? {};
  if (names) visit('', Object.fromEntries(names.map((n) => [n, '*'])), true);
  else {
    visit('', top.dependencies, true);
    visit('', top.optionalDependencies, false);
  }
  return [...found].sort().map((at) => ({ at, version: pkgs[at].version, license: pkgs[at].license ?? null }));
}
