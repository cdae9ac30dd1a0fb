// Hook for the import benchmark: calls benchImport({ entries }) from bench/import.ts (compiled by
// bench/run.mjs to bench/.build/bench/import.js) and prints its result as one JSON line.
// Usage: node bench/importRunner.mjs 100000
const mod = await import('./.build/bench/import.js')
if (typeof mod.benchImport !== 'function') throw new Error('bench/import.ts exports no benchImport function')
const entries = Number(process.argv[2] ?? 100_000)
const r = await mod.benchImport({ entries })
process.stdout.write(JSON.stringify({ entries, ...r, maxRssMiB: process.resourceUsage().maxRSS / 1024 }) + '\n')
