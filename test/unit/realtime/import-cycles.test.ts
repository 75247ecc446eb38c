import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../support/load-vienna';

/**
 * Every relative import (type-only ones too: a type imported back is still a circle a reader has
 * to follow) between the modules of one folder, as a graph; a cycle in it is a module that needs
 * the module that wires it. server/realtime had one (the handlers imported their types back from
 * create-realtime.ts); the types now live in server/realtime/types.ts.
 */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    const targets: string[] = [];
    for (const match of source.matchAll(/^\s*(?:import|export)\b[^'";]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gmu)) {
      const target = path.relative(dir, path.resolve(dir, path.dirname(file), match[1]));
      if (!target.startsWith('..')) targets.push(`${target}.ts`);
    }
    graph.set(file, targets.filter((t) => files.includes(t)));
  }
  return graph;
}

/** The cycles of a graph, each as the path that closes it (depth-first search with colours). */
function cycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

describe('import cycles', () => {
  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['create-realtime.ts', ['room-handlers.ts', 'types.ts']],
      ['room-handlers.ts', ['create-realtime.ts']],
      ['types.ts', []],
    ]);
    expect(cycles(graph)).toEqual([['create-realtime.ts', 'room-handlers.ts', 'create-realtime.ts']]);
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', []]]))).toEqual([]);
  });

  it('reads type-only and re-export lines as imports', () => {
    const graph = importGraph(path.join(ROOT, 'server', 'realtime'));
    expect(graph.get('room-handlers.ts')).toContain('types.ts');
    expect(graph.get('create-realtime.ts')).toEqual(expect.arrayContaining(['types.ts', 'room-handlers.ts', 'control-handlers.ts', 'presence.ts', 'room-fanout.ts']));
  });

  it.each(['realtime', 'http', 'metrics', 'ops'])('server/%s has none', (folder) => {
    expect(cycles(importGraph(path.join(ROOT, 'server', folder)))).toEqual([]);
  });
});
