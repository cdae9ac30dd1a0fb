import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import t from 'tap'
import { Metrics } from '../../src/metrics/Metrics.js'

// The documentation must stand on its own: every link in README.md and docs/*.md reaches a file
// of the repository (and a heading of it, for #anchors), and nothing tracked points at a design
// file outside the repository.
const DOCS = ['README.md', 'BENCHMARKS.md', ...execFileSync('git', ['ls-files', 'docs/*.md'], { encoding: 'utf8' }).split('\n').filter((f) => f !== '')]

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
function anchorOf (heading: string): string {
  return heading.trim().toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-')
}

function anchorsIn (file: string): Set<string> {
  const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '')
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => anchorOf(m[1] as string)))
}

t.test('the documentation pages exist: protocol, PRONOTE, configuration, deployment', async (t) => {
  for (const f of ['docs/protocol.md', 'docs/pronote.md', 'docs/configuration.md', 'docs/deployment.md']) t.ok(DOCS.includes(f), `${f} is tracked`)
})

t.test('every relative link of the README and docs/ reaches a file of the repository, and its heading when it names one', async (t) => {
  let checked = 0
  for (const doc of DOCS) {
    const text = readFileSync(doc, 'utf8').replace(/```[\s\S]*?```/g, '')
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1] as string
      if (/^[a-z]+:/i.test(target)) continue
      const [path, anchor] = target.split('#') as [string, string | undefined]
      const file = path === '' ? doc : normalize(join(dirname(doc), path))
      checked++
      t.notOk(file.startsWith('..'), `${doc}: ${target} stays inside the repository`)
      t.ok(existsSync(file), `${doc}: ${target} exists`)
      if (anchor !== undefined && existsSync(file) && statSync(file).isFile() && file.endsWith('.md')) {
        t.ok(anchorsIn(file).has(anchor), `${doc}: ${target} names a heading of ${file}`)
      }
    }
  }
  t.ok(checked > 20, `${checked} links checked`)
})

t.test('no tracked file points at a design document outside the repository', async (t) => {
  // git grep exits 1 when nothing matches: that is the rule kept.
  let hits = ''
  try {
    // Written in pieces, so that this file does not itself read as a pointer outside the repository.
    const outside = [String.raw`\.\./sha` + 'red', 'sha' + 'red/DESIGN', String.raw`DESIGN\.md`, 'DESIGN §'].join('|')
    hits = execFileSync('git', ['grep', '-nE', outside, '--', '.', ':!test/docs/links.test.ts'], { encoding: 'utf8' })
  } catch (err) {
    if ((err as { status?: number }).status !== 1) throw err
  }
  t.equal(hits, '', 'found:\n' + hits)
})

t.test('every metric of Sésame\'s own (not the process metrics) is in the metrics table of docs/deployment.md', async (t) => {
  const guide = readFileSync('docs/deployment.md', 'utf8')
  const names = (await new Metrics().registry.getMetricsAsJSON()).map((m) => m.name)
  t.ok(names.length >= 8, `${names.length} metrics`)
  for (const name of names) t.match(guide, new RegExp(`^\\| \`${name}\` \\|`, 'm'), `${name} has a row`)
})
