import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { directoriesFileSchema } from '../../src/config/directoriesFileSchema.js'
import { compileConfigSchema } from '../../src/config/jsonSchema/compileConfigSchema.js'
import { loadAdmins } from '../../src/config/loadAdmins.js'
import { loadDirectories } from '../../src/config/loadDirectories.js'
import { loadEnv } from '../../src/config/loadEnv.js'
import { readServicesFile } from '../../src/services/ServiceRegistry.js'
import { parseServices } from '../../src/services/parseServices.js'

/** The ```json blocks of a Markdown file, parsed, with the heading they sit under. */
function jsonBlocks (file: string): Array<{ heading: string, value: unknown }> {
  const blocks: Array<{ heading: string, value: unknown }> = []
  let heading = ''
  for (const part of readFileSync(file, 'utf8').split(/^(```json\n[\s\S]*?\n```)$/m)) {
    if (part.startsWith('```json')) {
      const text = part.slice('```json\n'.length, -'\n```'.length)
      // "…" stands for what the example leaves out; such blocks are fragments, not files.
      if (!text.includes('…')) blocks.push({ heading, value: JSON.parse(text) })
    } else {
      heading = [...part.matchAll(/^#{1,6} (.+)$/gm)].at(-1)?.[1] ?? heading
    }
  }
  return blocks
}

// Whether a directories.json entry would load is checked up to what needs the machine it runs on
// (the CA file, the password variable): the schema.
const checkDirectories = compileConfigSchema(directoriesFileSchema, { entriesBy: 'id' })

t.test('the examples of docs/configuration.md are valid files', async (t) => {
  const blocks = jsonBlocks('docs/configuration.md')
  const services = blocks.filter((b) => b.heading.startsWith('`services.json`'))
  const directories = blocks.filter((b) => b.heading.startsWith('`directories.json`'))
  const admins = blocks.filter((b) => b.heading.startsWith('`ADMINS_FILE`'))
  t.equal(services.length, 1)
  t.equal(directories.length, 1)
  t.equal(admins.length, 1)
  for (const b of services) t.ok(parseServices(b.value, 'docs services.json').length > 0)
  for (const b of directories) t.ok(checkDirectories(b.value, 'docs directories.json').length > 0)
  const path = join(mkdtempSync(join(tmpdir(), 'sesame-admins-')), 'admins.json')
  for (const b of admins) {
    writeFileSync(path, JSON.stringify(b.value))
    t.ok(loadAdmins(path).size > 0)
  }
})

t.test('the README examples of a service, a directory and ADMINS_FILE are valid', async (t) => {
  const blocks = jsonBlocks('README.md')
  const service = blocks.find((b) => (b.value as { pronoteUrl?: string }).pronoteUrl !== undefined)
  t.ok(service !== undefined && parseServices([service.value], 'README').length === 1, 'the PRONOTE preset example')
  const directory = blocks.find((b) => (b.value as { kind?: string }).kind === 'ldap')
  t.ok(directory !== undefined && checkDirectories([directory.value], 'README').length === 1, 'the LDAP directory example')
  const admins = blocks.find((b) => Array.isArray(b.value) && (b.value[0] as { uid?: string }).uid !== undefined)
  t.ok(admins !== undefined, 'the ADMINS_FILE example')
  const path = join(mkdtempSync(join(tmpdir(), 'sesame-admins-')), 'admins.json')
  writeFileSync(path, JSON.stringify(admins?.value))
  t.equal(loadAdmins(path).size, 3)
})

t.test('the files shipped in config/ load', async (t) => {
  t.ok((await readServicesFile('config/services.json')).length > 0)
  const directories = await loadDirectories(loadEnv({}))
  t.ok(directories.length > 0)
  await Promise.all(directories.map(async (d) => { await d.close() }))
})
