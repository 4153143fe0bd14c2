// Finds the nodes the connector model needs, in linear time. This replaces a tree-sitter query: the query
// cursor costs time proportional to a node's sibling count for every child it visits, so a flat ERROR node with
// tens of thousands of children (`New-ReceiveConnector @{(@{(…`) took seconds to minutes. Here two
// `descendantsOfType` calls walk the tree inside the wasm module (about ten times faster than a TreeCursor
// driven from JavaScript on a tree 100 000 levels deep), and the parent-dependent facts are read from the
// parents' child lists, never through `Node.parent` (which re-descends from the root: quadratic on deep trees).
import type { Node } from 'web-tree-sitter';

export type FoundKind = 'command' | 'assign' | 'param' | 'foreach' | 'function' | 'orphan';

export interface Found {
  kind: FoundKind;
  node: Node;
  /** For a command in a pipeline chain: the previous named sibling (the upstream stage). */
  previous?: { id: number; type: string };
  /** An ERROR node lies between this node (included) and the nearest enclosing unit (excluded). */
  insideError: boolean;
}

const SEARCHED = ['command', 'assignment_expression', 'ERROR', 'pipeline_chain', 'script_parameter', 'foreach_statement', 'function_statement'];

/** Direct children reported for a parent type. */
const CHILDREN: Record<string, { type: string; kind: FoundKind }> = {
  script_parameter: { type: 'variable', kind: 'param' },
  foreach_statement: { type: 'variable', kind: 'foreach' },
  function_statement: { type: 'function_name', kind: 'function' },
  ERROR: { type: 'command_name', kind: 'orphan' },
};

/**
 * Calls `visit` for each wanted node under `root` (included), in document order. `unitIds` are the ids of the
 * unit nodes (top-level statements): an ERROR unit does not make its own commands "inside an error".
 */
export function walkInteresting(root: Node, unitIds: ReadonlySet<number>, visit: (found: Found) => void): void {
  // ERROR is searched on its own: mixed with other types, descendantsOfType (0.25) returns only the ERROR nodes;
  // a tree without errors (hasError is kept by tree-sitter for every node) is not walked a second time for them.
  const errorNodes = root.hasError ? root.descendantsOfType('ERROR') : [];
  const nodes = [root, ...root.descendantsOfType(SEARCHED.filter((t) => t !== 'ERROR')), ...errorNodes]
    .filter((n): n is Node => n !== null && SEARCHED.includes(n.type))
    .sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex || (a.type === 'ERROR' ? -1 : b.type === 'ERROR' ? 1 : 0));
  const found: Found[] = [];
  const previous = new Map<number, { id: number; type: string }>();
  const errors: { end: number }[] = []; // enclosing ERROR nodes (document order keeps ancestors first)
  const seen = new Set<number>();
  for (const node of nodes) {
    if (seen.has(node.id)) continue;
    seen.add(node.id);
    const start = node.startIndex;
    while (errors.length > 0 && errors[errors.length - 1]!.end <= start) errors.pop();
    const type = node.type;
    if (type === 'ERROR' && !unitIds.has(node.id)) errors.push({ end: node.endIndex });
    const child = CHILDREN[type];
    if (child) {
      for (const c of node.namedChildren) {
        if (c?.type === child.type) found.push({ kind: child.kind, node: c, insideError: errors.length > 0 });
      }
    }
    if (type === 'pipeline_chain') {
      let prev: { id: number; type: string } | undefined;
      for (const c of node.namedChildren) {
        if (!c) continue;
        if (prev && c.type === 'command') previous.set(c.id, prev);
        prev = { id: c.id, type: c.type };
      }
    } else if (type === 'command') {
      found.push({ kind: 'command', node, previous: previous.get(node.id), insideError: errors.length > 0 });
    } else if (type === 'assignment_expression') {
      found.push({ kind: 'assign', node, insideError: errors.length > 0 });
    }
  }
  found.sort((a, b) => a.node.startIndex - b.node.startIndex);
  for (const f of found) visit(f);
}
