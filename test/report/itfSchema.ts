/**
 * A validator of the Informal Trace Format, written from ADR-015 (apalache docs/src/adr/015adr-trace.md)
 * independently of src/report/itf.ts, so the test checks the writer against the spec, not against itself.
 *
 * Trace: an object with `vars` (array of strings) and `states` (array), optional `#meta` (object),
 * `params` (array of strings, each set in the initial state), `loop` (an index into `states`), nothing
 * else. State: an object defining every variable of `vars`, optional `#meta`; we also reject
 * undeclared keys. Expression: a boolean, a string, an integer in [-(2^53)+1, 2^53-1], `{"#bigint":
 * "[-][0-9]+"}`, a list, `{"#tup": [...]}`, `{"#set": [...]}`, `{"#map": [[k, v], ...]}`,
 * `{"#unserializable": "..."}`, or a record whose field names do not start with `#`.
 */
export function validateItf(trace: unknown): string[] {
  const errors: string[] = [];
  if (!isObject(trace)) return ['the trace is not a JSON object'];
  const allowed = new Set(['#meta', 'params', 'vars', 'states', 'loop']);
  for (const k of Object.keys(trace)) if (!allowed.has(k)) errors.push(`unknown trace field ${JSON.stringify(k)}`);
  if ('#meta' in trace && !isObject(trace['#meta'])) errors.push('#meta is not an object');
  const vars = trace.vars;
  if (!isStringArray(vars)) errors.push('vars is not an array of strings');
  const params = trace.params;
  if (params !== undefined && !isStringArray(params)) errors.push('params is not an array of strings');
  const states = trace.states;
  if (!Array.isArray(states)) return [...errors, 'states is not an array'];
  if (trace.loop !== undefined && !(Number.isInteger(trace.loop) && (trace.loop as number) >= 0 && (trace.loop as number) < states.length)) {
    errors.push(`loop ${JSON.stringify(trace.loop)} is not an index of states`);
  }
  const names = isStringArray(vars) ? vars : [];
  states.forEach((s, i) => {
    const at = `states[${i}]`;
    if (!isObject(s)) return void errors.push(`${at} is not an object`);
    if ('#meta' in s && !isObject(s['#meta'])) errors.push(`${at}.#meta is not an object`);
    for (const v of names) if (!(v in s)) errors.push(`${at} does not define ${v}`);
    if (i === 0 && isStringArray(params)) for (const p of params) if (!(p in s)) errors.push(`${at} does not set parameter ${p}`);
    for (const [k, x] of Object.entries(s)) {
      if (k === '#meta') continue;
      if (!names.includes(k) && !(isStringArray(params) && params.includes(k))) errors.push(`${at} has undeclared variable ${k}`);
      validateExpr(x, `${at}.${k}`, errors);
    }
  });
  return errors;
}

const MAX_SAFE = 2 ** 53 - 1;

function validateExpr(e: unknown, at: string, errors: string[]): void {
  if (typeof e === 'boolean' || typeof e === 'string') return;
  if (typeof e === 'number') {
    if (!Number.isInteger(e) || Math.abs(e) > MAX_SAFE) errors.push(`${at}: ${e} is not an integer in the JSON-safe range`);
    return;
  }
  if (Array.isArray(e)) return e.forEach((x, i) => validateExpr(x, `${at}[${i}]`, errors));
  if (!isObject(e)) return void errors.push(`${at}: ${JSON.stringify(e)} is not an ITF expression`);
  const keys = Object.keys(e);
  const special = keys.filter((k) => k.startsWith('#'));
  if (special.length === 0) {
    for (const k of keys) validateExpr(e[k], `${at}.${k}`, errors);
    return;
  }
  if (keys.length !== 1) return void errors.push(`${at}: an object with a #-key must have exactly one key, got ${keys.join(', ')}`);
  const [k] = keys;
  const v = e[k];
  switch (k) {
    case '#bigint':
      if (typeof v !== 'string' || !/^-?[0-9]+$/.test(v)) errors.push(`${at}: #bigint ${JSON.stringify(v)} is not "[-][0-9]+"`);
      return;
    case '#tup':
    case '#set':
      if (!Array.isArray(v)) return void errors.push(`${at}: ${k} is not an array`);
      return v.forEach((x, i) => validateExpr(x, `${at}.${k}[${i}]`, errors));
    case '#map':
      if (!Array.isArray(v)) return void errors.push(`${at}: #map is not an array`);
      return v.forEach((pair, i) => {
        if (!Array.isArray(pair) || pair.length !== 2) return void errors.push(`${at}.#map[${i}] is not a [key, value] pair`);
        validateExpr(pair[0], `${at}.#map[${i}][0]`, errors);
        validateExpr(pair[1], `${at}.#map[${i}][1]`, errors);
      });
    case '#unserializable':
      if (typeof v !== 'string') errors.push(`${at}: #unserializable is not a string`);
      return;
    default:
      errors.push(`${at}: unknown form ${k}`);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string');
}
