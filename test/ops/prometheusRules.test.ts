import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import t from 'tap'
import { parse } from 'yaml'
import { ensurePackages } from '../../scripts/testServices/ensurePackages.mjs'
import { Metrics } from '../../src/metrics/Metrics.js'

// The alert rules docs/deployment.md gives an académie must load in Prometheus, fire when they
// should, and only name metrics Sésame really exports: an alert on a renamed metric never fires.
ensurePackages([['/usr/bin/promtool', 'prometheus']])

const DIR = 'docs/examples/prometheus'
const RULES = `${DIR}/sesame-alerts.yml`

function promtool (...args: string[]): { status: number | null, out: string } {
  const r = spawnSync('promtool', args, { encoding: 'utf8', cwd: DIR })
  return { status: r.status, out: `${r.stdout}${r.stderr}`.trim() }
}

t.test('the alert rules pass promtool check rules', async (t) => {
  const r = promtool('check', 'rules', 'sesame-alerts.yml')
  t.equal(r.status, 0, r.out)
  t.match(r.out, /SUCCESS: \d+ rules found/)
})

t.test('the alert rules fire as their unit tests expect (promtool test rules): Redis lost, a node down, password guessing', async (t) => {
  const r = promtool('test', 'rules', 'sesame-alerts.test.yml')
  t.equal(r.status, 0, r.out)
})

t.test('every metric and label the alert rules name is one Sésame exports', async (t) => {
  const metrics = new Metrics()
  metrics.collectProcessMetrics()
  const exported = new Map<string, Set<string>>()
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    const labels = new Set([...(m as { values: Array<{ labels: Record<string, unknown> }> }).values.flatMap((v) => Object.keys(v.labels))])
    // Labels declared but not yet used have no value: read them from the metric itself.
    const declared = (metrics.registry.getSingleMetric(m.name) as unknown as { labelNames?: string[] } | undefined)?.labelNames ?? []
    for (const l of declared) labels.add(l)
    const histogram = String(m.type) === 'histogram'
    const names = histogram ? [`${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`] : [m.name]
    for (const n of names) exported.set(n, histogram && n.endsWith('_bucket') ? new Set([...labels, 'le']) : labels)
  }
  t.ok(exported.has('sesame_sign_ins_total') && exported.has('sesame_nodejs_eventloop_lag_p99_seconds'), 'Sésame\'s and the process metrics were listed')

  const doc = parse(readFileSync(RULES, 'utf8')) as { groups: Array<{ rules: Array<{ alert: string, expr: string }> }> }
  const rules = doc.groups.flatMap((g) => g.rules)
  t.ok(rules.length >= 8, `${rules.length} alerts`)
  const scrapeLabels = new Set(['job', 'instance'])
  for (const rule of rules) {
    for (const m of rule.expr.matchAll(/\b(sesame_[a-z0-9_]+)(\{([^}]*)\})?/g)) {
      const name = m[1] as string
      t.ok(exported.has(name), `${rule.alert}: ${name} is exported`)
      const keys = [...(m[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)/g)].map((k) => k[1] as string)
      for (const k of keys) t.ok(exported.get(name)?.has(k) === true || scrapeLabels.has(k), `${rule.alert}: ${name} has the label ${k}`)
    }
  }
})
