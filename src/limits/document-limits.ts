/**
 * Structural limits of a GraphQL document: how deep its selections nest, how many aliases it
 * uses, and (from the source text, before parsing) its size and tokens.
 *
 * Every walk is linear in the document's size: a fragment's shape is computed once and reused
 * at each spread, and a fragment spread twice in one selection set counts once (as execution
 * collects it once), so a "fragment bomb" costs no more to measure than to read.
 */
import {
  Kind,
  Lexer,
  Source,
  TokenKind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface DocumentShape {
  /** Deepest nesting of field selections, fragments expanded (a top-level field is depth 1); introspection counts 1. */
  depth: number;
  /** Fields written with an alias, fragments counted once per use. */
  aliases: number;
  /** Operations in the document. */
  operations: number;
}

interface Shape {
  depth: number;
  aliases: number;
}

/** Apollo keeps one parsed document per query text: its shape is measured once. */
const shapes = new WeakMap<DocumentNode, DocumentShape>();

export function documentShape(document: DocumentNode): DocumentShape {
  let shape = shapes.get(document);
  if (!shape) shapes.set(document, (shape = measureShape(document)));
  return shape;
}

function measureShape(document: DocumentNode): DocumentShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, Shape>();
  const inProgress = new Set<string>();

  // Fragment cycles are invalid GraphQL, but limits may be measured before validation: a spread
  // of a fragment being measured counts as empty, so the walk ends where the cycle closes.
  const fragmentShape = (name: string): Shape => {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return { depth: 0, aliases: 0 };
    inProgress.add(name);
    const shape = selectionShape(fragment.selectionSet, new Set());
    inProgress.delete(name);
    memo.set(name, shape);
    return shape;
  };

  const selectionShape = (selection: SelectionSetNode | undefined, spread: Set<string>): Shape => {
    const shape: Shape = { depth: 0, aliases: 0 };
    if (!selection) return shape;
    for (const s of selection.selections) {
      let inner: Shape;
      if (s.kind === Kind.FIELD) {
        const child = selectionShape(s.selectionSet, new Set());
        // Introspection (__schema, __type) nests as deep as type references do (the explorer's
        // query: 15 levels); it is bounded by the schema, and priced by cost instead.
        const depth = s.name.value.startsWith('__') ? 1 : child.depth + 1;
        inner = { depth, aliases: child.aliases + (s.alias ? 1 : 0) };
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        inner = selectionShape(s.selectionSet, spread);
      } else {
        if (spread.has(s.name.value)) continue;
        spread.add(s.name.value);
        inner = fragmentShape(s.name.value);
      }
      shape.depth = Math.max(shape.depth, inner.depth);
      shape.aliases += inner.aliases;
    }
    return shape;
  };

  let depth = 0;
  let aliases = 0;
  let operations = 0;
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    operations += 1;
    const shape = selectionShape(d.selectionSet, new Set());
    depth = Math.max(depth, shape.depth);
    aliases += shape.aliases;
  }
  return { depth, aliases, operations };
}

export interface SourceShape {
  /** UTF-8 bytes of the document text. */
  bytes: number;
  /** Lexical tokens as the parser counts them (comments excluded); counting stops past `maxTokens`. */
  tokens: number;
}

/**
 * Size and tokens of a document's text, read before it is parsed. Counting stops one token
 * past `maxTokens`, so a huge document costs no more than a document at the limit; text the
 * lexer cannot read stops the count too (the parser then reports the syntax error).
 */
export function sourceShape(source: string, maxTokens: number): SourceShape {
  const bytes = Buffer.byteLength(source, 'utf8');
  let tokens = 0;
  try {
    const lexer = new Lexer(new Source(source));
    while (tokens <= maxTokens && lexer.advance().kind !== TokenKind.EOF) tokens += 1;
  } catch {
    // A syntax error: the parser reports it.
  }
  return { bytes, tokens };
}
