// Summarises a V8 .cpuprofile: self time by function (functionName + file + line), self time by
// package / source file, and inclusive time of Sésame's own functions. Prints Markdown.
// Usage: node bench/profileSummary.mjs file.cpuprofile [top=25]
import { readFileSync } from 'node:fs'

/** Sésame's own code: dist/, or a copy of it for an A/B (bench/.build/dist-before/…), never a package's dist/. */
const SESAME = /\/dist(?:-[^/]+)?\/(.*)$/
const isSesame = (url) => !url.includes('/node_modules/') && SESAME.test(url)

/** A short, stable name for a script URL: the npm package, dist/… file, or node: module. */
export function where (url) {
  if (url === '') return ''
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url)
  if (nm !== null) return `${nm[1]}/${nm[2]}`
  const dist = SESAME.exec(url)
  if (dist !== null) return `dist/${dist[1]}`
  if (url.startsWith('node:')) return url
  return url.replace(/^file:\/\//, '')
}

/** Groups used for the "by component" table. */
export function component (url, functionName) {
  if (url === '') {
    if (functionName.startsWith('(')) return functionName
    return '(native/builtin)'
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
  if (nm !== null) return nm[1]
  const dist = SESAME.exec(url)
  if (dist !== null) return `sesame: dist/${dist[1]}`
  if (url.startsWith('node:')) return `node core (${url.replace(/^node:(internal\/)?/, '').split('/')[0]})`
  return url
}

export function summarise (profile, top = 25) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map()
  const byComponent = new Map()
  const inclusive = new Map()
  const { samples, timeDeltas } = profile
  let total = 0
  let idle = 0
  // Start-up (module loading, config) is not what the load measures: start at the first sample
  // taken inside a route handler of dist/routes/.
  const inRoute = (id) => { for (; id !== undefined; id = parent.get(id)) if (isSesame(nodes.get(id).callFrame.url) && /\/routes\//.test(nodes.get(id).callFrame.url)) return true; return false }
  let first = samples.findIndex((id) => inRoute(id))
  if (first < 0) first = 0
  for (let i = first; i < samples.length; i++) {
    // The time until the next sample is spent where this sample was taken.
    const dt = (timeDeltas[i + 1] ?? 0) / 1000
    const node = nodes.get(samples[i])
    const cf = node.callFrame
    total += dt
    if (cf.functionName === '(idle)') { idle += dt; continue }
    const key = `${cf.functionName || '(anonymous)'}\t${where(cf.url)}${cf.url === '' ? '' : ':' + (cf.lineNumber + 1)}`
    self.set(key, (self.get(key) ?? 0) + dt)
    const comp = component(cf.url, cf.functionName)
    byComponent.set(comp, (byComponent.get(comp) ?? 0) + dt)
    // Inclusive time of Sésame's own functions (each counted once per stack).
    const seen = new Set()
    for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
      const f = nodes.get(id).callFrame
      if (!isSesame(f.url)) continue
      const k = `${f.functionName || '(anonymous)'}\t${where(f.url)}:${f.lineNumber + 1}`
      if (seen.has(k)) continue
      seen.add(k)
      inclusive.set(k, (inclusive.get(k) ?? 0) + dt)
    }
  }
  const busy = total - idle
  const pct = (ms) => `${(100 * ms / busy).toFixed(1)} %`
  const rows = (map, n) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
  const out = []
  out.push(`Profile (from the first request on): ${(total / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy (idle excluded; shares are of busy time).`, '')
  out.push('| self time by component | ms | share |', '|---|---:|---:|')
  for (const [k, v] of rows(byComponent, 18)) out.push(`| ${k} | ${v.toFixed(0)} | ${pct(v)} |`)
  out.push('', `| top ${top} functions by self time | where | ms | share |`, '|---|---|---:|---:|')
  for (const [k, v] of rows(self, top)) {
    const [fn, at] = k.split('\t')
    out.push(`| ${fn} | ${at} | ${v.toFixed(0)} | ${pct(v)} |`)
  }
  out.push('', '| Sésame functions, inclusive time | where | ms | share |', '|---|---|---:|---:|')
  for (const [k, v] of rows(inclusive, 20)) {
    const [fn, at] = k.split('\t')
    out.push(`| ${fn} | ${at} | ${v.toFixed(0)} | ${pct(v)} |`)
  }
  return out.join('\n')
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const profile = JSON.parse(readFileSync(process.argv[2], 'utf8'))
  process.stdout.write(summarise(profile, Number(process.argv[3] ?? 25)) + '\n')
}
