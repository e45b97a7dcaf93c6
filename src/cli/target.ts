import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { LeasecheckError } from '../errors.ts';
import { variantsOf, withSet, withVariant } from '../spec/define.ts';
import type { System } from '../spec/system.ts';
import type { ParsedArgs } from './args.ts';
import { loadSpec } from './loadSpec.ts';

/** The project's defaults: `"leasecheck": { "spec": "...", "expectations": "..." }` in package.json. */
export interface ProjectConfig {
  /** The folder of the package.json that holds it. */
  root: string;
  spec?: string;
  expectations?: string;
}

/** The nearest package.json (from the working directory up) that has a "leasecheck" entry. */
export function projectConfig(from = process.cwd()): ProjectConfig | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const cfg = (JSON.parse(readFileSync(file, 'utf8')) as { leasecheck?: { spec?: unknown; expectations?: unknown } }).leasecheck;
        if (cfg && typeof cfg === 'object') {
          return {
            root: dir,
            ...(typeof cfg.spec === 'string' ? { spec: cfg.spec } : {}),
            ...(typeof cfg.expectations === 'string' ? { expectations: cfg.expectations } : {}),
          };
        }
      } catch {
        // A package.json that does not parse is npm's to report; it names no spec for us.
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** A loaded spec: its system (first variant), the path it came from, and whether it is the project's default. */
export interface Target {
  system: System;
  specPath: string;
  /** The project's config when the spec is the one package.json names (its expectations apply). */
  project?: ProjectConfig;
}

/**
 * The spec a command works on: the path given, or the one package.json names (`"leasecheck":
 * { "spec": ... }`), so `leasecheck compare` in a project checks its model. LC001 when neither.
 */
export async function loadTarget(command: string, given: string | undefined): Promise<Target> {
  const project = projectConfig();
  if (given !== undefined) {
    const same = project?.spec !== undefined && resolve(project.root, project.spec) === resolve(given);
    return { system: await loadSpec(given), specPath: given, ...(same ? { project } : {}) };
  }
  if (!project?.spec) {
    throw new LeasecheckError('LC001', `${command}: name a spec file (leasecheck ${command} <file.model.ts>), or set "leasecheck": { "spec": ... } in package.json`);
  }
  const path = relative(process.cwd(), resolve(project.root, project.spec)) || project.spec;
  return { system: await loadSpec(path), specPath: path, project };
}

/** The one variant named by --variant (default: the spec's first), with --set applied. */
export function variantFrom(system: System, args: ParsedArgs): System {
  const set = (args.flags.set as string[] | undefined) ?? [];
  const id = args.flags.variant as string | undefined;
  return id !== undefined ? withVariant(system, id, set) : withSet(system, set);
}

/** The variants named by --variants (default: all), each with --set applied, in the spec's order. */
export function variantsFrom(system: System, args: ParsedArgs): System[] {
  const set = (args.flags.set as string[] | undefined) ?? [];
  const list = args.flags.variants as string | undefined;
  const ids = list !== undefined ? list.split(',').map((s) => s.trim()).filter(Boolean) : variantsOf(system).map((v) => v.id);
  if (ids.length === 0) throw new LeasecheckError('LC001', `--variants names no ${system.present.variantWord ?? 'variant'}`);
  const dup = ids.find((id, i) => ids.indexOf(id) !== i);
  if (dup) throw new LeasecheckError('LC001', `--variants names ${dup} twice`);
  return ids.map((id) => withVariant(system, id, set));
}

/** How reports and messages call a variant ("design" for the DAX model). */
export const variantWord = (system: System) => system.present.variantWord ?? 'variant';
