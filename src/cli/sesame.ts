#!/usr/bin/env node
// The `sesame` command (package.json "bin"): import, links, hash-password. Runs from dist/ with
// plain Node, as in the container image.
import { runSesame } from './runSesame.js'

const code = await runSesame(process.argv.slice(2), { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr })
process.exitCode = code
// Every store and directory is closed by now; should a client library still hold a handle, the
// command ends anyway rather than hang a script (unref: it never delays a clean exit).
setTimeout(() => { process.exit(code) }, 2000).unref()
