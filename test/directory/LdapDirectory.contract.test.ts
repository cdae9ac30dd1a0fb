import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startSlapd } from '../../scripts/testServices/slapd.mjs'
import { createLdapDirectory } from '../../src/directory/ldap/createLdapDirectory.js'
import { directoryContract } from './directoryContract.js'
import { ldapEntry, ldapEnv, memoryLogger } from './ldapEntry.js'

// The whole suffix, so that the ATEN and ARENA fixture people are all in one directory.
directoryContract(t, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sesame-slapd-'))
  const slapd = await startSlapd({ dir })
  t.teardown(async () => { await slapd.stop(); await rm(dir, { recursive: true, force: true }) })
  return createLdapDirectory(ldapEntry(slapd), 'config/directories.json[0]', ldapEnv(slapd), memoryLogger())
})
