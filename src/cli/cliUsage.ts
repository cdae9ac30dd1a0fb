/** `sesame --help`. */
export const SESAME_USAGE = `Usage : sesame <commande> [options]

Commandes :
  import          importe un export PRONOTE (IdPN_To_KOSMOS.xml)      sesame import --help
  links           liste, lie, délie, exporte, sauvegarde et restaure   sesame links --help
                  les liens PRONOTE
  hash-password   calcule l'empreinte d'un mot de passe pour un annuaire « file »
                  (lu sans écho sur un terminal, ou en première ligne de l'entrée standard)

Réglages : les mêmes variables que le serveur (REDIS_URL ou REDIS_SENTINELS ou REDIS_CLUSTER_NODES,
DATA_DIR, DIRECTORIES_FILE, SERVICES_FILE…), lues dans l'environnement puis dans le fichier .env du
dossier courant s'il existe (l'environnement l'emporte). La première ligne d'erreur standard dit où
sont les liens.

Codes de sortie : 0 fait ; 1 échec (Redis injoignable, fichier de liens illisible, règle refusée,
lien absent) ; 2 ligne de commande, configuration ou fichier indiqué invalide (rien n'a changé).
`

/** `sesame links --help`. */
export const LINKS_USAGE = `Usage :
  sesame links list --uai UAI [--json]
  sesame links link --uai UAI --idpn IDPN --uid UID --category 1|2|3|4 [--move]
  sesame links unlink --uai UAI --idpn IDPN
  sesame links csv --uai UAI [--out FICHIER]
  sesame links export --out FICHIER
  sesame links restore --file FICHIER [--uai UAI]

  list      les liens d'un établissement (--json : tableau JSON sur la sortie standard)
  link      lie un IDPN à une personne de l'établissement, à la main ; catégories : 1 élève,
            2 responsable, 3 professeur, 4 personnel. Mêmes règles que l'API : la catégorie
            doit être celle de la personne, un identifiant par personne et par catégorie ;
            --move reprend l'IDPN à la personne qui l'a déjà au lieu de refuser
  unlink    supprime le lien d'un IDPN
  csv       IDPN;Identifiant CAS, pour la colonne « Identifiant CAS » de PRONOTE (sortie
            standard, ou --out FICHIER)
  export    sauvegarde les liens de tous les établissements dans un fichier JSON
  restore   vérifie tout le fichier, puis remplace les liens de chaque établissement qu'il
            contient (ou du seul --uai) ; un fichier invalide ne change rien
`

/** `sesame hash-password --help`. */
export const HASH_PASSWORD_USAGE = `Usage : sesame hash-password
  Lit un mot de passe (sans écho sur un terminal, deux fois ; ou la première ligne de l'entrée
  standard) et écrit son empreinte scrypt, à mettre dans le champ passwordHash d'un annuaire « file ».
`
