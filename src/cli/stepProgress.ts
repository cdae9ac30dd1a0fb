import type { ImportStep } from '../pronote/runImport.js'

/** Somewhere to write progress: process.stderr, or a test double. */
export interface ProgressOutput {
  write: (text: string) => unknown
  isTTY?: boolean
}

const WIDTH = 24

/**
 * Shows the import steps on stderr: a progress bar redrawn in place on a terminal, plain
 * "Étape n/6" lines otherwise (logs, CI), so that stdout keeps only the report.
 */
export function stepProgress (out: ProgressOutput): (step: ImportStep) => void {
  if (out.isTTY !== true) {
    return (s) => { if (s.status === 'start') out.write(`Étape ${s.step}/${s.total} : ${s.label}\n`) }
  }
  return (s) => {
    const done = s.status === 'done' ? s.step : s.step - 1
    const filled = Math.round(WIDTH * done / s.total)
    out.write(`\r[${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}] ${s.step}/${s.total} ${s.label}\u001b[K`)
    if (s.status === 'done' && s.step === s.total) out.write('\n')
  }
}
