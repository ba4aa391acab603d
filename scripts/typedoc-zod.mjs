// TypeDoc plugin: a zod schema constant's inferred type is a deep object literal whose
// members (enum values, object fields) TypeDoc lists as undocumented properties. The
// documented API for those shapes is the inferred type alias next to each schema
// (`Customer`, `Tier`, …), so the schema's internal members get a pointer to it instead
// of 180 validation warnings. Everything else must still be documented.
import { Comment, Converter, ReflectionKind } from 'typedoc';

const SCHEMA = /(Schema|Codec)$/;

function schemaOwner(reflection) {
  for (let r = reflection.parent; r; r = r.parent) {
    if (r.kindOf(ReflectionKind.Variable) && SCHEMA.test(r.name)) return r;
  }
  return undefined;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const reflection of Object.values(context.project.reflections)) {
      if (reflection.hasComment()) continue;
      const owner = schemaOwner(reflection);
      if (owner) {
        reflection.comment = new Comment([
          { kind: 'text', text: `Part of the shape validated by \`${owner.name}\`; see its inferred type.` },
        ]);
      }
    }
  });
}
