// Import benchmark: `npm run bench`, or alone once compiled (node dist-bench/bench/import.js 100000).
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import type { Directory } from '../src/directory/Directory.js'
import type { Person } from '../src/directory/Person.js'
import { generateExport } from '../src/pronote/generateExport.js'
import { MemoryLinkStore } from '../src/pronote/MemoryLinkStore.js'
import { runImport } from '../src/pronote/runImport.js'

const directoryOf = (people: Person[]): Directory => ({
  id: 'bench', label: 'bench',
  async authenticate () { throw new Error('unused') },
  async * peopleOf () { yield * people },
  async ping () { return true },
  async close () {}
})

/**
 * Imports a synthetic export of `entries` entries (written to a temporary file first) against an
 * in-memory directory of the same people; measures wall time and peak RSS during the import.
 */
export async function benchImport ({ entries, seed = 1 }: { entries: number, seed?: number }): Promise<{ seconds: number, peakRssMiB: number, baselineRssMiB: number, entriesPerSecond: number, matched: number, fileMiB: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-bench-'))
  try {
    const generated = generateExport({ entries, seed })
    const file = join(dir, 'IdPN_To_KOSMOS.xml')
    await pipeline(Readable.from(generated.xml()), createWriteStream(file))
    const { size } = await import('node:fs/promises').then(async (fs) => await fs.stat(file))
    const baseline = process.memoryUsage().rss // the generated people are part of it
    let peak = baseline
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 20)
    const started = process.hrtime.bigint()
    const report = await runImport({
      source: { path: file }, uai: '0340000X', mode: 'full', directories: [directoryOf(generated.people)],
      linkStore: new MemoryLinkStore(), maxBytes: 1024 * 1024 * 1024
    })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    clearInterval(timer)
    peak = Math.max(peak, process.memoryUsage().rss)
    return { seconds, peakRssMiB: peak / 1048576, baselineRssMiB: baseline / 1048576, entriesPerSecond: report.totals.read / seconds, matched: report.totals.matched, fileMiB: size / 1048576 }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const entries = Number(process.argv[2] ?? 100_000)
  const r = await benchImport({ entries })
  console.log('| entries | file (MiB) | matched | seconds | entries/s | RSS before (MiB) | peak RSS (MiB) | maxRSS (MiB) |')
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|')
  console.log(`| ${entries} | ${r.fileMiB.toFixed(1)} | ${r.matched} | ${r.seconds.toFixed(2)} | ${Math.round(r.entriesPerSecond)} | ${r.baselineRssMiB.toFixed(0)} | ${r.peakRssMiB.toFixed(0)} | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} |`)
}
