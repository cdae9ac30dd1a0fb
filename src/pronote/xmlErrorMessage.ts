const FRENCH: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^unclosed tag: (.*)$/, (m) => `balise <${m[1] as string}> non fermée`],
  [/^unmatched closing tag: (.*?)\.?$/, (m) => `balise fermante </${m[1] as string}> sans ouverture correspondante`],
  [/^unexpected close tag\.?$/, () => 'balise fermante inattendue (un élément précédent n\'est pas fermé)'],
  [/^unexpected end\.?$/, () => 'fin de fichier inattendue'],
  [/^document must contain a root element\.?$/, () => 'le document ne contient aucun élément'],
  [/^documents may contain only one root\.?$/, () => 'plusieurs éléments racine'],
  [/^text data outside of root node\.?$/, () => 'texte en dehors de l\'élément racine'],
  [/^undefined entity/, () => 'entité non définie (seules &amp; &lt; &gt; &quot; &apos; sont admises)'],
  [/^duplicate attribute: (.*?)\.?$/, (m) => `attribut « ${m[1] as string} » en double`],
  [/^unquoted attribute value\.?$|^value must be quoted\.?$/, () => 'valeur d\'attribut sans guillemets'],
  [/^disallowed character/, () => 'caractère interdit']
]

/** saxes's English message (position prefix removed) as a French phrase for the report. */
export function xmlErrorMessage (raw: string): string {
  const message = raw.replace(/^(?:[^:]*:)?\d+:\d+: /, '')
  for (const [re, french] of FRENCH) {
    const m = re.exec(message)
    if (m !== null) return `XML mal formé : ${french(m)}`
  }
  return `XML mal formé : ${message}`
}
