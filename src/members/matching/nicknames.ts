// Not nicknames.json: beside nicknames.ts, ts-node would resolve './nicknames' to it.
import data from './nickname-list.json';

/**
 * Whether two folded given names are the same name in its usual forms: "margaret" and "maggie",
 * "robert" and "bob", and two short forms of one name ("maggie" and "peggy"). The list is the
 * curated one described in nickname-list.NOTICE.md. Pure (the list is read once, at load).
 */
const groups = new Map<string, Set<string>>();

function addTo(name: string, group: string): void {
  let set = groups.get(name);
  if (!set) groups.set(name, (set = new Set()));
  set.add(group);
}

for (const [name, shortForms] of Object.entries(data.nicknames as Record<string, string[]>)) {
  addTo(name, name);
  for (const short of shortForms) addTo(short, name);
}

export function sameGivenName(a: string, b: string): boolean {
  if (a === b) return true;
  const ga = groups.get(a);
  const gb = groups.get(b);
  if (!ga || !gb) return false;
  for (const g of ga) if (gb.has(g)) return true;
  return false;
}

const shortForms = new Map(Object.entries(data.nicknames as Record<string, string[]>));

/**
 * Every form the matcher counts as the same given name: itself, the names it is a short form of,
 * and their short forms ("maggie" → maggie, margaret, peggy, meg, …, magdalena, lena, …).
 */
export function givenNameForms(name: string): string[] {
  const forms = new Set([name]);
  for (const g of groups.get(name) ?? []) {
    forms.add(g);
    for (const short of shortForms.get(g) ?? []) forms.add(short);
  }
  return [...forms];
}
