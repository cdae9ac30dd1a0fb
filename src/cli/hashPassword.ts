#!/usr/bin/env node
// Entry point kept for `node dist/cli/hashPassword.js`; `sesame hash-password` runs the same code.
import { hashPasswordMain } from './hashPasswordMain.js'

process.exitCode = await hashPasswordMain()
