/**
 * JUnit XML, the report format CI systems (GitHub Actions test reporters, GitLab, Jenkins) read: one
 * <testsuite> per group, one <testcase> per check, a <failure> for a failed one, <skipped> for one that
 * could not be decided. Written by hand: the format is small and every string goes through escapeXml.
 */

export interface JUnitCase {
  /** The suite-level grouping most viewers show (here: the design). */
  classname: string;
  name: string;
  seconds?: number;
  failure?: { message: string; type?: string; details?: string };
  /** Why the case was not decided (an incomplete run). */
  skipped?: string;
}

export interface JUnitSuite {
  name: string;
  seconds?: number;
  /** Shown as <properties>: e.g. the design's knob settings. */
  properties?: Readonly<Record<string, string>>;
  cases: JUnitCase[];
}

/** The whole report: <testsuites> with totals, then each suite. */
export function junitXML(name: string, suites: readonly JUnitSuite[]): string {
  const count = (f: (c: JUnitCase) => boolean) => suites.reduce((n, s) => n + s.cases.filter(f).length, 0);
  const total = count(() => true);
  const failures = count((c) => c.failure !== undefined);
  const skipped = count((c) => c.failure === undefined && c.skipped !== undefined);
  const seconds = suites.reduce((t, s) => t + (s.seconds ?? 0), 0);
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="${escapeXml(name)}" tests="${total}" failures="${failures}" errors="0" skipped="${skipped}" time="${secs(seconds)}">`);
  for (const s of suites) {
    const f = s.cases.filter((c) => c.failure !== undefined).length;
    const k = s.cases.filter((c) => c.failure === undefined && c.skipped !== undefined).length;
    out.push(`  <testsuite name="${escapeXml(s.name)}" tests="${s.cases.length}" failures="${f}" errors="0" skipped="${k}" time="${secs(s.seconds ?? 0)}">`);
    const props = Object.entries(s.properties ?? {});
    if (props.length > 0) {
      out.push('    <properties>');
      for (const [k2, v] of props) out.push(`      <property name="${escapeXml(k2)}" value="${escapeXml(v)}"/>`);
      out.push('    </properties>');
    }
    for (const c of s.cases) {
      const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}" time="${secs(c.seconds ?? 0)}"`;
      if (c.failure) {
        out.push(`${open}>`);
        const type = c.failure.type ? ` type="${escapeXml(c.failure.type)}"` : '';
        out.push(`      <failure message="${escapeXml(c.failure.message)}"${type}>${escapeXml(c.failure.details ?? c.failure.message, false)}</failure>`);
        out.push('    </testcase>');
      } else if (c.skipped !== undefined) {
        out.push(`${open}>`);
        out.push(`      <skipped message="${escapeXml(c.skipped)}"/>`);
        out.push('    </testcase>');
      } else {
        out.push(`${open}/>`);
      }
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/**
 * Text for an XML attribute (default) or element content: markup characters as entities (in an
 * attribute also quotes and whitespace controls, which attribute normalisation would otherwise lose), and
 * characters XML 1.0 cannot hold at all (controls other than tab, newline, carriage return; lone
 * surrogates; U+FFFE/U+FFFF) replaced by U+FFFD.
 */
export function escapeXml(s: string, attribute = true): string {
  const text = s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
  // In an attribute, quotes end the value and whitespace is normalised away unless written as references.
  return attribute ? text.replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;') : text;
}

function secs(s: number): string {
  return (Math.round(s * 1000) / 1000).toFixed(3);
}
