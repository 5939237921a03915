/** TEMPORARY stand-in until the value-chain data branch lands (same API). */
import type { Taxonomy } from './taxonomy.ts';

export const VALUE_CHAIN_KINDS = ['sells', 'supplies', 'serves'] as const;
export type ValueChainKind = (typeof VALUE_CHAIN_KINDS)[number];
export interface ValueChainLink { from: string; to: string; kind: ValueChainKind; basis: 'class-title' | 'curated'; evidence?: string; reason?: string }

export class ValueChain {
  private readonly byFrom = new Map<string, ValueChainLink[]>();
  constructor(links: ValueChainLink[], private readonly taxonomy: Taxonomy) {
    for (const l of links) {
      const list = this.byFrom.get(l.from) ?? [];
      list.push(l);
      this.byFrom.set(l.from, list);
    }
  }
  linkBetween(providerCode: string, customerCode: string): ValueChainLink | null {
    const pp = this.taxonomy.path(providerCode);
    const cp = new Set(this.taxonomy.path(customerCode));
    for (let i = pp.length - 1; i >= 0; i--) {
      for (const l of this.byFrom.get(pp[i]!) ?? []) if (cp.has(l.to)) return l;
    }
    return null;
  }
}
