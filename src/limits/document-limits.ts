/**
 * Structural limits of a GraphQL document, checked before validation and execution: how
 * deep its selections nest and how many aliases it uses. (Size and tokens are checked
 * while parsing: see `parse(..., { maxTokens })`.)
 */
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

export interface DocumentShape {
  /** Deepest nesting of field selections, fragments expanded (a top-level field is depth 1). */
  depth: number;
  /** Fields written with an alias, fragments counted once per use. */
  aliases: number;
  /** Operations in the document. */
  operations: number;
}

export function documentShape(document: DocumentNode): DocumentShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let aliases = 0;
  let operations = 0;
  // Fragment cycles are invalid GraphQL, but the walk runs before validation: guard them.
  const walk = (selection: SelectionSetNode | undefined, depth: number, seen: Set<string>): number => {
    if (!selection || depth > 1000) return depth;
    let deepest = depth;
    for (const s of selection.selections) {
      if (s.kind === Kind.FIELD) {
        if (s.alias) aliases += 1;
        deepest = Math.max(deepest, s.selectionSet ? walk(s.selectionSet, depth + 1, seen) : depth + 1);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, walk(s.selectionSet, depth, seen));
      } else if (!seen.has(s.name.value)) {
        const fragment = fragments.get(s.name.value);
        if (fragment) deepest = Math.max(deepest, walk(fragment.selectionSet, depth, new Set([...seen, s.name.value])));
      }
    }
    return deepest;
  };
  let depth = 0;
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    operations += 1;
    depth = Math.max(depth, walk(d.selectionSet, 0, new Set()));
  }
  return { depth, aliases, operations };
}
