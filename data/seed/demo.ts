/**
 * Deterministic demo companies: the same seed and count give the same companies on every machine
 * (pure-rand's xoroshiro128+). Companies sit in member cities and mostly in those cities' clusters, with
 * sizes, wishes and languages drawn from plausible distributions. Every one is flagged demo.
 */
import { Random } from '../../engine/random.ts';
import type { City, Company, CompanyIndustry, Wish } from '../../engine/model.ts';
import { sizeClassOf, type RevenueBand, type WishType } from '../../engine/cooperation.ts';
import type { Cluster, Taxonomy, WeightedCode } from '../../engine/taxonomy.ts';

const DE_PREFIX = ['Rhein', 'Main', 'Nord', 'Süd', 'West', 'Alpen', 'Taunus', 'Eifel', 'Ruhr', 'Elbe', 'Weser', 'Schwarzwald', 'Franken', 'Hansa', 'Spree', 'Neckar', 'Mosel', 'Harz', 'Saale', 'Isar'];
const DE_FAMILY = ['Becker', 'Hoffmann', 'Schäfer', 'Koch', 'Richter', 'Klein', 'Wolf', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler', 'Maier', 'Fuchs'];
const DE_FIRST = ['Anna', 'Jonas', 'Lena', 'Felix', 'Marie', 'Lukas', 'Sophie', 'Paul', 'Laura', 'Tim', 'Julia', 'Max'];
const DE_LEGAL = ['GmbH', 'GmbH & Co. KG', 'AG', 'KG', 'SE'];
const CN_SYLLABLES = [
  ['Hua', '华'], ['Xin', '鑫'], ['Tai', '泰'], ['Hong', '宏'], ['Sheng', '盛'], ['Da', '达'], ['Kang', '康'], ['Yuan', '远'],
  ['Heng', '恒'], ['Li', '立'], ['Jin', '金'], ['Rui', '瑞'], ['Feng', '丰'], ['Chuang', '创'], ['Tong', '通'], ['Wei', '伟'],
  ['Long', '隆'], ['Ming', '明'], ['Zhi', '智'], ['Bo', '博'],
] as const;
const CN_FAMILY = [['Wang', '王'], ['Li', '李'], ['Zhang', '张'], ['Liu', '刘'], ['Chen', '陈'], ['Yang', '杨'], ['Zhao', '赵'], ['Huang', '黄'], ['Zhou', '周'], ['Wu', '吴']] as const;
const CN_GIVEN = ['Wei', 'Fang', 'Lei', 'Jing', 'Yong', 'Min', 'Jun', 'Hui', 'Qiang', 'Yan'];

/** The typical wishes of each side, as the alliance's papers describe them (BFSU study, 004 L670). */
const DE_WISHES: [WishType, 'offer' | 'request', number][] = [
  ['distribution', 'request', 5], ['sourcing', 'request', 3], ['joint-venture', 'request', 2], ['licensing', 'offer', 3],
  ['joint-rnd', 'offer', 2], ['joint-rnd', 'request', 1], ['production', 'request', 2], ['investment', 'request', 1],
  ['training', 'offer', 1], ['settlement', 'request', 2], ['distribution', 'offer', 1], ['merger-acquisition', 'offer', 1],
];
const CN_WISHES: [WishType, 'offer' | 'request', number][] = [
  ['distribution', 'offer', 4], ['distribution', 'request', 3], ['production', 'offer', 4], ['licensing', 'request', 3],
  ['joint-rnd', 'request', 2], ['investment', 'offer', 2], ['joint-venture', 'request', 2], ['settlement', 'request', 2],
  ['training', 'request', 1], ['sourcing', 'request', 1], ['merger-acquisition', 'request', 1],
];

const REVENUE_BY_SIZE: Record<string, RevenueBand[]> = {
  micro: ['lt-2m'],
  small: ['lt-2m', '2m-10m'],
  medium: ['2m-10m', '10m-50m'],
  large: ['10m-50m', '50m-250m', 'gt-250m'],
};

export interface DemoOptions {
  count: number;
  seed?: number;
  now: string;
}

/** Member cities weigh by the square root of their population, so big cities get more but not all. */
function cityWeight(city: City): number {
  return Math.sqrt(city.keyData.population?.value ?? 500_000);
}

export function generateDemoCompanies(cities: City[], taxonomy: Taxonomy, options: DemoOptions): Company[] {
  return [...demoCompanyStream(cities, taxonomy, options)];
}

const HOST_STATUSES: ReadonlySet<string> = new Set(['member', 'network', 'guest', 'former']);

/** The same companies one at a time, for data too large to hold as objects (a million for benchmarks). */
export function* demoCompanyStream(cities: City[], taxonomy: Taxonomy, options: DemoOptions): Generator<Company> {
  const rnd = new Random(options.seed ?? 20160425);
  const clusters = taxonomy.clusters();
  // Demo companies sit in the places of the alliance's member lists: members, towns of member
  // networks, the guest Dortmund and the no-longer-listed Yunfu — the same places, in the same order,
  // as before the membership registry, so the demo data did not change with it.
  const hosts = cities.filter((c) => HOST_STATUSES.has(c.status.current) && c.kind !== 'city-network' && c.kind !== 'region');
  const reverseGbt = reverseGbtIndex(taxonomy);
  for (let i = 1; i <= options.count; i++) {
    const city = rnd.weighted(hosts, cityWeight);
    const own = city.clusters.map((c) => taxonomy.cluster(c.id)).filter((c): c is Cluster => !!c);
    const cluster = own.length && rnd.next() < 0.8 ? rnd.pick(own) : rnd.pick(clusters);
    const codes = pickCodes(rnd, taxonomy, cluster);
    const cn = city.country === 'CN';
    const industries: CompanyIndustry[] = codes.map((code) => {
      const gbt = cn && rnd.next() < 0.6 ? reverseGbt.get(code.slice(0, 2)) : undefined;
      return gbt
        ? { scheme: 'GBT4754', code: gbt.code, nace: gbt.nace }
        : { scheme: 'NACE', code, nace: [{ code, weight: 1 }] };
    });
    const employees = drawEmployees(rnd);
    const sizeClass = sizeClassOf(employees);
    const id = `demo-${String(i).padStart(6, '0')}`;
    const name = cn ? chineseName(rnd, city, cluster) : germanName(rnd, cluster);
    const wishes = drawWishes(rnd, cn, cluster, own);
    const cityName = city.name.en;
    const sizeLabel = { micro: ['Kleinst', 'micro', '微型'], small: ['Klein', 'small', '小型'], medium: ['mittelständisches', 'medium-sized', '中型'], large: ['Groß', 'large', '大型'] }[sizeClass];
    yield {
      id,
      name: name.latin,
      orgType: 'company',
      country: city.country,
      cityId: city.id,
      cityName,
      groupId: rnd.next() < 0.04 ? `demo-group-${rnd.int(1, Math.max(1, Math.floor(options.count / 50)))}` : null,
      size: { employees, sizeClass, revenueBand: rnd.pick(REVENUE_BY_SIZE[sizeClass]!) },
      foundedYear: cn ? rnd.int(1985, 2023) : rnd.int(1890, 2023),
      industries,
      industryText: cluster.names[cn ? 'zh' : 'de'],
      description: {
        de: `${name.latin}: ${sizeLabel[0] === 'mittelständisches' ? 'mittelständisches Unternehmen' : `${sizeLabel[0]}unternehmen`} aus ${city.name.de}, Branche ${cluster.names.de}.`,
        en: `${name.latin}: ${sizeLabel[1]} company in ${cityName}, ${cluster.names.en.toLowerCase()}.`,
        zh: `${name.native}：位于${city.name.zh ?? cityName}的${sizeLabel[2]}企业，行业：${cluster.names.zh}。`,
      },
      languages: cn ? (rnd.next() < 0.55 ? ['zh', 'en'] : ['zh']).concat(rnd.next() < 0.05 ? ['de'] : []) : ['de', 'en'].concat(rnd.next() < 0.1 ? ['zh'] : []),
      wishes,
      contact: {
        person: name.person,
        email: `info@${id}.example`,
      },
      facts: [],
      demo: true,
      provenance: ['demo'],
      fieldProvenance: {},
      createdAt: options.now,
      updatedAt: options.now,
    };
  }
}

/** Head counts: many micro and small firms, fewer medium, some large, as in both economies. */
function drawEmployees(rnd: Random): number {
  const r = rnd.next();
  if (r < 0.3) return rnd.int(1, 9);
  if (r < 0.65) return rnd.int(10, 49);
  if (r < 0.9) return rnd.int(50, 249);
  return Math.round(250 * Math.exp(rnd.next() * Math.log(200)));
}

/** One or two codes of the cluster, refined to a class where the cluster names a coarser code. */
function pickCodes(rnd: Random, taxonomy: Taxonomy, cluster: Cluster): string[] {
  const first = refine(rnd, taxonomy, rnd.weighted(cluster.nace, (c: WeightedCode) => c.weight).code);
  if (cluster.nace.length > 1 && rnd.next() < 0.35) {
    const second = refine(rnd, taxonomy, rnd.weighted(cluster.nace, (c: WeightedCode) => c.weight).code);
    if (second !== first) return [first, second];
  }
  return [first];
}

function refine(rnd: Random, taxonomy: Taxonomy, code: string): string {
  let current = code;
  for (let node = taxonomy.nace(current); node && node.level < 4; node = taxonomy.nace(current)) {
    const children = taxonomy.children(current);
    if (!children.length) break;
    current = rnd.pick(children).code;
  }
  return current;
}

/** For each NACE division, the GB/T division that maps to it most strongly. */
function reverseGbtIndex(taxonomy: Taxonomy) {
  const best = new Map<string, { code: string; nace: WeightedCode[]; weight: number }>();
  for (const g of taxonomy.allGbt()) {
    if (g.level !== 'division') continue;
    for (const t of g.nace) {
      const division = taxonomy.ancestorAt(t.code, 2);
      if (!division) continue;
      const current = best.get(division);
      if (!current || t.weight > current.weight) best.set(division, { code: g.code, nace: g.nace, weight: t.weight });
    }
  }
  return best;
}

function drawWishes(rnd: Random, cn: boolean, cluster: Cluster, own: Cluster[]): Wish[] {
  const table = cn ? CN_WISHES : DE_WISHES;
  const count = rnd.int(1, 3);
  const wishes: Wish[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < count; k++) {
    const [type, direction] = rnd.weighted(table, (w) => w[2]);
    if (seen.has(`${type}:${direction}`)) continue;
    seen.add(`${type}:${direction}`);
    const related = [cluster.id, ...cluster.related.filter(() => rnd.next() < 0.3)];
    if (own.length && rnd.next() < 0.2) related.push(rnd.pick(own).id);
    wishes.push({
      direction,
      type,
      clusters: [...new Set(related)],
      targetCountry: cn ? 'DE' : 'CN',
      description: {},
      provenance: 'demo',
    });
  }
  return wishes;
}

const PRODUCT: Record<string, [string, string, string]> = {
  'intelligent-manufacturing': ['Fertigungstechnik', 'Smart Manufacturing', '智能制造'],
  robotics: ['Robotik', 'Robotics', '机器人'],
  'mechanical-engineering': ['Maschinenbau', 'Machinery', '机械'],
  'new-energy-vehicles': ['E-Mobility', 'New Energy Vehicle', '新能源汽车'],
  automotive: ['Fahrzeugteile', 'Auto Parts', '汽车零部件'],
  batteries: ['Batterietechnik', 'Battery', '电池'],
  hydrogen: ['Wasserstofftechnik', 'Hydrogen', '氢能'],
  energy: ['Energietechnik', 'Energy', '能源'],
  'medical-technology': ['Medizintechnik', 'Medical Devices', '医疗器械'],
  biomedicine: ['Biopharma', 'Biopharmaceutical', '生物医药'],
  'artificial-intelligence': ['KI-Systeme', 'AI', '人工智能'],
  'information-technology': ['Software', 'Information Technology', '信息技术'],
  electronics: ['Elektronik', 'Electronics', '电子'],
  chemicals: ['Chemie', 'Chemical', '化工'],
  petrochemicals: ['Petrochemie', 'Petrochemical', '石化'],
  'metal-processing': ['Metallbau', 'Metal Products', '金属制品'],
  'new-materials': ['Werkstofftechnik', 'Advanced Materials', '新材料'],
  food: ['Lebensmittel', 'Food', '食品'],
  furniture: ['Möbelwerke', 'Furniture', '家具'],
  textiles: ['Textil', 'Textile', '纺织'],
  'home-appliances': ['Hausgeräte', 'Home Appliance', '电器'],
  logistics: ['Logistik', 'Logistics', '物流'],
  'rail-transport': ['Bahntechnik', 'Rail Transit Equipment', '轨道交通装备'],
  aerospace: ['Luftfahrttechnik', 'Aerospace', '航空'],
  shipbuilding: ['Schiffstechnik', 'Marine Engineering', '船舶'],
  'building-materials': ['Baustoffe', 'Building Materials', '建材'],
  'energy-efficient-building': ['Gebäudetechnik', 'Green Building', '绿色建筑'],
  'environmental-technology': ['Umwelttechnik', 'Environmental Technology', '环保科技'],
  lighting: ['Lichttechnik', 'Lighting', '照明'],
  'plastics-moulds': ['Kunststofftechnik', 'Plastics & Moulds', '塑料模具'],
  'consumer-goods': ['Konsumgüter', 'Consumer Products', '日用品'],
  'trade-ecommerce': ['Handelshaus', 'Trading', '贸易'],
  'vocational-training': ['Bildungswerk', 'Education', '教育科技'],
  tourism: ['Touristik', 'Tourism', '文旅'],
  'professional-services': ['Beratung', 'Consulting', '咨询'],
};

function productWords(cluster: Cluster): [string, string, string] {
  return PRODUCT[cluster.id] ?? [cluster.names.de, cluster.names.en, cluster.names.zh];
}

function germanName(rnd: Random, cluster: Cluster) {
  const family = rnd.pick(DE_FAMILY);
  const [de] = productWords(cluster);
  const latin = rnd.next() < 0.5 ? `${rnd.pick(DE_PREFIX)} ${de} ${rnd.pick(DE_LEGAL)}` : `${family} ${de} ${rnd.pick(DE_LEGAL)}`;
  return { latin, native: latin, person: `${rnd.pick(DE_FIRST)} ${rnd.pick(DE_FAMILY)}` };
}

function chineseName(rnd: Random, city: City, cluster: Cluster) {
  const a = rnd.pick(CN_SYLLABLES);
  const b = rnd.pick(CN_SYLLABLES);
  const [, en, zh] = productWords(cluster);
  const cityZh = (city.name.zh ?? '').replace(/市$/, '');
  const family = rnd.pick(CN_FAMILY);
  return {
    latin: `${city.name.en.replace(/ \(.*\)$/, '').replace(/ District$/, '')} ${a[0]}${b[0].toLowerCase()} ${en} Co., Ltd.`,
    native: `${cityZh}${a[1]}${b[1]}${zh}有限公司`,
    person: `${family[0]} ${rnd.pick(CN_GIVEN)} (${family[1]})`,
  };
}
