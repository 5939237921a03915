/**
 * Roles in the value chain: which partner answers a wish of each type, and at what credit. A trade
 * distributes, a supplier sources and produces, the maker of what a trader sells supplies the trader, a
 * service trains, researches and licenses; a partner whose
 * industry plays the role answers even unasked, at a share. score.ts's reference and the index's kernel
 * and bounds all ask these rules, so they agree.
 */
import { MUTUAL_OFFERS, type WishType } from '../cooperation.ts';
import { VALUE_CHAIN_KINDS, type ValueChainKind } from '../valueChain.ts';

/**
 * The role a provider's industry plays for a requester's along the value chain: the kind of a link from
 * the provider's code to the requester's (it sells the requester's goods, supplies, equips or serves its
 * industry), or 'makes', a link of kind sells the other way: the provider makes what the requester sells.
 */
export const CHAIN_ROLES = [...VALUE_CHAIN_KINDS, 'makes'] as const;
export type ChainRole = (typeof CHAIN_ROLES)[number];

/**
 * Which roles in the value chain make a partner's offer fit a request of each type, the partner being the
 * provider: a request for distribution is answered by a trade that sells the requester's goods; one for
 * sourcing or production by an industry that supplies the requester's with materials or components; a
 * trade's request for sourcing also by the makers of the goods it sells (a trader seeks goods to sell,
 * not inputs); one for training, research or licences by a service the requester's industry uses.
 * Capital and site wishes have no chain: their fit is the clusters'.
 *
 * Left out, as measured on bench:quality: a trader's request for production (goods made to its order)
 * answered by the makers only lifted an appliance retailer into an appliance group's acquisition search
 * (0.658 → 0.595). A maker of the machinery the requester's industry works with (equips) answers no
 * request: no wish type asks for machinery. Sourcing and production seek inputs and capacity (a
 * machine-tool builder is no source of castings), and a licence is for a design or process of the
 * licensor's own trade (a pump maker licenses no chemical process: with equips answering licences, the
 * chemical-process licence search fell from 0.510 to 0.465, the robotics one from 0.580 to 0.528). The
 * link still makes the two industries close (score.ts codeSimilarity).
 */
export const CHAIN_ROLES_FOR_REQUEST: Record<WishType, readonly ChainRole[]> = {
  distribution: ['sells'],
  sourcing: ['supplies', 'makes'],
  production: ['supplies'],
  training: ['serves'],
  'joint-rnd': ['serves'],
  licensing: ['serves'],
  investment: [],
  'merger-acquisition': [],
  'joint-venture': [],
  settlement: [],
};

// An offer that meets another (MUTUAL_OFFERS) is fitted by clusters alone: the index counts no value chain for it.
for (const [type, others] of Object.entries(MUTUAL_OFFERS) as [WishType, readonly WishType[]][]) {
  for (const t of [type, ...others]) if (others.length && CHAIN_ROLES_FOR_REQUEST[t].length) throw new Error(`MUTUAL_OFFERS: ${t} draws on the value chain`);
}

/**
 * Distribution is a trade's business (NACE section G): a trade answers a request for distribution by its
 * clusters in full, a producer that offers to distribute goods of those clusters at this share.
 */
export const PRODUCER_DISTRIBUTION_CREDIT = 0.5;

/** The share at which a provider's cluster fit answers a request: PRODUCER_DISTRIBUTION_CREDIT for a producer asked to distribute. */
export function clusterCreditFor(requestType: WishType, providerTrades: boolean): number {
  return requestType === 'distribution' && !providerTrades ? PRODUCER_DISTRIBUTION_CREDIT : 1;
}

/**
 * A partner whose industry plays the role a request needs (a trade that sells the requester's goods, a
 * supplier of its industry, a service it uses) but who has stated no wish that meets the request still
 * answers it, at this share of the chain's fit: its business implies the offer; a stated one counts more.
 */
export const IMPLIED_ROLE_CREDIT = 0.5;

/**
 * A service answers the requests of its own kind only: training comes from education (NACE 85), joint
 * research and licences from research and development (72) and engineering (71.12), which develop and
 * license designs and processes; architecture (71.11) and technical testing (71.20) do neither. A
 * 'serves' link from elsewhere (a freight forwarder serving wholesalers) answers none of them. Codes
 * name a division, group or class: a provider code at or below one answers.
 */
export const SERVICES_FOR_REQUEST: Partial<Record<WishType, readonly string[]>> = {
  training: ['85'],
  'joint-rnd': ['71.12', '72'],
  licensing: ['71.12', '72'],
};

/**
 * A trade's request for sourcing and a producer's request for distribution meet: the trader seeks goods
 * to sell, the producer someone to sell its goods. A producer that seeks sourcing wants inputs, not goods
 * to sell; a trade that seeks distribution has no goods of its own.
 */
export function tradeRequestsMeet(requestType: WishType, requesterTrades: boolean, otherType: WishType, otherTrades: boolean): boolean {
  return (requestType === 'distribution' && !requesterTrades && otherType === 'sourcing' && otherTrades) || (requestType === 'sourcing' && requesterTrades && otherType === 'distribution' && !otherTrades);
}

/**
 * The role by which a provider's code answers a request of this type through a requester's code, given
 * the value-chain link each way between them (ValueChain.linkBetween's kind, null for none): the
 * provider's own link first, then the requester's ('makes'); null when neither answers.
 */
export function chainRoleFor(type: WishType, providerLink: ValueChainKind | null, requesterLink: ValueChainKind | null, providerCode: string): ChainRole | null {
  const roles = CHAIN_ROLES_FOR_REQUEST[type];
  if (providerLink !== null && roles.includes(providerLink) && (providerLink !== 'serves' || (SERVICES_FOR_REQUEST[type] ?? []).some((code) => providerCode === code || providerCode.startsWith(`${code}.`)))) return providerLink;
  return requesterLink === 'sells' && roles.includes('makes') ? 'makes' : null;
}

/** A chain link's fit as it counts: in full where the partner stated a wish that meets the request, else at IMPLIED_ROLE_CREDIT. */
export function creditedChainFit(linked: number, stated: boolean): number {
  return stated ? linked : linked * IMPLIED_ROLE_CREDIT;
}
