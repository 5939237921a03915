/**
 * Value-chain relatedness between NACE codes: which trade classes sell what an industry makes, which
 * industries supply which with materials and components, which equip which with machinery, and which
 * services serve which (data/taxonomy/value-chain.json). Every link
 * reads one way: `from` provides something to the industry of `to`. A link stated at a division or group
 * holds for every code below it, on either side. Pure: the links arrive as plain objects.
 */
import { AppError } from './errors.ts';

/** What the value chain needs of the taxonomy: an interface, since engine/taxonomy.ts builds its value chain with itself. */
export interface CodeTree {
  nace(code: string): { level: number } | undefined;
  /** Section … class, as far as the code goes. */
  path(code: string): string[];
}

/**
 * In order of precedence: when two equally specific links join a pair, the earlier kind is the one given.
 * At most four: the index keeps a pair's links as one bit per kind and direction in a byte.
 */
export const VALUE_CHAIN_KINDS = ['sells', 'supplies', 'equips', 'serves'] as const;
export type ValueChainKind = (typeof VALUE_CHAIN_KINDS)[number];

export const VALUE_CHAIN_BASES = ['class-title', 'curated'] as const;
export type ValueChainBasis = (typeof VALUE_CHAIN_BASES)[number];

export interface ValueChainLink {
  /** The provider: the trade class, supplier industry, equipment maker or service industry. */
  from: string;
  /** The customer industry: the one whose goods are sold, or which uses the output, the equipment or the service. */
  to: string;
  /** sells: a trade sells what `to` makes; supplies: a material or component of `to`'s; equips: machinery or equipment `to` works with; serves: a service for `to`. */
  kind: ValueChainKind;
  basis: ValueChainBasis;
  /** class-title: the word(s) both official English titles contain, several separated by "; ". */
  evidence?: string;
  /** curated: one sentence saying what the relation is and where it comes from. */
  reason?: string;
  /** The kind the link was first stated with, when it was changed by its own reason (curated links only). */
  reclassifiedFrom?: ValueChainKind;
}

/** Trade (NACE section G: divisions 45, 46, 47): only a trade sells goods in this model, and distributing them is its business. */
export function isTrade(path: readonly string[]): boolean {
  return path[0] === 'G';
}

export class ValueChain {
  private readonly links: readonly ValueChainLink[];
  /** from → to → links of that pair, in kind order: the lookup of linkBetween. */
  private readonly byPair = new Map<string, Map<string, ValueChainLink[]>>();
  private readonly byFrom = new Map<string, ValueChainLink[]>();
  private readonly byTo = new Map<string, ValueChainLink[]>();

  constructor(
    links: readonly ValueChainLink[],
    private readonly taxonomy: CodeTree,
  ) {
    links.forEach((link, index) => this.check(link, index));
    this.links = links;
    for (const link of links) {
      let inner = this.byPair.get(link.from);
      if (!inner) this.byPair.set(link.from, (inner = new Map()));
      const pair = inner.get(link.to) ?? [];
      if (pair.some((other) => other.kind === link.kind)) throw this.invalid(link, links.indexOf(link), 'states the same (from, to, kind) twice');
      pair.push(link);
      pair.sort((a, b) => kindRank(a) - kindRank(b));
      inner.set(link.to, pair);
      push(this.byFrom, link.from, link);
      push(this.byTo, link.to, link);
    }
  }

  private check(link: ValueChainLink, index: number): void {
    for (const side of ['from', 'to'] as const) {
      const code = link[side];
      const node = typeof code === 'string' ? this.taxonomy.nace(code) : undefined;
      if (!node) throw this.invalid(link, index, `${side} is no NACE code`);
      if (node.level < 2) throw this.invalid(link, index, `${side} is a section; state a division, group or class`);
    }
    if (link.from === link.to) throw this.invalid(link, index, 'links a code to itself');
    if (!VALUE_CHAIN_KINDS.includes(link.kind)) throw this.invalid(link, index, `kind must be one of ${VALUE_CHAIN_KINDS.join(', ')}`);
    if (!VALUE_CHAIN_BASES.includes(link.basis)) throw this.invalid(link, index, `basis must be one of ${VALUE_CHAIN_BASES.join(', ')}`);
    if (link.kind === 'sells' && !isTrade(this.taxonomy.path(link.from))) throw this.invalid(link, index, 'only a trade code (45, 46, 47) sells');
    if (link.basis === 'class-title' && !link.evidence?.trim()) throw this.invalid(link, index, 'a class-title link needs its evidence');
    if (link.basis === 'curated' && !link.reason?.trim()) throw this.invalid(link, index, 'a curated link needs its reason');
    if (link.reclassifiedFrom !== undefined && (link.basis !== 'curated' || !VALUE_CHAIN_KINDS.includes(link.reclassifiedFrom) || link.reclassifiedFrom === link.kind)) {
      throw this.invalid(link, index, 'reclassifiedFrom names another kind, on a curated link');
    }
  }

  private invalid(link: ValueChainLink, index: number, problem: string): AppError {
    return new AppError('internal', `value-chain link #${index} (${String(link.from)} → ${String(link.to)}, ${String(link.kind)}) ${problem}`);
  }

  get size(): number {
    return this.links.length;
  }

  all(): readonly ValueChainLink[] {
    return this.links;
  }

  /**
   * The link by which an industry `providerCode` provides to an industry `customerCode`, or null. Codes
   * may be classes, groups or divisions; a link holds for the codes below its own on either side, so a
   * coarse code matches only links stated at it or above it. The most specific link wins (the deeper the
   * two stated codes together, the more specific), then the kind order sells, supplies, equips, serves, then the
   * deeper customer side. A code is not linked to itself. O(depth²) map lookups, no allocation.
   */
  linkBetween(providerCode: string, customerCode: string): ValueChainLink | null {
    if (providerCode === customerCode) return null;
    const providerPath = this.taxonomy.path(providerCode);
    const customerPath = this.taxonomy.path(customerCode);
    let best: ValueChainLink | null = null;
    let bestScore = -1;
    // Index 0 is the section, where no link is stated.
    for (let i = providerPath.length - 1; i >= 1; i--) {
      const inner = this.byPair.get(providerPath[i]!);
      if (!inner) continue;
      for (let j = customerPath.length - 1; j >= 1; j--) {
        const pair = inner.get(customerPath[j]!);
        if (!pair) continue;
        const link = pair[0]!;
        const score = (i + j) * 100 + (VALUE_CHAIN_KINDS.length - kindRank(link)) * 10 + j;
        if (score > bestScore) {
          best = link;
          bestScore = score;
        }
      }
    }
    return best;
  }

  /** Links that hold for a provider of `code` (stated at it or above it), the most specific first. */
  linksFrom(code: string): ValueChainLink[] {
    return this.applying(code, this.byFrom, 'from');
  }

  /** Links that hold for a customer of `code` (stated at it or above it), the most specific first. */
  linksTo(code: string): ValueChainLink[] {
    return this.applying(code, this.byTo, 'to');
  }

  private applying(code: string, index: Map<string, ValueChainLink[]>, side: 'from' | 'to'): ValueChainLink[] {
    const other = side === 'from' ? 'to' : 'from';
    const out = this.taxonomy.path(code).flatMap((c) => index.get(c) ?? []);
    // The order linkBetween prefers: the deeper the two stated codes together, then the kind order.
    const depth = (l: ValueChainLink) => this.taxonomy.nace(l.from)!.level + this.taxonomy.nace(l.to)!.level;
    return out.sort((a, b) => depth(b) - depth(a) || kindRank(a) - kindRank(b) || a[other].localeCompare(b[other], 'en', { numeric: true }));
  }
}

function kindRank(link: ValueChainLink): number {
  return VALUE_CHAIN_KINDS.indexOf(link.kind);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
