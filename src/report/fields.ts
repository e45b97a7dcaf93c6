import type { CompiledSystem } from '../engine/compile.ts';
import type { FieldHook, Presentation } from '../spec/presentation.ts';

/** The spec's field hooks (Presentation.fields): `fields[machineId][field]`. */
export type FieldHooks = Presentation['fields'];

/** How one context field of one actor is shown: its label, its description, or not at all. */
export interface FieldView {
  /** The field's name in the context. */
  field: string;
  /** What the reader sees (FieldHook.label, default the name). */
  label: string;
  description?: string;
}

/** The machine id of actor `a` (createMachine's `id`), which the field hooks are keyed by. */
export function machineIdOf(cs: CompiledSystem, a: number): string {
  return String((cs.tables[a].machine as { id?: unknown }).id ?? '');
}

/** The hook for one field of actor `a`, if the spec gives one. */
export function fieldHook(hooks: FieldHooks, cs: CompiledSystem, a: number, field: string): FieldHook | undefined {
  const byMachine = hooks?.[machineIdOf(cs, a)];
  return byMachine && Object.prototype.hasOwnProperty.call(byMachine, field) ? byMachine[field] : undefined;
}

/** The field as shown, or null when the spec hides it (a constant, an internal detail). */
export function fieldView(hooks: FieldHooks, cs: CompiledSystem, a: number, field: string): FieldView | null {
  const h = fieldHook(hooks, cs, a, field);
  if (h?.hidden) return null;
  return { field, label: h?.label ?? field, ...(h?.description ? { description: h.description } : {}) };
}

/** The shown fields among `names`, in order. */
export function shownFields(hooks: FieldHooks, cs: CompiledSystem, a: number, names: readonly string[]): FieldView[] {
  return names.map((f) => fieldView(hooks, cs, a, f)).filter((v): v is FieldView => v !== null);
}
