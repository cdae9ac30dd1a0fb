#!/usr/bin/env node
// Entry point of `npm run import`: the real environment, directories and link store (see importMain).
import { loadDirectories } from '../config/loadDirectories.js'
import { createLinkStore } from '../pronote/createLinkStore.js'
import { main } from './importMain.js'

process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  loadDirectories: async (config) => await loadDirectories(config, process.env),
  createLinkStore: async (config) => await createLinkStore(config)
})
