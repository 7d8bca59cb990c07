// remark configuration for the comparison benchmark (tests/bench/compare/remark/README.md).
// Closest remark equivalent of `glossary-ls check`: front matter against
// schema/glossary.schema.json, internal links and their #fragments. Never edits files.
//
// remark-cli must run with the glossary root as its working directory (run.py does so): the
// schema association globs of remark-lint-frontmatter-schema are relative to it.
//
// GLOSSARY_REMARK_LINKS chooses how root-relative glossary links (`/slug`) are checked:
//   rewrite (default)  a 15-line local plugin (below, NOT part of any package) rewrites
//                      `/slug#frag` to `slug.md#frag` before remark-validate-links runs, so
//                      links resolve in the article's own language folder, as in glossary-ls.
//   stock              remark-validate-links alone, told to resolve absolute paths from the
//                      glossary root: `/slug` becomes <root>/slug, which never exists (the file
//                      is <root>/Texts/<Language>/<slug>.md): every internal link is reported.
//   off                remark-validate-links alone with `repository: false` and no urlConfig:
//                      it skips every link that starts with `/` (nothing reported).
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import remarkFrontmatter from 'remark-frontmatter'
import remarkLintFrontmatterSchema from 'remark-lint-frontmatter-schema'
import remarkValidateLinks from 'remark-validate-links'

const here = path.dirname(fileURLToPath(import.meta.url))
// GLOSSARY_REMARK_SCHEMA: the front-matter schema (default: the repository's), or `off` to leave
// remark-lint-frontmatter-schema out (run.py --no-schema, to split the cost).
const schemaSetting = process.env.GLOSSARY_REMARK_SCHEMA
const schema =
  schemaSetting === 'off'
    ? undefined
    : path.resolve(
        schemaSetting || path.join(here, '..', '..', '..', '..', 'schema', 'glossary.schema.json')
      )
const mode = process.env.GLOSSARY_REMARK_LINKS || 'rewrite'
if (!['rewrite', 'stock', 'off'].includes(mode)) {
  throw new Error('GLOSSARY_REMARK_LINKS must be rewrite, stock or off, not ' + mode)
}

/** Local plugin: `/slug` or `/slug#frag` -> `slug.md` / `slug.md#frag` (links and definitions). */
function remarkGlossarySlugLinks() {
  function walk(node) {
    if ((node.type === 'link' || node.type === 'definition') && /^\/[^/]/.test(node.url)) {
      const hash = node.url.indexOf('#')
      const slug = hash === -1 ? node.url.slice(1) : node.url.slice(1, hash)
      if (slug && !slug.includes('/')) {
        node.url = slug + '.md' + (hash === -1 ? '' : node.url.slice(hash))
      }
    }
    if (node.children) node.children.forEach(walk)
  }
  return walk
}

/** @type {import('remark-validate-links').Options} */
const validateLinks = {repository: false, root: '.'}
if (mode === 'stock') {
  validateLinks.urlConfig = {
    hostname: 'glossary.invalid',
    prefix: '/glossary/blob/',
    headingPrefix: '#',
    resolveAbsolutePathsInRepo: true,
    lines: false
  }
}

export default {
  settings: {},
  plugins: [
    remarkFrontmatter,
    ...schemaPlugin(),
    ...(mode === 'rewrite' ? [remarkGlossarySlugLinks] : []),
    [remarkValidateLinks, validateLinks]
  ]
}

function schemaPlugin() {
  if (!schema) return []
  return [
    [
      remarkLintFrontmatterSchema,
      {
        // Schema path and globs are relative to the working directory (the glossary root).
        schemas: {[path.relative(process.cwd(), schema)]: ['**/*.md']},
        // The schema declares JSON Schema 2020-12; the plugin builds a default (draft-07) Ajv
        // that cannot load the 2020-12 meta-schema and would reject the schema as malformed.
        // Skipping the meta-schema check lets it validate with draft-07 semantics, which are
        // the same for every keyword our schema uses.
        ajvOptions: {validateSchema: false}
      }
    ]
  ]
}
