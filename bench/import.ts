// Import benchmark: `npm run bench`, or alone once compiled (node bench/.build/bench/import.js 100000 [plain]).
import { generateKeyPairSync } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { Directory } from '../src/directory/Directory.js'
import type { Person } from '../src/directory/Person.js'
import type { ExportPartner } from '../src/pronote/ExportPartner.js'
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

/** A full GC, so that the baseline is live memory (the usual benchmark way to reach gc without --expose-gc). */
function collectGarbage (): void {
  setFlagsFromString('--expose-gc')
  ;(runInNewContext('gc') as () => void)()
}

/** Writes the export; only the people stay referenced (the directory), not the generator's XML lines. */
async function writeExport (file: string, { entries, seed, encrypted }: { entries: number, seed: number, encrypted: boolean }): Promise<{ people: Person[], partner?: ExportPartner }> {
  const generated = generateExport({ entries, seed })
  if (!encrypted) {
    await pipeline(Readable.from(generated.xml()), createWriteStream(file))
    return { people: generated.people }
  }
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const partner = { name: 'SESAME-BENCH', privateKey }
  await writeFile(file, generated.encrypted([{ name: partner.name, publicKey }]))
  return { people: generated.people, partner }
}

/**
 * Imports a synthetic export of `entries` entries (written to a temporary file first) against an
 * in-memory directory of the same people; measures wall time and peak RSS during the import.
 * The export is encrypted for a throwaway partner key, compressed, as PRONOTE sends it to an ENT
 * (`encrypted: false` for the plain file).
 */
export async function benchImport ({ entries, seed = 1, encrypted = true }: { entries: number, seed?: number, encrypted?: boolean }): Promise<{ seconds: number, peakRssMiB: number, baselineRssMiB: number, entriesPerSecond: number, matched: number, fileMiB: number, encrypted: boolean }> {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-bench-'))
  try {
    const file = join(dir, 'IdPN_To_KOSMOS.xml')
    const { people, partner } = await writeExport(file, { entries, seed, encrypted })
    const { size } = await import('node:fs/promises').then(async (fs) => await fs.stat(file))
    collectGarbage() // the generator's XML is garbage by now: the import's peak should not count it
    const baseline = process.memoryUsage().rss // the generated people are part of it
    let peak = baseline
    const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss) }, 20)
    const started = process.hrtime.bigint()
    const report = await runImport({
      source: { path: file }, uai: '0340000X', mode: 'full', directories: [directoryOf(people)],
      linkStore: new MemoryLinkStore(), maxBytes: 1024 * 1024 * 1024, ...(partner === undefined ? {} : { partner })
    })
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    clearInterval(timer)
    peak = Math.max(peak, process.memoryUsage().rss)
    return { seconds, peakRssMiB: peak / 1048576, baselineRssMiB: baseline / 1048576, entriesPerSecond: report.totals.read / seconds, matched: report.totals.matched, fileMiB: size / 1048576, encrypted }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const entries = Number(process.argv[2] ?? 100_000)
  const r = await benchImport({ entries, encrypted: process.argv[3] !== 'plain' })
  console.log(r.encrypted ? 'encrypted, compressed export' : 'plain export')
  console.log('| entries | file (MiB) | matched | seconds | entries/s | RSS before (MiB) | peak RSS (MiB) | maxRSS (MiB) |')
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|')
  console.log(`| ${entries} | ${r.fileMiB.toFixed(1)} | ${r.matched} | ${r.seconds.toFixed(2)} | ${Math.round(r.entriesPerSecond)} | ${r.baselineRssMiB.toFixed(0)} | ${r.peakRssMiB.toFixed(0)} | ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} |`)
}
