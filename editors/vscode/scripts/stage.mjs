// Copies into the extension folder what vsce packages from elsewhere in the repository: the
// JSON Schema of .glossary.yaml (the server's, schema/glossary-config.schema.json) and the licence.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(here, "..", "..");
mkdirSync(join(here, "schemas"), { recursive: true });
copyFileSync(join(root, "schema", "glossary-config.schema.json"),
  join(here, "schemas", "glossary-config.schema.json"));
copyFileSync(join(root, "LICENSE"), join(here, "LICENSE"));
